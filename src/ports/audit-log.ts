import { type AuditEvent, type AuditRecord } from '../domain/audit/audit-event';

/**
 * The append-only, hash-chained audit trail (SPEC section 6). Appends are serialised into one
 * chain even with several writers; nothing is ever updated or deleted.
 */
export interface AuditLog {
  append(event: AuditEvent): Promise<AuditRecord>;
  /** Every record in chain order, for `audit verify` and `audit export`. */
  records(): AsyncIterable<AuditRecord>;
}
