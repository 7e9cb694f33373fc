import { type ObjectId } from '../../domain/user-ref';
import { type HintSource } from '../../domain/watcher/watched-user';
import { type QueuedHint } from '../../ports/watcher-store';
import { guarded, type SqliteDatabase } from './sqlite-database';

type HintRow = {
  id: number;
  user_id: string;
  source: string;
  received_at: string;
  attempts: number;
};

/**
 * The watcher's queue of hints on SQLite (migration 2, `watcher_hints`). Every decision is made
 * by SQLite in one statement or one IMMEDIATE transaction, so two instances on one file can never
 * both take a hint: a partial unique index keeps one waiting hint per user, and a claim takes
 * only hints whose lease is free or lapsed.
 */
export class SqliteHintQueue {
  constructor(private readonly db: SqliteDatabase) {}

  enqueue(
    hints: ReadonlyArray<{ readonly userId: ObjectId; readonly source: HintSource }>,
    receivedAt: Date,
  ): number {
    return guarded('queue hints', () => {
      const insert = this.db.prepare(
        `INSERT OR IGNORE INTO watcher_hints (user_id, source, status, received_at, attempts, not_before_ms)
         VALUES (?, ?, 'pending', ?, 0, ?)`,
      );
      const at = receivedAt.toISOString();
      return this.db
        .transaction(() =>
          hints.reduce(
            (added, h) => added + insert.run(h.userId, h.source, at, receivedAt.getTime()).changes,
            0,
          ),
        )
        .immediate();
    });
  }

  claim(owner: string, limit: number, now: Date, leaseUntil: Date): QueuedHint[] {
    const count = Math.floor(limit);
    if (!(count > 0)) return [];
    return guarded('claim hints', () => {
      const rows = this.db
        .prepare(
          `UPDATE watcher_hints
           SET status = 'leased', lease_owner = :owner, lease_until_ms = :leaseUntil,
             attempts = attempts + 1
           WHERE id IN (
             SELECT h.id FROM watcher_hints AS h
             WHERE h.not_before_ms <= :now AND (h.status = 'pending' OR h.lease_until_ms <= :now)
               -- one hint per user at a time, across instances: never two workers on one user
               AND NOT EXISTS (SELECT 1 FROM watcher_hints AS o WHERE o.user_id = h.user_id
                 AND o.status = 'leased' AND o.lease_until_ms > :now)
               AND h.id = (SELECT min(x.id) FROM watcher_hints AS x WHERE x.user_id = h.user_id
                 AND x.not_before_ms <= :now AND (x.status = 'pending' OR x.lease_until_ms <= :now))
             ORDER BY h.received_at, h.id LIMIT :count)
           RETURNING id, user_id, source, received_at, attempts`,
        )
        .all({
          owner,
          leaseUntil: leaseUntil.getTime(),
          now: now.getTime(),
          count,
        }) as HintRow[];
      // RETURNING does not promise an order.
      return rows.sort(oldestFirst).map(toHint);
    });
  }

  /** Held users back into the queue in one transaction, so a crash never loses one. */
  releaseHeld(now: Date): ObjectId[] {
    return guarded('release held users', () =>
      this.db
        .transaction(() => {
          const released = (
            this.db
              .prepare('DELETE FROM watcher_held RETURNING user_id, held_at_ms')
              .all() as Array<{
              user_id: string;
              held_at_ms: number;
            }>
          )
            .sort((a, b) => a.held_at_ms - b.held_at_ms || (a.user_id < b.user_id ? -1 : 1))
            .map((row) => row.user_id as ObjectId);
          const insert = this.db.prepare(
            `INSERT OR IGNORE INTO watcher_hints (user_id, source, status, received_at, attempts, not_before_ms)
             VALUES (?, 'resync', 'pending', ?, 0, ?)`,
          );
          for (const userId of released) insert.run(userId, now.toISOString(), now.getTime());
          return released;
        })
        .immediate(),
    );
  }

  complete(id: string): void {
    const rowId = toRowId(id);
    if (rowId === undefined) return;
    guarded('complete a hint', () =>
      this.db.prepare('DELETE FROM watcher_hints WHERE id = ?').run(rowId),
    );
  }

  /**
   * Puts a hint back in the queue. If a newer hint for the same user is already waiting, the two
   * become one: the earlier receivedAt (its place in line), the larger attempts (a hint that keeps
   * failing cannot shed its count) and the later notBefore (Graph asked us to wait).
   */
  retry(id: string, notBefore: Date): void {
    const rowId = toRowId(id);
    if (rowId === undefined) return;
    guarded('retry a hint', () =>
      this.db
        .transaction(() => {
          const merged = this.db
            .prepare(
              `UPDATE watcher_hints AS w SET
                 received_at = min(w.received_at, r.received_at),
                 attempts = max(w.attempts, r.attempts),
                 not_before_ms = max(w.not_before_ms, ?)
               FROM watcher_hints AS r
               WHERE r.id = ? AND w.user_id = r.user_id AND w.status = 'pending' AND w.id <> r.id`,
            )
            .run(notBefore.getTime(), rowId);
          if (merged.changes > 0) {
            this.db.prepare('DELETE FROM watcher_hints WHERE id = ?').run(rowId);
            return;
          }
          this.db
            .prepare(
              `UPDATE watcher_hints SET status = 'pending', lease_owner = NULL, lease_until_ms = NULL,
               not_before_ms = ? WHERE id = ?`,
            )
            .run(notBefore.getTime(), rowId);
        })
        .immediate(),
    );
  }

  pending(): number {
    return guarded(
      'count hints',
      () => (this.db.prepare('SELECT count(*) AS n FROM watcher_hints').get() as { n: number }).n,
    );
  }
}

const oldestFirst = (a: HintRow, b: HintRow): number =>
  a.received_at === b.received_at ? a.id - b.id : a.received_at < b.received_at ? -1 : 1;

const toHint = (row: HintRow): QueuedHint => ({
  id: String(row.id),
  userId: row.user_id as ObjectId,
  source: row.source as HintSource,
  receivedAt: row.received_at,
  attempts: row.attempts,
});

/** Hint ids are the row's integer id as text; anything else names no hint. */
function toRowId(id: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) return undefined;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : undefined;
}
