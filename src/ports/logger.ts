export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Structured logging. Implementations redact secrets (tokens, passwords, client state) by key and
 * by shape, so a careless field never leaks one.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (a correlation id, a request id) to every line. */
  child(fields: LogFields): Logger;
}
