import { type TableClient, type TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { type AuditEvent, type AuditRecord } from '../../domain/audit/audit-event';
import { DomainError } from '../../domain/errors';
import { type AuditLog } from '../../ports/audit-log';
import { type Clock } from '../../ports/clock';
import { redact } from '../log/redact';
import { backOff, readRow } from '../storage/table-compare-and-swap';
import { isLostRace, tableGuarded, toStoreUnavailable } from '../storage/table-guarded';
import { jsonProperties, parseJsonProperties } from '../storage/table-json-properties';
import { rowsStartingWith } from '../storage/table-keys';
import { chainHash, GENESIS_HASH } from './audit-chain';

const PARTITION = 'audit';
const HEAD = 'head';
const recordKey = (seq: number): string => `rec|${String(seq).padStart(12, '0')}`;

/** One transaction: up to 99 records and the head, well inside the 4 MiB payload limit. */
const MAX_GROUP = 99;
const MAX_GROUP_CHARS = 2_000_000;
const MAX_ATTEMPTS = 200;

interface Pending {
  readonly event: AuditEvent;
  readonly resolve: (record: AuditRecord) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The audit trail on Azure Table Storage: one partition, a row per record (keyed by its place
 * in the chain) and a head row naming the last one. An append is one transaction that creates
 * the next records and moves the head, conditional on the head's ETag: of two instances
 * appending at once, one wins and the other re-reads the head and chains after it, so the trail
 * stays a single chain with no gaps or forks. Appends waiting in this process go out together
 * (group commit), which keeps the race rare and the trail fast. Events pass the log redactor.
 *
 * Table Storage cannot refuse updates to written rows the way SQLite's triggers do; the hash
 * chain (and the anchors logged outside the store) show any change.
 */
export class TableAuditLog implements AuditLog {
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly table: TableClient,
    private readonly clock: Clock,
    private readonly botVersion: string,
  ) {}

  append(event: AuditEvent): Promise<AuditRecord> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event: redact(event) as AuditEvent, resolve, reject });
      this.kick();
    });
  }

  /** Resolves once every append made so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    return tableGuarded('read the audit head', async () => {
      const row = await readRow(this.table, PARTITION, HEAD);
      return row ? { seq: Number(row.seq), hash: String(row.hash) } : undefined;
    });
  }

  async *records(): AsyncIterable<AuditRecord> {
    const rows = this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: rowsStartingWith(PARTITION, 'rec|') },
    });
    try {
      for await (const row of rows) {
        // The columns are authoritative for the chain fields; the body carries the event itself.
        yield {
          ...parseJsonProperties<AuditRecord>(row, 'body')!,
          seq: Number(row.seq),
          eventId: String(row.eventId),
          ts: String(row.ts),
          prevHash: String(row.prevHash),
          hash: String(row.hash),
        };
      }
    } catch (error) {
      throw toStoreUnavailable('read the audit trail', error);
    }
  }

  /** One drain at a time; an append that arrives as it ends starts the next. */
  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      try {
        const records = await tableGuarded('append to the audit trail', () =>
          this.commit(group.map((p) => p.event)),
        );
        group.forEach((pending, i) => pending.resolve(records[i]!));
      } catch (error) {
        group.forEach((pending) => pending.reject(error));
      }
    }
  }

  private takeGroup(): Pending[] {
    let chars = 0;
    let count = 0;
    while (count < Math.min(MAX_GROUP, this.queue.length)) {
      chars += JSON.stringify(this.queue[count]!.event).length;
      if (count > 0 && chars > MAX_GROUP_CHARS) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** Chains `events` after the current head and writes them with the head in one transaction. */
  private async commit(events: readonly AuditEvent[]): Promise<AuditRecord[]> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const head = await readRow(this.table, PARTITION, HEAD);
      let seq = head ? Number(head.seq) : 0;
      let prevHash = head ? String(head.hash) : GENESIS_HASH;
      const records = events.map((event) => {
        const content: Omit<AuditRecord, 'hash'> = {
          ...event,
          seq: ++seq,
          eventId: randomUUID(),
          ts: this.clock.now().toISOString(),
          botVersion: this.botVersion,
          prevHash,
        };
        const record: AuditRecord = { ...content, hash: chainHash(content) };
        prevHash = record.hash;
        return record;
      });
      const last = records.at(-1)!;
      const headRow = { partitionKey: PARTITION, rowKey: HEAD, seq: last.seq, hash: last.hash };
      const actions: TransactionAction[] = [
        ...records.map((r): TransactionAction => ['create', recordRow(r)]),
        head ? ['update', headRow, 'Replace', { etag: head.etag }] : ['create', headRow],
      ];
      try {
        await this.table.submitTransaction(actions);
        return records;
      } catch (error) {
        if (!isLostRace(error)) throw error;
        await backOff(attempt);
      }
    }
    throw new DomainError(
      'STORE_UNAVAILABLE',
      {},
      { detail: `the audit head kept moving (${MAX_ATTEMPTS} attempts)` },
    );
  }
}

function recordRow(record: AuditRecord): Record<string, unknown> & {
  partitionKey: string;
  rowKey: string;
} {
  const { hash, ...content } = record;
  return {
    partitionKey: PARTITION,
    rowKey: recordKey(record.seq),
    seq: record.seq,
    eventId: record.eventId,
    ts: record.ts,
    prevHash: record.prevHash,
    hash,
    ...jsonProperties('body', content),
  };
}
