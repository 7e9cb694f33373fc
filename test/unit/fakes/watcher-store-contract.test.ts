import { CLOSED_BREAKER } from '../../../src/domain/watcher/circuit-breaker';
import {
  knownState,
  revokedUser,
  watchedUser,
  watcherStoreContract,
} from '../../contracts/watcher-store-contract';
import { InMemoryWatcherStore } from '../../fakes/in-memory-watcher-store';

// The fake passes the contract SqliteWatcherStore passes (integration project): it cannot drift.
watcherStoreContract('InMemoryWatcherStore', async () => {
  const store = new InMemoryWatcherStore();
  return { store, second: store, dispose: async () => undefined };
});

describe('InMemoryWatcherStore', () => {
  it('fails every write with STORE_UNAVAILABLE while failWrites is on', async () => {
    const store = new InMemoryWatcherStore();
    await store.recordStates([knownState(1)]);
    store.failWrites = true;
    const user = watchedUser(1);
    const writes: Array<() => Promise<unknown>> = [
      () => store.recordStates([knownState(2)]),
      () => store.transitionState(knownState(1), knownState(1, false, 5)),
      () => store.setDeltaLink('https://graph.example/delta'),
      () => store.setSubscription(undefined),
      () => store.enqueue([{ userId: user, source: 'webhook' }], new Date()),
      () => store.claimHints('a', 1, new Date(), new Date()),
      () => store.completeHint('1'),
      () => store.retryHint('1', new Date()),
      () => store.recordAutoRevocation(user, 'LD-000001', new Date()),
      () => store.updateBreaker({ ...CLOSED_BREAKER, version: 1 }),
      () => store.hold(user, new Date()),
      () => store.releaseHeld(new Date()),
      () => store.recordRevoked(revokedUser(1)),
      () => store.markSnapBack(user, new Date(), 'token'),
      () => store.clearSnapBack(user),
      () => store.swapRedisable(user, null, 'claim'),
    ];
    for (const write of writes)
      await expect(write()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    expect(await store.knownState(user)).toEqual(knownState(1));
    expect(await store.pendingHints()).toBe(0);
    store.failWrites = false;
    expect(await store.enqueue([{ userId: user, source: 'webhook' }], new Date())).toBe(1);
  });
});
