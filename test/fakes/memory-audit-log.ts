import { randomUUID } from 'node:crypto';
import { chainHash, GENESIS_HASH } from '../../src/adapters/audit/audit-chain';
import { redact } from '../../src/adapters/log/redact';
import { type AuditEvent, type AuditRecord } from '../../src/domain/audit/audit-event';
import { type AuditLog } from '../../src/ports/audit-log';

/** The audit trail in memory, chained and redacted exactly like the real one. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditRecord[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  async append(event: AuditEvent): Promise<AuditRecord> {
    const previous = this.entries[this.entries.length - 1];
    const content = {
      ...(redact(event) as AuditEvent),
      seq: this.entries.length + 1,
      eventId: randomUUID(),
      ts: this.now().toISOString(),
      botVersion: 'test',
      prevHash: previous?.hash ?? GENESIS_HASH,
    };
    const record = { ...content, hash: chainHash(content) };
    this.entries.push(record);
    return record;
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const last = this.entries[this.entries.length - 1];
    return last && { seq: last.seq, hash: last.hash };
  }

  async *records(): AsyncIterable<AuditRecord> {
    yield* this.entries;
  }

  ofType(type: AuditEvent['eventType']): AuditRecord[] {
    return this.entries.filter((e) => e.eventType === type);
  }
}
