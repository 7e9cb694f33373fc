import { type TableClient } from '@azure/data-tables';
import { randomBytes } from 'node:crypto';
import { type ObjectId } from '../../domain/user-ref';
import { type HintSource } from '../../domain/watcher/watched-user';
import { type QueuedHint } from '../../ports/watcher-store';
import { compareAndSwap, type StoredRow } from './table-compare-and-swap';
import { isLostRace, isNotFound, tableGuarded } from './table-guarded';
import { TableHeldUsers } from './table-held-users';
import {
  claimable,
  completed,
  countHints,
  hintId,
  HINTS_PARTITION,
  isEmpty,
  leased,
  oldestFirst,
  retried,
  slotKey,
  slotOf,
  slotProperties,
  toQueuedHint,
  userOfHintId,
  type HintSlot,
  type SlotHint,
} from './table-hint-slot';
import { inParallel } from './table-in-parallel';
import { isSafeKeyPart, rowsStartingWith } from './table-keys';

const CLAIM_ROUNDS = 5;

interface SlotRow {
  readonly userId: ObjectId;
  readonly row: StoredRow;
  readonly slot: HintSlot;
}

/**
 * The watcher's hint queue on Table Storage: one row per user with hints (table-hint-slot.ts),
 * changed only by compare-and-swap on its ETag. A claim reads the slots, picks the oldest due
 * hints (one per user, none for a user whose lease is live) and leases each with a conditional
 * write; a hint another instance took in between is skipped, so no hint goes to two workers.
 */
export class TableHintQueue {
  private readonly instance = randomBytes(3).toString('hex');
  private counter = 0;
  /** Users held while the circuit breaker is open; released into this queue. */
  readonly held: TableHeldUsers;

  constructor(private readonly table: TableClient) {
    this.held = new TableHeldUsers(table, (userId, source, at) => this.newHint(userId, source, at));
  }

  async enqueue(
    hints: ReadonlyArray<{ readonly userId: ObjectId; readonly source: HintSource }>,
    receivedAt: Date,
  ): Promise<number> {
    const firsts = new Map<ObjectId, HintSource>();
    for (const h of hints)
      if (isSafeKeyPart(h.userId) && !firsts.has(h.userId)) firsts.set(h.userId, h.source);
    // Ids are stamped in input order before anything runs in parallel: ties sort as queued.
    const entries = [...firsts].map(([userId, source]) => ({
      userId,
      hint: this.newHint(userId, source, receivedAt),
    }));
    const added = await inParallel(entries, 16, ({ userId, hint }) =>
      compareAndSwap(
        this.table,
        HINTS_PARTITION,
        slotKey(userId),
        (current) => {
          const slot = slotOf(current);
          return slot.waiting
            ? { result: 0 }
            : { write: slotProperties({ ...slot, waiting: hint }), result: 1 };
        },
        'queue hints',
      ),
    );
    return added.reduce((a, b) => a + b, 0);
  }

  async claim(owner: string, limit: number, now: Date, leaseUntil: Date): Promise<QueuedHint[]> {
    const count = Math.floor(limit);
    if (!(count > 0)) return [];
    return tableGuarded('claim hints', async () => {
      const taken: Array<{ userId: ObjectId; hint: SlotHint }> = [];
      for (let round = 0; round < CLAIM_ROUNDS && taken.length < count; round++) {
        const due = (await this.slots())
          .map((s) => ({ ...s, hint: claimable(s.slot, now.getTime()) }))
          .filter((s): s is SlotRow & { hint: SlotHint } => s.hint !== undefined)
          .sort((a, b) => oldestFirst(a.hint, b.hint));
        const picks = pick(due, count - taken.length, round);
        const won = await inParallel(picks, 16, (pick) =>
          this.lease(pick, owner, leaseUntil.getTime()),
        );
        taken.push(...won.filter((t) => t !== undefined));
        // Every pick won: there is nothing more to take. A lost one may leave others behind.
        if (won.every((t) => t !== undefined)) break;
      }
      return taken
        .sort((a, b) => oldestFirst(a.hint, b.hint))
        .map((t) => toQueuedHint(t.userId, t.hint));
    });
  }

  async complete(id: string): Promise<void> {
    await this.change(id, 'complete a hint', (slot) => completed(slot, id));
  }

  async retry(id: string, notBefore: Date): Promise<void> {
    await this.change(id, 'retry a hint', (slot) => retried(slot, id, notBefore.getTime()));
  }

  async pending(): Promise<number> {
    return tableGuarded('count hints', async () =>
      (await this.slots()).reduce((n, s) => n + countHints(s.slot), 0),
    );
  }

  private async lease(pick: SlotRow & { hint: SlotHint }, owner: string, until: number) {
    const slot = leased(pick.slot, pick.hint, owner, until);
    const entity = {
      partitionKey: HINTS_PARTITION,
      rowKey: slotKey(pick.userId),
      ...slotProperties(slot),
    };
    try {
      await this.table.updateEntity(entity, 'Replace', { etag: pick.row.etag });
      return { userId: pick.userId, hint: slot.leased! };
    } catch (error) {
      if (isLostRace(error) || isNotFound(error)) return undefined; // another worker took it
      throw error;
    }
  }

  /** Applies `change` to the slot the hint id names; unknown ids and hints change nothing. */
  private async change(
    id: string,
    what: string,
    change: (slot: HintSlot) => HintSlot | undefined,
  ): Promise<void> {
    const userId = userOfHintId(id);
    if (!userId) return;
    await compareAndSwap(
      this.table,
      HINTS_PARTITION,
      slotKey(userId),
      (current) => {
        const next = current && change(slotOf(current));
        if (!next) return { result: undefined };
        return { write: isEmpty(next) ? 'delete' : slotProperties(next), result: undefined };
      },
      what,
    );
  }

  private async slots(): Promise<SlotRow[]> {
    const slots: SlotRow[] = [];
    const query = { queryOptions: { filter: rowsStartingWith(HINTS_PARTITION, slotKey('')) } };
    for await (const row of this.table.listEntities<Record<string, unknown>>(query))
      slots.push({
        userId: row.rowKey!.slice(slotKey('').length) as ObjectId,
        row,
        slot: slotOf(row),
      });
    return slots;
  }

  private newHint(userId: ObjectId, source: HintSource, receivedAt: Date): SlotHint {
    this.counter = (this.counter + 1) % 36 ** 4;
    const stamp = `${Date.now().toString(36).padStart(9, '0')}${this.counter.toString(36).padStart(4, '0')}${this.instance}`;
    return {
      id: hintId(stamp, userId),
      source,
      receivedAt: receivedAt.toISOString(),
      attempts: 0,
      notBefore: receivedAt.getTime(),
    };
  }
}

/**
 * The hints to try for: the oldest first. After a lost race, instances that all went for the
 * same oldest hints would keep colliding, so later rounds pick at random among the oldest few:
 * under contention the order is approximate anyway, and every claimer gets work.
 */
function pick<T>(due: readonly T[], wanted: number, round: number): T[] {
  if (round === 0) return due.slice(0, wanted);
  const window = due.slice(0, wanted * 4);
  for (let i = window.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [window[i], window[j]] = [window[j]!, window[i]!];
  }
  return window.slice(0, wanted);
}
