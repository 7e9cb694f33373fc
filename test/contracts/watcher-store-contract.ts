import { printFigure } from '../support/print-figure';
import { toRequestId } from '../../src/domain/revocation/request-id';
import { toObjectId, type ObjectId } from '../../src/domain/user-ref';
import { type BreakerState, CLOSED_BREAKER } from '../../src/domain/watcher/circuit-breaker';
import { type KnownState, type RevokedUser } from '../../src/domain/watcher/watched-user';
import { type SubscriptionRecord } from '../../src/ports/directory-changes';
import { type QueuedHint, type WatcherStore } from '../../src/ports/watcher-store';

export interface WatcherStoreFixture {
  readonly store: WatcherStore;
  /**
   * A second handle on the same state, as a second Lockdown instance would have (another SQLite
   * connection); a fake passes itself. Concurrency tests spread their writers over both.
   */
  readonly second: WatcherStore;
  dispose(): Promise<void>;
}

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);

export const watchedUser = (n: number): ObjectId =>
  toObjectId(`00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`);

export const knownState = (
  n: number,
  accountEnabled = true,
  seconds = 0,
  pending = false,
): KnownState => ({
  userId: watchedUser(n),
  accountEnabled,
  observedAt: at(seconds).toISOString(),
  pending,
});

export const revokedUser = (n: number, change: Partial<RevokedUser> = {}): RevokedUser => ({
  userId: watchedUser(n),
  userPrincipalName: `user${n}@contoso.com`,
  requestId: toRequestId(`LD-${String(n).padStart(6, '0')}`),
  revokedAt: T0.toISOString(),
  snapBackReportedAt: null,
  snapBackToken: null,
  redisableRequestId: null,
  ...change,
});

const breakerAt = (version: number, change: Partial<BreakerState> = {}): BreakerState => ({
  ...CLOSED_BREAKER,
  paused: true,
  pausedAt: T0.toISOString(),
  reviewToken: `review-${version}`,
  version,
  ...change,
});

const SUBSCRIPTION: SubscriptionRecord = {
  id: 'sub-1',
  expiresAt: at(86_400).toISOString(),
  notificationUrl: 'https://lockdown.example.com/api/graph/notifications',
  createdAt: T0.toISOString(),
};

const hints = (...ns: number[]) =>
  ns.map((n) => ({ userId: watchedUser(n), source: 'webhook' as const }));
const ids = (claimed: readonly QueuedHint[]) => claimed.map((h) => h.id);
const users = (claimed: readonly QueuedHint[]) => claimed.map((h) => h.userId);

/**
 * The WatcherStore's guarantees, run against every implementation: compare-and-set on the
 * baseline, the breaker and snap-back reports (exactly one of many concurrent writers wins), one
 * waiting hint per user, leases that keep a second worker off a hint until they lapse.
 */
export function watcherStoreContract(
  name: string,
  makeFixture: () => Promise<WatcherStoreFixture>,
): void {
  describe(`WatcherStore contract: ${name}`, () => {
    let f: WatcherStoreFixture;
    let stores: WatcherStore[];
    beforeEach(async () => {
      f = await makeFixture();
      stores = [f.store, f.second];
    });
    afterEach(async () => {
      await f.dispose();
    });
    const either = (i: number) => stores[i % 2]!;

    describe('baseline', () => {
      it('knows nothing of a user never recorded', async () => {
        expect(await f.store.knownState(watchedUser(1))).toBeUndefined();
      });

      it('records states, the last write winning', async () => {
        await f.store.recordStates([knownState(1, true), knownState(2, false)]);
        await f.store.recordStates([knownState(1, false, 60)]);
        await f.store.recordStates([]);
        expect(await f.second.knownState(watchedUser(1))).toEqual(knownState(1, false, 60));
        expect(await f.second.knownState(watchedUser(2))).toEqual(knownState(2, false));
      });

      it('never overwrites a pending state with a baseline round (its work is unfinished)', async () => {
        await f.store.recordStates([knownState(1, true)]);
        expect(
          await f.store.transitionState(knownState(1, true), knownState(1, false, 9, true)),
        ).toBe(true);
        await f.second.recordStates([knownState(1, true, 60), knownState(2, true, 60)]);
        expect(await f.store.knownState(watchedUser(1))).toEqual(knownState(1, false, 9, true));
        expect(await f.store.knownState(watchedUser(2))).toEqual(knownState(2, true, 60));
        expect(
          await f.store.transitionState(knownState(1, false, 9, false), knownState(1, false, 9)),
        ).toBe(false);
        expect(
          await f.second.transitionState(knownState(1, false, 9, true), knownState(1, false, 9)),
        ).toBe(true);
        await f.store.recordStates([knownState(1, true, 70)]);
        expect(await f.store.knownState(watchedUser(1))).toEqual(knownState(1, true, 70));
      });

      it('records 10,000 states in one go quickly', async () => {
        const states = Array.from({ length: 10_000 }, (_, n) => knownState(n + 1, n % 7 !== 0));
        const started = performance.now();
        await f.store.recordStates(states);
        const ms = performance.now() - started;
        printFigure(`${name}: recordStates(10,000) took ${ms.toFixed(1)} ms`);
        expect(ms).toBeLessThan(2_000);
        expect(await f.store.knownState(watchedUser(10_000))).toEqual(states[9_999]);
      });

      it('creates a first state only when there is none', async () => {
        expect(await f.store.transitionState(undefined, knownState(1, true))).toBe(true);
        expect(await f.store.transitionState(undefined, knownState(1, false, 5))).toBe(false);
        expect(await f.store.knownState(watchedUser(1))).toEqual(knownState(1, true));
      });

      it('moves a state only from the one it expects', async () => {
        await f.store.recordStates([knownState(1, true)]);
        expect(await f.store.transitionState(knownState(1, true, 1), knownState(1, false, 9))).toBe(
          false,
        );
        expect(await f.store.transitionState(knownState(1, false), knownState(1, false, 9))).toBe(
          false,
        );
        expect(await f.store.transitionState(knownState(2, true), knownState(2, false, 9))).toBe(
          false,
        );
        expect(await f.store.transitionState(knownState(1, true), knownState(1, false, 9))).toBe(
          true,
        );
        expect(await f.store.knownState(watchedUser(1))).toEqual(knownState(1, false, 9));
        expect(await f.store.knownState(watchedUser(2))).toBeUndefined();
      });

      it('lets exactly one of many concurrent transitions win', async () => {
        await f.store.recordStates([knownState(1, true)]);
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            either(i).transitionState(knownState(1, true), knownState(1, false, i + 1)),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await f.store.knownState(watchedUser(1))).toEqual(knownState(1, false, winner + 1));
        const firsts = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            either(i).transitionState(undefined, knownState(2, i % 2 === 0, i)),
          ),
        );
        expect(firsts.filter(Boolean)).toHaveLength(1);
      });

      it("refuses to move one user's state to another user's", async () => {
        await expect(
          f.store.transitionState(knownState(1, true), knownState(2, false)),
        ).rejects.toThrow(/one user's state/);
      });
    });

    describe('delta link and subscription', () => {
      it('keeps the delta link until it is replaced or cleared', async () => {
        expect(await f.store.deltaLink()).toBeUndefined();
        await f.store.setDeltaLink('https://graph.example/delta?$deltatoken=a');
        await f.store.setDeltaLink('https://graph.example/delta?$deltatoken=b');
        expect(await f.second.deltaLink()).toBe('https://graph.example/delta?$deltatoken=b');
        await f.store.setDeltaLink(undefined);
        expect(await f.second.deltaLink()).toBeUndefined();
      });

      it('keeps the subscription until it is replaced or cleared', async () => {
        expect(await f.store.subscription()).toBeUndefined();
        await f.store.setSubscription(SUBSCRIPTION);
        expect(await f.second.subscription()).toEqual(SUBSCRIPTION);
        const renewed = { ...SUBSCRIPTION, expiresAt: at(172_800).toISOString() };
        await f.store.setSubscription(renewed);
        expect(await f.second.subscription()).toEqual(renewed);
        await f.store.setSubscription(undefined);
        expect(await f.second.subscription()).toBeUndefined();
      });
    });

    describe('hint queue', () => {
      const lease = (seconds: number) => at(seconds);

      it('queues a user once while it waits, and counts only new hints', async () => {
        expect(await f.store.enqueue(hints(1, 2, 1), T0)).toBe(2);
        expect(await f.store.enqueue(hints(2, 3), at(1))).toBe(1);
        expect(await f.store.enqueue([], at(2))).toBe(0);
        expect(await f.store.pendingHints()).toBe(3);
      });

      it('keeps one waiting hint for a user queued 20 times concurrently', async () => {
        const added = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            either(i).enqueue(
              [{ userId: watchedUser(1), source: i % 2 ? 'delta' : 'webhook' }],
              T0,
            ),
          ),
        );
        expect(added.reduce((a, b) => a + b, 0)).toBe(1);
        expect(await f.store.pendingHints()).toBe(1);
        expect(await f.store.claimHints('a', 10, T0, lease(30))).toHaveLength(1);
      });

      it('hands out due hints oldest first, up to the limit, counting attempts', async () => {
        await f.store.enqueue(hints(3), at(2));
        await f.store.enqueue(hints(1, 2), T0);
        await f.store.enqueue([{ userId: watchedUser(4), source: 'resync' }], at(60));
        const first = await f.store.claimHints('a', 2, at(10), lease(100));
        expect(first).toEqual([
          {
            id: expect.any(String),
            userId: watchedUser(1),
            source: 'webhook',
            receivedAt: T0.toISOString(),
            attempts: 1,
          },
          {
            id: expect.any(String),
            userId: watchedUser(2),
            source: 'webhook',
            receivedAt: T0.toISOString(),
            attempts: 1,
          },
        ]);
        expect(users(await f.second.claimHints('b', 10, at(10), lease(100)))).toEqual([
          watchedUser(3),
        ]);
        expect(await f.store.claimHints('c', 10, at(10), lease(100))).toEqual([]);
        expect(await f.store.claimHints('c', 0, at(60), lease(90))).toEqual([]);
        expect(users(await f.store.claimHints('c', 10, at(60), lease(90)))).toEqual([
          watchedUser(4),
        ]);
        expect(new Set(ids(first)).size).toBe(2);
      });

      it('keeps other workers off a leased hint until the lease lapses', async () => {
        await f.store.enqueue(hints(1), T0);
        const [mine] = await f.store.claimHints('a', 10, T0, lease(30));
        expect(await f.second.claimHints('b', 10, at(29), lease(60))).toEqual([]);
        const [theirs] = await f.second.claimHints('b', 10, at(30), lease(60));
        expect(theirs).toMatchObject({ id: mine!.id, userId: watchedUser(1), attempts: 2 });
        expect(await f.store.pendingHints()).toBe(1);
      });

      it('gives out one hint per user at a time, across instances, until its lease ends', async () => {
        await f.store.enqueue(hints(1, 2), T0);
        const [first] = await f.store.claimHints('a', 1, T0, lease(30));
        expect(first!.userId).toBe(watchedUser(1));
        // A newer hint for the user in flight waits, while other users' hints go out.
        expect(await f.store.enqueue(hints(1), at(1))).toBe(1);
        expect(users(await f.second.claimHints('b', 10, at(2), lease(60)))).toEqual([
          watchedUser(2),
        ]);
        expect(await f.second.claimHints('b', 10, at(3), lease(60))).toEqual([]);
        await f.store.completeHint(first!.id);
        expect(users(await f.second.claimHints('b', 10, at(4), lease(60)))).toEqual([
          watchedUser(1),
        ]);
      });

      it('does not give out two hints of one user in one batch when a lease lapsed', async () => {
        await f.store.enqueue(hints(1), T0);
        await f.store.claimHints('a', 1, T0, lease(30));
        await f.store.enqueue(hints(1), at(1));
        const batch = await f.second.claimHints('b', 10, at(31), lease(90));
        expect(users(batch)).toEqual([watchedUser(1)]);
      });

      it('never gives one hint to two workers claiming concurrently', async () => {
        await f.store.enqueue(hints(...Array.from({ length: 100 }, (_, n) => n + 1)), T0);
        // Bounded, so that a store handing hints out twice fails here instead of looping.
        const drain = async (store: WatcherStore, owner: string) => {
          const taken: QueuedHint[] = [];
          for (let round = 0; round < 100; round++) {
            const batch = await store.claimHints(owner, 7, at(1), lease(60));
            if (batch.length === 0) break;
            taken.push(...batch);
          }
          return taken;
        };
        const [a, b] = await Promise.all([drain(f.store, 'a'), drain(f.second, 'b')]);
        const all = [...ids(a!), ...ids(b!)];
        expect(new Set(all).size).toBe(100);
        expect(all).toHaveLength(100);
        expect(new Set([...users(a!), ...users(b!)]).size).toBe(100);
      });

      it('finishes a completed hint, after which the user can be queued again', async () => {
        await f.store.enqueue(hints(1, 2), T0);
        const [hint] = await f.store.claimHints('a', 1, T0, lease(30));
        await f.second.completeHint(hint!.id);
        await f.store.completeHint('999999');
        await f.store.completeHint('not-an-id');
        expect(await f.store.pendingHints()).toBe(1);
        expect(await f.store.enqueue(hints(1), at(5))).toBe(1);
        expect(await f.store.pendingHints()).toBe(2);
        const [again] = await f.store.claimHints('a', 10, at(5), lease(30));
        expect(again!.id).not.toBe(hint!.id);
      });

      it('never reuses the id of a finished hint', async () => {
        await f.store.enqueue(hints(1), T0);
        const [first] = await f.store.claimHints('a', 1, T0, lease(30));
        await f.store.completeHint(first!.id);
        await f.store.enqueue(hints(2), at(1));
        const [second] = await f.store.claimHints('a', 1, at(1), lease(30));
        expect(second!.id).not.toBe(first!.id);
      });

      it('gives a retried hint back from its notBefore, free for any worker', async () => {
        await f.store.enqueue(hints(1), T0);
        const [hint] = await f.store.claimHints('a', 1, T0, lease(300));
        await f.store.retryHint(hint!.id, at(20));
        expect(await f.second.claimHints('b', 10, at(19), lease(60))).toEqual([]);
        const [again] = await f.second.claimHints('b', 10, at(20), lease(60));
        expect(again).toMatchObject({ id: hint!.id, attempts: 2, receivedAt: T0.toISOString() });
        await f.store.retryHint('999999', at(30));
        expect(await f.store.pendingHints()).toBe(1);
      });

      it('queues a user again while its hint is in flight, merging the two on retry', async () => {
        await f.store.enqueue(hints(1), T0);
        const [inFlight] = await f.store.claimHints('a', 1, T0, lease(30));
        // The worker may have read the user before this change: it must not be swallowed.
        expect(await f.store.enqueue([{ userId: watchedUser(1), source: 'delta' }], at(5))).toBe(1);
        expect(await f.store.enqueue(hints(1), at(6))).toBe(0);
        expect(await f.store.pendingHints()).toBe(2);
        await f.store.retryHint(inFlight!.id, at(40));
        expect(await f.store.pendingHints()).toBe(1);
        expect(await f.store.claimHints('b', 10, at(39), lease(90))).toEqual([]);
        const [merged] = await f.store.claimHints('b', 10, at(40), lease(90));
        expect(merged).toMatchObject({
          userId: watchedUser(1),
          receivedAt: T0.toISOString(),
          attempts: 2,
        });
      });
    });

    describe('automatic revocations and the circuit breaker', () => {
      it('counts automatic revocations from a moment on, once per request and user', async () => {
        await f.store.recordAutoRevocation(watchedUser(1), 'LD-000001', T0);
        await f.store.recordAutoRevocation(watchedUser(2), 'LD-000002', at(10));
        await f.store.recordAutoRevocation(watchedUser(2), 'LD-000002', at(11));
        await f.store.recordAutoRevocation(watchedUser(3), 'LD-000002', at(20));
        expect(await f.second.autoRevocationsSince(at(-1))).toBe(3);
        expect(await f.second.autoRevocationsSince(at(10))).toBe(2);
        expect(await f.second.autoRevocationsSince(at(11))).toBe(1);
        expect(await f.second.autoRevocationsSince(at(21))).toBe(0);
      });

      it('starts closed and moves only one version at a time', async () => {
        expect(await f.store.breaker()).toEqual(CLOSED_BREAKER);
        expect(await f.store.updateBreaker(breakerAt(2))).toBe(false);
        expect(await f.store.updateBreaker(breakerAt(1))).toBe(true);
        expect(await f.store.updateBreaker(breakerAt(1, { reviewToken: 'late' }))).toBe(false);
        expect(await f.second.breaker()).toEqual(breakerAt(1));
        const resumed = breakerAt(2, { paused: false, pausedAt: null, reviewToken: null });
        expect(await f.store.updateBreaker(resumed)).toBe(true);
        expect(await f.store.updateBreaker(breakerAt(4))).toBe(false);
        expect(await f.second.breaker()).toEqual(resumed);
      });

      it('lets exactly one of many concurrent breaker writers win', async () => {
        for (const version of [1, 2]) {
          const results = await Promise.all(
            Array.from({ length: 50 }, (_, i) =>
              either(i).updateBreaker(breakerAt(version, { reviewToken: `writer-${i}` })),
            ),
          );
          expect(results.filter(Boolean)).toHaveLength(1);
          expect(await f.store.breaker()).toEqual(
            breakerAt(version, { reviewToken: `writer-${results.indexOf(true)}` }),
          );
        }
      });

      it('holds a user once, and releases all held users at once into the hint queue', async () => {
        expect(await f.store.held()).toEqual([]);
        await f.store.hold(watchedUser(2), at(1));
        await f.store.hold(watchedUser(1), at(2));
        await f.second.hold(watchedUser(2), at(3));
        expect(await f.second.held()).toEqual([watchedUser(2), watchedUser(1)]);
        await f.store.enqueue([{ userId: watchedUser(1), source: 'delta' }], at(4));
        expect(await f.store.releaseHeld(at(5))).toEqual([watchedUser(2), watchedUser(1)]);
        expect(await f.second.releaseHeld(at(6))).toEqual([]);
        expect(await f.store.held()).toEqual([]);
        const claimed = await f.store.claimHints('a', 10, at(7), at(60));
        expect(claimed.map((h) => [h.userId, h.source]).sort()).toEqual(
          [
            [watchedUser(1), 'delta'],
            [watchedUser(2), 'resync'],
          ].sort(),
        );
      });
    });

    describe('revoked users and snap-back', () => {
      it('remembers whom Lockdown revoked', async () => {
        expect(await f.store.revokedUser(watchedUser(1))).toBeUndefined();
        await f.store.recordRevoked(revokedUser(1));
        expect(await f.second.revokedUser(watchedUser(1))).toEqual(revokedUser(1));
      });

      it('reports a snap-back once until it is cleared, and finds it by its card token', async () => {
        await f.store.recordRevoked(revokedUser(1));
        expect(await f.store.markSnapBack(watchedUser(1), at(5), 'token-1')).toBe(true);
        expect(await f.second.markSnapBack(watchedUser(1), at(6), 'token-2')).toBe(false);
        const reported = revokedUser(1, {
          snapBackReportedAt: at(5).toISOString(),
          snapBackToken: 'token-1',
        });
        expect(await f.store.revokedUser(watchedUser(1))).toEqual(reported);
        expect(await f.second.revokedUserBySnapBackToken('token-1')).toEqual(reported);
        expect(await f.second.revokedUserBySnapBackToken('token-2')).toBeUndefined();
        await f.store.clearSnapBack(watchedUser(1));
        // The token stays, so an old card's button can still be answered.
        const cleared = revokedUser(1, { snapBackToken: 'token-1' });
        expect(await f.store.revokedUser(watchedUser(1))).toEqual(cleared);
        expect(await f.store.revokedUserBySnapBackToken('token-1')).toEqual(cleared);
        expect(await f.store.markSnapBack(watchedUser(1), at(7), 'token-3')).toBe(true);
        expect(await f.store.revokedUserBySnapBackToken('token-1')).toBeUndefined();
        expect(await f.store.markSnapBack(watchedUser(2), at(7), 'token-4')).toBe(false);
        await f.store.clearSnapBack(watchedUser(2));
        expect(await f.store.revokedUser(watchedUser(2))).toBeUndefined();
      });

      it('starts a new snap-back watch on a new revocation', async () => {
        await f.store.recordRevoked(revokedUser(1));
        await f.store.markSnapBack(watchedUser(1), at(5), 'token-1');
        await f.store.swapRedisable(watchedUser(1), null, 'LD-000007');
        const again = revokedUser(1, {
          requestId: toRequestId('LD-000009'),
          revokedAt: at(60).toISOString(),
        });
        await f.store.recordRevoked({
          ...again,
          snapBackReportedAt: at(61).toISOString(),
          snapBackToken: 'token-2',
          redisableRequestId: 'LD-000008',
        });
        expect(await f.second.revokedUser(watchedUser(1))).toEqual(again);
        expect(await f.second.revokedUserBySnapBackToken('token-1')).toBeUndefined();
      });

      it('moves the re-disable marker only from the value expected', async () => {
        expect(await f.store.swapRedisable(watchedUser(1), null, 'claim-a')).toBe(false);
        await f.store.recordRevoked(revokedUser(1));
        expect(await f.store.swapRedisable(watchedUser(1), 'claim-a', 'claim-b')).toBe(false);
        expect(await f.store.swapRedisable(watchedUser(1), null, 'claim-a')).toBe(true);
        expect(await f.second.swapRedisable(watchedUser(1), null, 'claim-b')).toBe(false);
        expect(await f.second.swapRedisable(watchedUser(1), 'claim-a', 'LD-000002')).toBe(true);
        expect(await f.store.revokedUser(watchedUser(1))).toEqual(
          revokedUser(1, { redisableRequestId: 'LD-000002' }),
        );
        expect(await f.store.swapRedisable(watchedUser(1), 'LD-000002', null)).toBe(true);
        expect(await f.store.revokedUser(watchedUser(1))).toEqual(revokedUser(1));
      });

      it('drops the re-disable marker when the account is disabled again', async () => {
        await f.store.recordRevoked(revokedUser(1));
        await f.store.markSnapBack(watchedUser(1), at(5), 'token-1');
        await f.store.swapRedisable(watchedUser(1), null, 'LD-000002');
        await f.store.clearSnapBack(watchedUser(1));
        expect(await f.store.revokedUser(watchedUser(1))).toEqual(
          revokedUser(1, { snapBackToken: 'token-1' }),
        );
      });

      it('lets exactly one of many concurrent re-disable claims win', async () => {
        await f.store.recordRevoked(revokedUser(1));
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            either(i).swapRedisable(watchedUser(1), null, `claim-${i}`),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('lets exactly one of many concurrent snap-back reports win', async () => {
        await f.store.recordRevoked(revokedUser(1));
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            either(i).markSnapBack(watchedUser(1), at(i), `token-${i}`),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });
  });
}
