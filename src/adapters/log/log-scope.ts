import { AsyncLocalStorage } from 'node:async_hooks';
import { type LogFields } from '../../ports/logger';

/**
 * Fields every log line carries while one piece of work runs (an HTTP request, the turn it
 * starts, and the background work that turn kicks off), wherever the line is written: the
 * use cases, the Teams notifier and the libraries log through loggers built once at start, so a
 * per-turn `log.child` could not reach them. One store per process, by necessity: it holds no
 * shared value, only what each asynchronous call chain put into it.
 */
const scope = new AsyncLocalStorage<LogFields>();

/** Runs `work` with `fields` added to every line logged inside it (inner scopes add to outer). */
export function withLogFields<T>(fields: LogFields, work: () => T): T {
  return scope.run({ ...scope.getStore(), ...defined(fields) }, work);
}

/** The fields of the scope the caller runs in; empty outside any. */
export function scopedLogFields(): LogFields {
  return scope.getStore() ?? {};
}

function defined(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
