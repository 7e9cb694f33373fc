import { type TableClient, type TransactionAction } from '@azure/data-tables';
import { type ObjectId } from '../../domain/user-ref';
import { type HintSource } from '../../domain/watcher/watched-user';
import { backOff, readRow, type StoredRow } from './table-compare-and-swap';
import { isLostRace, isNotFound, tableGuarded } from './table-guarded';
import { HINTS_PARTITION, slotKey, slotOf, slotProperties, type SlotHint } from './table-hint-slot';
import { inParallel } from './table-in-parallel';
import { isSafeKeyPart, key, rowsStartingWith, timeKey } from './table-keys';

const heldKey = (userId: string): string => key('held', userId);
/** Two rows per released user; Table Storage runs at most 100 operations per transaction. */
const RELEASE_BATCH = 50;
const MAX_ROUNDS = 20;

interface Held {
  readonly userId: ObjectId;
  readonly heldAt: string;
}

/**
 * Users whose transition arrived while the circuit breaker was open, on Table Storage: rows in
 * the hint queue's partition, so that releasing them into the queue is one transaction per 50
 * users that deletes their held rows and writes their hints together. A crash leaves each user
 * either held or queued, never neither.
 */
export class TableHeldUsers {
  constructor(
    private readonly table: TableClient,
    private readonly newHint: (userId: ObjectId, source: HintSource, at: Date) => SlotHint,
  ) {}

  async hold(userId: ObjectId, at: Date): Promise<void> {
    if (!isSafeKeyPart(userId)) return;
    await tableGuarded('hold a user', async () => {
      try {
        await this.table.createEntity({
          partitionKey: HINTS_PARTITION,
          rowKey: heldKey(userId),
          heldAt: timeKey(at.getTime()),
        });
      } catch (error) {
        if (!isLostRace(error)) throw error; // held already: the first time counts
      }
    });
  }

  async held(): Promise<ObjectId[]> {
    return tableGuarded('list held users', async () => (await this.rows()).map((h) => h.userId));
  }

  /** Every held user into the queue ('resync'); a user with a hint waiting keeps that one. */
  async release(now: Date): Promise<ObjectId[]> {
    return tableGuarded('release held users', async () => {
      const released: Held[] = [];
      for (let round = 1; round <= MAX_ROUNDS; round++) {
        const held = await this.rows();
        if (held.length === 0 || (await this.releaseAll(held, now, released))) break;
        await backOff(round);
      }
      return released.sort(byHeldAt).map((r) => r.userId);
    });
  }

  /** False when another instance got in the way: the caller reads again and carries on. */
  private async releaseAll(held: readonly Held[], now: Date, released: Held[]): Promise<boolean> {
    const slots = new Map<string, StoredRow | undefined>();
    await inParallel(held, 16, async (h) =>
      slots.set(h.userId, await readRow(this.table, HINTS_PARTITION, slotKey(h.userId))),
    );
    for (let at = 0; at < held.length; at += RELEASE_BATCH) {
      const chunk = held.slice(at, at + RELEASE_BATCH);
      try {
        await this.table.submitTransaction(
          chunk.flatMap((h) => this.releaseActions(h.userId, slots.get(h.userId), now)),
        );
        released.push(...chunk);
      } catch (error) {
        if (isLostRace(error) || isNotFound(error)) return false;
        throw error;
      }
    }
    return true;
  }

  private releaseActions(
    userId: ObjectId,
    row: StoredRow | undefined,
    now: Date,
  ): TransactionAction[] {
    const unhold: TransactionAction = [
      'delete',
      { partitionKey: HINTS_PARTITION, rowKey: heldKey(userId) },
    ];
    const slot = slotOf(row);
    if (slot.waiting) return [unhold];
    const entity = {
      partitionKey: HINTS_PARTITION,
      rowKey: slotKey(userId),
      ...slotProperties({ ...slot, waiting: this.newHint(userId, 'resync', now) }),
    };
    return [unhold, row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity]];
  }

  private async rows(): Promise<Held[]> {
    const rows: Held[] = [];
    const query = { queryOptions: { filter: rowsStartingWith(HINTS_PARTITION, heldKey('')) } };
    for await (const row of this.table.listEntities<{ heldAt: string }>(query))
      rows.push({ userId: row.rowKey!.slice(heldKey('').length) as ObjectId, heldAt: row.heldAt });
    return rows.sort(byHeldAt);
  }
}

const byHeldAt = (a: Held, b: Held): number =>
  a.heldAt === b.heldAt ? (a.userId < b.userId ? -1 : 1) : a.heldAt < b.heldAt ? -1 : 1;
