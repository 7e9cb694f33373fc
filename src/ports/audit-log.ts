import { type AuditEvent, type AuditRecord } from '../domain/audit/audit-event';

/**
 * The append-only, hash-chained audit trail (SPEC section 6). Appends are serialised into one
 * chain even with several writers; nothing is ever updated or deleted.
 */
export interface AuditLog {
  append(event: AuditEvent): Promise<AuditRecord>;
  /** The newest record's place in the chain, to log as an anchor outside the store. */
  head(): Promise<{ readonly seq: number; readonly hash: string } | undefined>;
  /** Every record in chain order, for `audit verify` and `audit export`. */
  records(): AsyncIterable<AuditRecord>;
}
