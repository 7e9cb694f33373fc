import { type ObjectId } from '../../domain/user-ref';
import { type KnownState } from '../../domain/watcher/watched-user';
import { guarded, type SqliteDatabase } from './sqlite-database';

type StateRow = {
  user_id: string;
  account_enabled: number;
  observed_at: string;
  pending: number;
};

/**
 * The watcher's baseline on SQLite (`watcher_baseline`): what it last knew of each account. A
 * transition is one conditional UPDATE on every field, so of two instances that saw the same
 * change only one moves it. A full delta round never overwrites a pending row: its work (a
 * revocation, an alert) is not finished, and overwriting it would lose that work.
 */
export class SqliteWatcherBaseline {
  constructor(private readonly db: SqliteDatabase) {}

  get(userId: ObjectId): KnownState | undefined {
    return guarded('read a known state', () => {
      const row = this.db
        .prepare('SELECT * FROM watcher_baseline WHERE user_id = ?')
        .get(userId) as StateRow | undefined;
      return row && toState(row);
    });
  }

  record(states: readonly KnownState[]): void {
    guarded('record the baseline', () => {
      const upsert = this.db.prepare(
        `INSERT INTO watcher_baseline (user_id, account_enabled, observed_at, pending)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET account_enabled = excluded.account_enabled,
           observed_at = excluded.observed_at, pending = excluded.pending
         WHERE watcher_baseline.pending = 0`,
      );
      this.db
        .transaction(() => {
          for (const s of states)
            upsert.run(s.userId, s.accountEnabled ? 1 : 0, s.observedAt, s.pending ? 1 : 0);
        })
        .immediate();
    });
  }

  transition(expected: KnownState | undefined, next: KnownState): boolean {
    assertSameUser(expected, next);
    return guarded('move a known state', () => {
      const result = expected
        ? this.db
            .prepare(
              `UPDATE watcher_baseline SET account_enabled = ?, observed_at = ?, pending = ?
               WHERE user_id = ? AND account_enabled = ? AND observed_at = ? AND pending = ?`,
            )
            .run(
              next.accountEnabled ? 1 : 0,
              next.observedAt,
              next.pending ? 1 : 0,
              next.userId,
              expected.accountEnabled ? 1 : 0,
              expected.observedAt,
              expected.pending ? 1 : 0,
            )
        : this.db
            .prepare(
              `INSERT OR IGNORE INTO watcher_baseline (user_id, account_enabled, observed_at, pending)
               VALUES (?, ?, ?, ?)`,
            )
            .run(next.userId, next.accountEnabled ? 1 : 0, next.observedAt, next.pending ? 1 : 0);
      return result.changes === 1;
    });
  }
}

/** A baseline transition is about one user; anything else is a bug in the caller. */
function assertSameUser(expected: KnownState | undefined, next: KnownState): void {
  if (expected && expected.userId !== next.userId)
    throw new Error(
      `transitionState must move one user's state (expected ${expected.userId}, next ${next.userId})`,
    );
}

const toState = (row: StateRow): KnownState => ({
  userId: row.user_id as ObjectId,
  accountEnabled: row.account_enabled === 1,
  observedAt: row.observed_at,
  pending: row.pending === 1,
});
