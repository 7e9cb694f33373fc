import { randomUUID } from 'node:crypto';
import { type AuditEvent, type AuditRecord } from '../../domain/audit/audit-event';
import { type AuditLog } from '../../ports/audit-log';
import { type Clock } from '../../ports/clock';
import { redact } from '../log/redact';
import { guarded, type SqliteDatabase } from '../storage/sqlite-database';
import { chainHash, GENESIS_HASH } from './audit-chain';

interface AuditRow {
  seq: number;
  event_id: string;
  ts: string;
  body: string;
  prev_hash: string;
  hash: string;
}

/**
 * The audit trail in SQLite: appends in one immediate transaction (read the head, insert the
 * next link), so the chain has no forks; triggers refuse UPDATE and DELETE. Events pass through
 * the log redactor first, so a secret that slipped into an event never reaches the trail.
 */
export class SqliteAuditLog implements AuditLog {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    private readonly botVersion: string,
  ) {}

  async append(event: AuditEvent): Promise<AuditRecord> {
    return guarded('append to the audit trail', () =>
      this.db
        .transaction(() => {
          const head = this.db
            .prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')
            .get() as { seq: number; hash: string } | undefined;
          const content: Omit<AuditRecord, 'hash'> = {
            ...(redact(event) as AuditEvent),
            seq: (head?.seq ?? 0) + 1,
            eventId: randomUUID(),
            ts: this.clock.now().toISOString(),
            botVersion: this.botVersion,
            prevHash: head?.hash ?? GENESIS_HASH,
          };
          const record: AuditRecord = { ...content, hash: chainHash(content) };
          this.db
            .prepare(
              'INSERT INTO audit (seq, event_id, ts, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)',
            )
            .run(
              record.seq,
              record.eventId,
              record.ts,
              JSON.stringify(content),
              record.prevHash,
              record.hash,
            );
          return record;
        })
        .immediate(),
    );
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    return guarded(
      'read the audit head',
      () =>
        this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined,
    );
  }

  async *records(): AsyncIterable<AuditRecord> {
    const statement = this.db.prepare(
      'SELECT seq, event_id, ts, body, prev_hash, hash FROM audit ORDER BY seq',
    );
    for (const row of statement.iterate() as IterableIterator<AuditRow>) {
      // The columns are authoritative for the chain fields; the body carries the event itself.
      yield {
        ...(JSON.parse(row.body) as AuditRecord),
        seq: row.seq,
        eventId: row.event_id,
        ts: row.ts,
        prevHash: row.prev_hash,
        hash: row.hash,
      };
    }
  }
}
