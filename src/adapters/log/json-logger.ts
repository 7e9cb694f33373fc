import { type LogFields, type Logger, type LogLevel } from '../../ports/logger';
import { scopedLogFields } from './log-scope';
import { redact, redactText } from './redact';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  readonly level: LogLevel;
  /** Where lines go; standard output by default. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * One JSON object per line, secrets redacted by key and by shape. A line carries its own
 * fields, the logger's bound fields, and last the fields of the scope it was logged in
 * (log-scope.ts: the correlation id of the request or turn); the more specific wins.
 */
export class JsonLogger implements Logger {
  private readonly write: (line: string) => void;
  private readonly now: () => Date;

  constructor(
    private readonly options: JsonLoggerOptions,
    private readonly bound: LogFields = {},
  ) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = options.now ?? (() => new Date());
  }

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(
      { ...this.options, write: this.write, now: this.now },
      { ...this.bound, ...fields },
    );
  }

  private log(level: LogLevel, message: string, fields?: LogFields): void {
    if (RANK[level] < RANK[this.options.level]) return;
    const record = {
      time: this.now().toISOString(),
      level,
      msg: redactText(message),
      ...(redact({
        ...this.bound,
        ...fields,
        ...unnamed(scopedLogFields(), this.bound, fields),
      }) as object),
    };
    this.write(JSON.stringify(record));
  }
}

/** The scope's fields that the line and the logger do not name themselves. */
function unnamed(scope: LogFields, ...named: Array<LogFields | undefined>): LogFields {
  return Object.fromEntries(
    Object.entries(scope).filter(([key]) => !named.some((fields) => fields && key in fields)),
  );
}
