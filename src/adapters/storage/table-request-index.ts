import { odata, type TableClient } from '@azure/data-tables';
import { type RequestStatus } from '../../domain/revocation/revocation-request';
import { rowsStartingWith } from './table-keys';
import { activeKey, REQUESTS_PARTITION, targetPrefix } from './table-request-rows';

interface IndexRow {
  readonly requestId: string;
  readonly status: string;
  readonly createdAt: string;
}

/** Request ids in the order a list wants them, a page at a time (bodies are read after). */
export type IdPages = AsyncIterable<readonly string[]>;

/**
 * Reads the requests table's index rows. Each answers one list shape with a range read of one
 * partition: newest first (optionally by status), the active requests, or one target's
 * requests. A filter never names more than a handful of values (Table Storage allows 15).
 */
export class TableRequestIndex {
  constructor(private readonly table: TableClient) {}

  /** Newest first, of the given statuses (any when empty). */
  async *newestFirst(statuses: readonly RequestStatus[], pageSize: number): IdPages {
    const byStatus = statuses.map((s) => odata`status eq ${s}`).join(' or ');
    const filter = rowsStartingWith(REQUESTS_PARTITION, 'time|');
    yield* this.pages(byStatus ? `${filter} and (${byStatus})` : filter, pageSize);
  }

  /** One target's requests, newest first. */
  async *forTarget(targetId: string, pageSize: number): IdPages {
    yield* this.pages(rowsStartingWith(REQUESTS_PARTITION, targetPrefix(targetId)), pageSize);
  }

  /**
   * Opened, approved and running requests with their status and creation time: a short list,
   * read whole (sorting is up to the caller).
   */
  async active(): Promise<IndexRow[]> {
    const rows: IndexRow[] = [];
    const filter = rowsStartingWith(REQUESTS_PARTITION, activeKey(''));
    for await (const row of this.table.listEntities<IndexRow>({
      queryOptions: { filter, select: ['requestId', 'status', 'createdAt'] },
    }))
      rows.push(row);
    return rows;
  }

  private async *pages(filter: string, pageSize: number): IdPages {
    const pages = this.table
      .listEntities<IndexRow>({ queryOptions: { filter, select: ['requestId'] } })
      .byPage({ maxPageSize: Math.min(1_000, Math.max(20, pageSize)) });
    for await (const page of pages) yield page.map((row) => row.requestId);
  }
}
