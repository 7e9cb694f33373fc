import { type CallLog, type CallRecord } from './graph-simulator';

interface Waiter {
  predicate: (call: CallRecord) => boolean;
  resolve: (call: CallRecord) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Every Graph request the simulator received, rejected ones included, so tests can prove what
 * Lockdown did and did not touch. Passwords never enter it: bodies are redacted on the way in.
 */
export class CallRecorder implements CallLog {
  private records: CallRecord[] = [];
  private seq = 0;
  private readonly waiters = new Set<Waiter>();

  record(call: Omit<CallRecord, 'seq' | 'body'> & { body?: unknown }): CallRecord {
    this.seq += 1;
    const { body, ...rest } = call;
    const record: CallRecord = {
      seq: this.seq,
      ...rest,
      ...(body === undefined ? {} : { body: redactPasswords(body) }),
    };
    this.records.push(record);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(record)) this.settle(waiter, () => waiter.resolve(record));
    }
    return record;
  }

  all(): CallRecord[] {
    return structuredClone(this.records);
  }

  mutations(): CallRecord[] {
    return this.all().filter((call) => call.method !== 'GET' && call.applied);
  }

  clear(): void {
    this.records = [];
  }

  waitFor(predicate: (call: CallRecord) => boolean, timeoutMs: number): Promise<CallRecord> {
    const existing = this.records.find(predicate);
    if (existing !== undefined) return Promise.resolve(structuredClone(existing));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (call) => resolve(structuredClone(call)),
        reject,
        timer: setTimeout(() => {
          this.settle(waiter, () =>
            reject(new Error(`No matching Graph call within ${timeoutMs} ms`)),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects pending waits (the simulator is closing). */
  close(): void {
    for (const waiter of [...this.waiters]) {
      this.settle(waiter, () => waiter.reject(new Error('Graph simulator closed')));
    }
  }

  private settle(waiter: Waiter, action: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    action();
  }
}

/** A deep copy with every `password` value (any depth, any casing) replaced. */
export function redactPasswords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPasswords);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key.toLowerCase() === 'password' ? '[redacted]' : redactPasswords(inner),
    ]),
  );
}
