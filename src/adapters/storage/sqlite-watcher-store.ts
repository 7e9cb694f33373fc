import { type ObjectId } from '../../domain/user-ref';
import { type BreakerState } from '../../domain/watcher/circuit-breaker';
import {
  type HintSource,
  type KnownState,
  type RevokedUser,
} from '../../domain/watcher/watched-user';
import { type SubscriptionRecord } from '../../ports/directory-changes';
import { type QueuedHint, type WatcherStore } from '../../ports/watcher-store';
import { guarded, type SqliteDatabase } from './sqlite-database';
import { SqliteHintQueue } from './sqlite-hint-queue';
import { SqliteRevokedUsers } from './sqlite-revoked-users';
import { SqliteWatcherSettings } from './sqlite-watcher-settings';

type StateRow = { user_id: string; account_enabled: number; observed_at: string };

/**
 * The watcher's state on SQLite (migration 2), on the same database as the requests. Writes that
 * decide something (a baseline transition, the breaker, a snap-back report, a hint claim) are one
 * guarded statement, so the first of two instances wins and the other sees `false`.
 */
export class SqliteWatcherStore implements WatcherStore {
  private readonly settings: SqliteWatcherSettings;
  private readonly hints: SqliteHintQueue;
  private readonly revoked: SqliteRevokedUsers;

  constructor(private readonly db: SqliteDatabase) {
    this.settings = new SqliteWatcherSettings(db);
    this.hints = new SqliteHintQueue(db);
    this.revoked = new SqliteRevokedUsers(db);
  }

  async knownState(userId: ObjectId): Promise<KnownState | undefined> {
    return guarded('read a known state', () => {
      const row = this.db
        .prepare('SELECT * FROM watcher_baseline WHERE user_id = ?')
        .get(userId) as StateRow | undefined;
      return row && toState(row);
    });
  }

  async recordStates(states: readonly KnownState[]): Promise<void> {
    guarded('record the baseline', () => {
      const upsert = this.db.prepare(
        `INSERT INTO watcher_baseline (user_id, account_enabled, observed_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET
           account_enabled = excluded.account_enabled, observed_at = excluded.observed_at`,
      );
      this.db
        .transaction(() => {
          for (const s of states) upsert.run(s.userId, s.accountEnabled ? 1 : 0, s.observedAt);
        })
        .immediate();
    });
  }

  async transitionState(expected: KnownState | undefined, next: KnownState): Promise<boolean> {
    assertSameUser(expected, next);
    return guarded('move a known state', () => {
      const enabled = next.accountEnabled ? 1 : 0;
      const result = expected
        ? this.db
            .prepare(
              `UPDATE watcher_baseline SET account_enabled = ?, observed_at = ?
               WHERE user_id = ? AND account_enabled = ? AND observed_at = ?`,
            )
            .run(
              enabled,
              next.observedAt,
              next.userId,
              expected.accountEnabled ? 1 : 0,
              expected.observedAt,
            )
        : this.db
            .prepare(
              'INSERT OR IGNORE INTO watcher_baseline (user_id, account_enabled, observed_at) VALUES (?, ?, ?)',
            )
            .run(next.userId, enabled, next.observedAt);
      return result.changes === 1;
    });
  }

  async deltaLink(): Promise<string | undefined> {
    return this.settings.deltaLink();
  }

  async setDeltaLink(link: string | undefined): Promise<void> {
    this.settings.setDeltaLink(link);
  }

  async subscription(): Promise<SubscriptionRecord | undefined> {
    return this.settings.subscription();
  }

  async setSubscription(subscription: SubscriptionRecord | undefined): Promise<void> {
    this.settings.setSubscription(subscription);
  }

  async enqueue(
    hints: ReadonlyArray<{ readonly userId: ObjectId; readonly source: HintSource }>,
    receivedAt: Date,
  ): Promise<number> {
    return this.hints.enqueue(hints, receivedAt);
  }

  async claimHints(
    owner: string,
    limit: number,
    now: Date,
    leaseUntil: Date,
  ): Promise<QueuedHint[]> {
    return this.hints.claim(owner, limit, now, leaseUntil);
  }

  async completeHint(id: string): Promise<void> {
    this.hints.complete(id);
  }

  async retryHint(id: string, notBefore: Date): Promise<void> {
    this.hints.retry(id, notBefore);
  }

  async pendingHints(): Promise<number> {
    return this.hints.pending();
  }

  /** Idempotent per request and user: a pipeline run twice counts once against the breaker. */
  async recordAutoRevocation(userId: ObjectId, requestId: string, at: Date): Promise<void> {
    guarded('record an automatic revocation', () =>
      this.db
        .prepare(
          'INSERT OR IGNORE INTO watcher_auto_revocations (request_id, user_id, at_ms) VALUES (?, ?, ?)',
        )
        .run(requestId, userId, at.getTime()),
    );
  }

  async autoRevocationsSince(since: Date): Promise<number> {
    return guarded('count automatic revocations', () => {
      const row = this.db
        .prepare('SELECT count(*) AS n FROM watcher_auto_revocations WHERE at_ms >= ?')
        .get(since.getTime()) as { n: number };
      return row.n;
    });
  }

  async breaker(): Promise<BreakerState> {
    return this.settings.breaker();
  }

  async updateBreaker(next: BreakerState): Promise<boolean> {
    return this.settings.updateBreaker(next);
  }

  async hold(userId: ObjectId, at: Date): Promise<void> {
    guarded('hold a user', () =>
      this.db
        .prepare('INSERT OR IGNORE INTO watcher_held (user_id, held_at_ms) VALUES (?, ?)')
        .run(userId, at.getTime()),
    );
  }

  async held(): Promise<ObjectId[]> {
    return guarded('list held users', () =>
      (
        this.db
          .prepare('SELECT user_id FROM watcher_held ORDER BY held_at_ms, user_id')
          .all() as Array<{ user_id: string }>
      ).map((row) => row.user_id as ObjectId),
    );
  }

  async releaseHeld(): Promise<ObjectId[]> {
    return guarded('release held users', () =>
      (
        this.db.prepare('DELETE FROM watcher_held RETURNING user_id, held_at_ms').all() as Array<{
          user_id: string;
          held_at_ms: number;
        }>
      )
        .sort((a, b) => a.held_at_ms - b.held_at_ms || (a.user_id < b.user_id ? -1 : 1))
        .map((row) => row.user_id as ObjectId),
    );
  }

  async revokedUser(userId: ObjectId): Promise<RevokedUser | undefined> {
    return this.revoked.get(userId);
  }

  async recordRevoked(user: RevokedUser): Promise<void> {
    this.revoked.record(user);
  }

  async revokedUserBySnapBackToken(token: string): Promise<RevokedUser | undefined> {
    return this.revoked.bySnapBackToken(token);
  }

  async markSnapBack(userId: ObjectId, at: Date, token: string): Promise<boolean> {
    return this.revoked.markSnapBack(userId, at, token);
  }

  async clearSnapBack(userId: ObjectId): Promise<void> {
    this.revoked.clearSnapBack(userId);
  }

  async swapRedisable(
    userId: ObjectId,
    expected: string | null,
    next: string | null,
  ): Promise<boolean> {
    return this.revoked.swapRedisable(userId, expected, next);
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
});
