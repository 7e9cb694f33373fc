import { type TokenCredential } from '@azure/identity';
import { type AuditLog } from '../../ports/audit-log';
import { type Clock } from '../../ports/clock';
import { type RequestStore } from '../../ports/request-store';
import { type WatcherStore } from '../../ports/watcher-store';

/** The durable store behind Lockdown's three storage ports, however it is kept. */
export interface LockdownStore {
  readonly requests: RequestStore;
  readonly audit: AuditLog;
  readonly watch: WatcherStore;
  /** Throws when the store cannot be used (for /readyz). */
  probe(): Promise<void>;
  /** Finishes pending writes and lets go of the store. */
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly clock: Clock;
  /** Written into every audit record. */
  readonly botVersion: string;
  /** Lockdown's Azure identity, made only when the table store is reached by account URL. */
  readonly credential: () => TokenCredential;
}
