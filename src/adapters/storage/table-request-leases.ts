import { odata, type TableClient } from '@azure/data-tables';
import { type RequestId } from '../../domain/revocation/request-id';
import { compareAndSwap } from './table-compare-and-swap';
import { tableGuarded } from './table-guarded';
import { isSafeKeyPart, timeKey } from './table-keys';
import { LEASES_PARTITION } from './table-request-rows';

/**
 * Run leases on Table Storage: one row per request in `leases`, taken or renewed only by
 * compare-and-swap on its ETag, so of two instances claiming together one wins and the other
 * sees the winner's lease (threat-model R12). A released lease is deleted.
 */
export class TableRequestLeases {
  constructor(private readonly table: TableClient) {}

  async claim(requestId: RequestId, owner: string, until: Date, now: Date): Promise<boolean> {
    if (!isSafeKeyPart(requestId)) return false;
    return compareAndSwap(
      this.table,
      LEASES_PARTITION,
      requestId,
      (current) => {
        const heldByOther =
          current !== undefined &&
          current.owner !== owner &&
          String(current.until) > timeKey(now.getTime());
        return heldByOther
          ? { result: false }
          : { write: { owner, until: timeKey(until.getTime()) }, result: true };
      },
      'claim a lease',
    );
  }

  async release(requestId: RequestId, owner: string): Promise<void> {
    if (!isSafeKeyPart(requestId)) return;
    await compareAndSwap(
      this.table,
      LEASES_PARTITION,
      requestId,
      (current) => ({
        write: current?.owner === owner ? ('delete' as const) : undefined,
        result: undefined,
      }),
      'release a lease',
    );
  }

  /** Requests whose lease has not lapsed at `now`. */
  async held(now: Date): Promise<Set<string>> {
    return tableGuarded('read the leases', async () => {
      const held = new Set<string>();
      const rows = this.table.listEntities<{ until: string }>({
        queryOptions: {
          filter: odata`PartitionKey eq ${LEASES_PARTITION} and until gt ${timeKey(now.getTime())}`,
          select: ['RowKey'],
        },
      });
      for await (const row of rows) held.add(row.rowKey!);
      return held;
    });
  }
}
