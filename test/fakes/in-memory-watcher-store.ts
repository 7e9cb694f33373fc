import { DomainError } from '../../src/domain/errors';
import { type ObjectId } from '../../src/domain/user-ref';
import { type BreakerState, CLOSED_BREAKER } from '../../src/domain/watcher/circuit-breaker';
import {
  type HintSource,
  type KnownState,
  type RevokedUser,
} from '../../src/domain/watcher/watched-user';
import { type SubscriptionRecord } from '../../src/ports/directory-changes';
import { type QueuedHint, type WatcherStore } from '../../src/ports/watcher-store';

interface HintRow {
  readonly id: number;
  readonly userId: ObjectId;
  readonly source: HintSource;
  receivedAt: string;
  attempts: number;
  notBefore: number;
  /** Undefined while the hint waits; set while a worker holds it (until `lease.until`). */
  lease: { owner: string; until: number } | undefined;
}

const copy = <T>(value: T): T => structuredClone(value);
/** Hint ids are a positive integer as text, as in SQLite; anything else names no hint. */
const toHintId = (id: string): number => (/^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : 0);

/**
 * The watcher store in memory, with the same rules as SqliteWatcherStore: compare-and-set on the
 * baseline, the breaker and snap-back reports; one waiting hint per user; leases that keep other
 * workers out until they lapse; hint ids never reused. `failWrites` makes every write throw
 * STORE_UNAVAILABLE, as a store that is down would.
 */
export class InMemoryWatcherStore implements WatcherStore {
  private readonly states = new Map<string, KnownState>();
  private readonly hints = new Map<number, HintRow>();
  /** The one waiting (unleased) hint of each user, by id: SQLite's partial unique index. */
  private readonly waiting = new Map<ObjectId, number>();
  private readonly autoRevocations = new Map<string, number>();
  private readonly heldUsers = new Map<ObjectId, number>();
  private readonly revoked = new Map<string, RevokedUser>();
  private link: string | undefined;
  private sub: SubscriptionRecord | undefined;
  private breakerState: BreakerState = CLOSED_BREAKER;
  private lastHintId = 0;
  failWrites = false;

  async knownState(userId: ObjectId): Promise<KnownState | undefined> {
    return copy(this.states.get(userId));
  }

  async recordStates(states: readonly KnownState[]): Promise<void> {
    this.checkWritable();
    // A pending state's work is not finished: a baseline round never overwrites it.
    for (const s of states)
      if (!this.states.get(s.userId)?.pending) this.states.set(s.userId, copy(s));
  }

  async transitionState(expected: KnownState | undefined, next: KnownState): Promise<boolean> {
    if (expected && expected.userId !== next.userId)
      throw new Error(
        `transitionState must move one user's state (expected ${expected.userId}, next ${next.userId})`,
      );
    this.checkWritable();
    const current = this.states.get(next.userId);
    const matches = expected
      ? current?.accountEnabled === expected.accountEnabled &&
        current.observedAt === expected.observedAt &&
        current.pending === expected.pending
      : current === undefined;
    if (matches) this.states.set(next.userId, copy(next));
    return matches;
  }

  async deltaLink(): Promise<string | undefined> {
    return this.link;
  }

  async setDeltaLink(link: string | undefined): Promise<void> {
    this.checkWritable();
    this.link = link;
  }

  async subscription(): Promise<SubscriptionRecord | undefined> {
    return copy(this.sub);
  }

  async setSubscription(subscription: SubscriptionRecord | undefined): Promise<void> {
    this.checkWritable();
    this.sub = copy(subscription);
  }

  async enqueue(
    hints: ReadonlyArray<{ readonly userId: ObjectId; readonly source: HintSource }>,
    receivedAt: Date,
  ): Promise<number> {
    this.checkWritable();
    let added = 0;
    for (const { userId, source } of hints) {
      if (this.waiting.has(userId)) continue;
      const id = ++this.lastHintId;
      this.waiting.set(userId, id);
      const at = receivedAt.toISOString();
      this.hints.set(id, {
        id,
        userId,
        source,
        receivedAt: at,
        attempts: 0,
        notBefore: receivedAt.getTime(),
        lease: undefined,
      });
      added++;
    }
    return added;
  }

  async claimHints(
    owner: string,
    limit: number,
    now: Date,
    leaseUntil: Date,
  ): Promise<QueuedHint[]> {
    this.checkWritable();
    const count = Math.floor(limit);
    if (!(count > 0)) return [];
    const t = now.getTime();
    const busy = new Set(
      [...this.hints.values()].filter((h) => (h.lease?.until ?? 0) > t).map((h) => h.userId),
    );
    const firstPerUser = new Map<string, HintRow>();
    for (const h of [...this.hints.values()].sort((a, b) => a.id - b.id))
      if (h.notBefore <= t && (h.lease?.until ?? 0) <= t && !busy.has(h.userId))
        if (!firstPerUser.has(h.userId)) firstPerUser.set(h.userId, h);
    const due = [...firstPerUser.values()]
      .sort((a, b) =>
        a.receivedAt === b.receivedAt ? a.id - b.id : a.receivedAt < b.receivedAt ? -1 : 1,
      )
      .slice(0, count);
    return due.map((h) => {
      if (this.waiting.get(h.userId) === h.id) this.waiting.delete(h.userId);
      h.lease = { owner, until: leaseUntil.getTime() };
      h.attempts++;
      const { id, userId, source, receivedAt, attempts } = h;
      return { id: String(id), userId, source, receivedAt, attempts };
    });
  }

  async completeHint(id: string): Promise<void> {
    this.checkWritable();
    const hint = this.hints.get(toHintId(id));
    if (!hint) return;
    if (this.waiting.get(hint.userId) === hint.id) this.waiting.delete(hint.userId);
    this.hints.delete(hint.id);
  }

  async retryHint(id: string, notBefore: Date): Promise<void> {
    this.checkWritable();
    const hint = this.hints.get(toHintId(id));
    if (!hint) return;
    const waiting = this.hints.get(this.waiting.get(hint.userId) ?? 0);
    if (waiting && waiting !== hint) {
      // A newer hint for this user is waiting: the two become one (see SqliteHintQueue.retry).
      if (hint.receivedAt < waiting.receivedAt) waiting.receivedAt = hint.receivedAt;
      waiting.attempts = Math.max(waiting.attempts, hint.attempts);
      waiting.notBefore = Math.max(waiting.notBefore, notBefore.getTime());
      this.hints.delete(hint.id);
      return;
    }
    hint.lease = undefined;
    hint.notBefore = notBefore.getTime();
    this.waiting.set(hint.userId, hint.id);
  }

  async pendingHints(): Promise<number> {
    return this.hints.size;
  }

  async recordAutoRevocation(userId: ObjectId, requestId: string, at: Date): Promise<void> {
    this.checkWritable();
    const key = `${requestId}|${userId}`;
    if (!this.autoRevocations.has(key)) this.autoRevocations.set(key, at.getTime());
  }

  async autoRevocationsSince(since: Date): Promise<number> {
    return [...this.autoRevocations.values()].filter((at) => at >= since.getTime()).length;
  }

  async breaker(): Promise<BreakerState> {
    return copy(this.breakerState);
  }

  async updateBreaker(next: BreakerState): Promise<boolean> {
    this.checkWritable();
    if (this.breakerState.version !== next.version - 1) return false;
    this.breakerState = copy(next);
    return true;
  }

  async hold(userId: ObjectId, at: Date): Promise<void> {
    this.checkWritable();
    if (!this.heldUsers.has(userId)) this.heldUsers.set(userId, at.getTime());
  }

  async held(): Promise<ObjectId[]> {
    return [...this.heldUsers.entries()]
      .sort(([a, atA], [b, atB]) => atA - atB || (a < b ? -1 : 1))
      .map(([userId]) => userId);
  }

  async releaseHeld(now: Date): Promise<ObjectId[]> {
    this.checkWritable();
    const users = await this.held();
    this.heldUsers.clear();
    await this.enqueue(
      users.map((userId) => ({ userId, source: 'resync' as const })),
      now,
    );
    return users;
  }

  async revokedUser(userId: ObjectId): Promise<RevokedUser | undefined> {
    return copy(this.revoked.get(userId));
  }

  async revokedUserBySnapBackToken(token: string): Promise<RevokedUser | undefined> {
    return copy([...this.revoked.values()].find((u) => u.snapBackToken === token));
  }

  async recordRevoked(user: RevokedUser): Promise<void> {
    this.checkWritable();
    this.revoked.set(user.userId, {
      ...copy(user),
      snapBackReportedAt: null,
      snapBackToken: null,
      redisableRequestId: null,
    });
  }

  async markSnapBack(userId: ObjectId, at: Date, token: string): Promise<boolean> {
    this.checkWritable();
    const user = this.revoked.get(userId);
    if (!user || user.snapBackReportedAt !== null) return false;
    this.revoked.set(userId, {
      ...user,
      snapBackReportedAt: at.toISOString(),
      snapBackToken: token,
    });
    return true;
  }

  async clearSnapBack(userId: ObjectId): Promise<void> {
    this.checkWritable();
    const user = this.revoked.get(userId);
    if (user)
      this.revoked.set(userId, { ...user, snapBackReportedAt: null, redisableRequestId: null });
  }

  async swapRedisable(
    userId: ObjectId,
    expected: string | null,
    next: string | null,
  ): Promise<boolean> {
    this.checkWritable();
    const user = this.revoked.get(userId);
    if (!user || user.redisableRequestId !== expected) return false;
    this.revoked.set(userId, { ...user, redisableRequestId: next });
    return true;
  }

  private checkWritable(): void {
    if (this.failWrites)
      throw new DomainError('STORE_UNAVAILABLE', {}, { detail: 'fake store is down' });
  }
}
