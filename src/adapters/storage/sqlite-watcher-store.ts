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
import { SqliteWatcherBaseline } from './sqlite-watcher-baseline';
import { SqliteWatcherSettings } from './sqlite-watcher-settings';

/**
 * The watcher's state on SQLite (migration 2), on the same database as the requests. Writes that
 * decide something (a baseline transition, the breaker, a snap-back report, a hint claim) are one
 * guarded statement, so the first of two instances wins and the other sees `false`.
 */
export class SqliteWatcherStore implements WatcherStore {
  private readonly settings: SqliteWatcherSettings;
  private readonly hints: SqliteHintQueue;
  private readonly revoked: SqliteRevokedUsers;
  private readonly baseline: SqliteWatcherBaseline;

  constructor(private readonly db: SqliteDatabase) {
    this.baseline = new SqliteWatcherBaseline(db);
    this.settings = new SqliteWatcherSettings(db);
    this.hints = new SqliteHintQueue(db);
    this.revoked = new SqliteRevokedUsers(db);
  }

  async knownState(userId: ObjectId): Promise<KnownState | undefined> {
    return this.baseline.get(userId);
  }

  async recordStates(states: readonly KnownState[]): Promise<void> {
    this.baseline.record(states);
  }

  async transitionState(expected: KnownState | undefined, next: KnownState): Promise<boolean> {
    return this.baseline.transition(expected, next);
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

  async releaseHeld(now: Date): Promise<ObjectId[]> {
    return this.hints.releaseHeld(now);
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
