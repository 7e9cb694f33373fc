import { CLOSED_BREAKER } from '../../../src/domain/watcher/circuit-breaker';
import { type WatcherStore } from '../../../src/ports/watcher-store';
import {
  knownState,
  revokedUser,
  watchedUser,
  watcherStoreContract,
} from '../../contracts/watcher-store-contract';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { openAzuriteStore } from '../../support/azurite-store';
import { printFigure } from '../../support/print-figure';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-22T10:00:00.000Z');

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

// Two stores on one set of tables, each with its own TableClients: two instances. Every rule
// must hold in Table Storage's conditional writes, not in process memory.
watcherStoreContract('TableWatcherStore on Azurite', async () => {
  const first = await openAzuriteStore(azurite);
  const second = await openAzuriteStore(azurite, first.prefix);
  return {
    store: first.watch,
    second: second.watch,
    dispose: () => first.drop(),
  };
});

describe('TableWatcherStore on Azurite', () => {
  it('records a 50,000-user baseline, keeping pending states, and reads any user back', async () => {
    const store = await openAzuriteStore(azurite);
    await store.watch.recordStates([knownState(7, true)]);
    await store.watch.transitionState(knownState(7, true), knownState(7, false, 9, true));
    const states = Array.from({ length: 50_000 }, (_, n) => knownState(n + 1, n % 11 !== 0, 60));
    const started = performance.now();
    await store.watch.recordStates(states);
    const ms = performance.now() - started;
    printFigure(`TableWatcherStore (Azurite): recordStates(50,000) took ${ms.toFixed(0)} ms`);
    for (const n of [1, 2, 12, 25_000, 50_000])
      expect(await store.watch.knownState(watchedUser(n))).toEqual(states[n - 1]);
    expect(await store.watch.knownState(watchedUser(7))).toEqual(knownState(7, false, 9, true));
    await store.drop();
  });

  it('finds no revoked user by an empty, hostile or oversized snap-back token', async () => {
    const store = await openAzuriteStore(azurite);
    await store.watch.recordRevoked(revokedUser(1));
    await store.watch.recordRevoked(revokedUser(2));
    await store.watch.markSnapBack(watchedUser(2), T0, 'token-2');
    // An empty token must not match the users that have none; a quote must not end the literal.
    for (const token of ['', "token-2' or snapBackToken ne '", "'", 'x'.repeat(5_000)])
      expect(await store.watch.revokedUserBySnapBackToken(token)).toBeUndefined();
    expect((await store.watch.revokedUserBySnapBackToken('token-2'))?.userId).toBe(watchedUser(2));
    await store.drop();
  });

  it('ignores hint ids that are not its own, whatever they contain', async () => {
    const store = await openAzuriteStore(azurite);
    await store.watch.enqueue([{ userId: watchedUser(1), source: 'webhook' }], T0);
    const [hint] = await store.watch.claimHints('a', 1, T0, new Date(T0.getTime() + 60_000));
    for (const id of [
      '',
      '.',
      `x.${watchedUser(1)}/..`,
      `x.${watchedUser(1)}'`,
      'x'.repeat(5_000),
    ]) {
      await store.watch.completeHint(id);
      await store.watch.retryHint(id, T0);
    }
    expect(await store.watch.pendingHints()).toBe(1);
    await store.watch.completeHint(hint!.id);
    expect(await store.watch.pendingHints()).toBe(0);
    await store.drop();
  });

  it('never gives one hint to two of four instances claiming at once', async () => {
    const first = await openAzuriteStore(azurite);
    const others = await Promise.all([1, 2, 3].map(() => openAzuriteStore(azurite, first.prefix)));
    const hints = Array.from({ length: 300 }, (_, n) => ({
      userId: watchedUser(n + 1),
      source: 'webhook' as const,
    }));
    expect(await first.watch.enqueue(hints, T0)).toBe(300);
    const drain = async (store: WatcherStore, owner: string) => {
      const taken: string[] = [];
      for (let round = 0; round < 300; round++) {
        const batch = await store.claimHints(owner, 5, T0, new Date(T0.getTime() + 600_000));
        if (batch.length === 0) break;
        taken.push(...batch.map((h) => h.id));
      }
      return taken;
    };
    const started = performance.now();
    const taken = await Promise.all(
      [first, ...others].map((s, i) => drain(s.watch, `worker-${i}`)),
    );
    printFigure(
      `TableWatcherStore (Azurite): 4 instances claimed 300 hints in ${(performance.now() - started).toFixed(0)} ms (${taken.map((t) => t.length).join(' + ')})`,
    );
    const all = taken.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    // Each instance got work: they really did claim at the same time, and none was starved.
    expect(taken.every((t) => t.length > 0)).toBe(true);
    await first.drop();
  });

  it('reports a store it cannot reach as STORE_UNAVAILABLE', async () => {
    const gone = await startAzurite();
    const store = (await openAzuriteStore(gone)).watch;
    await gone.stop();
    const user = watchedUser(1);
    const calls: Array<[string, (s: WatcherStore) => Promise<unknown>]> = [
      ['knownState', (s) => s.knownState(user)],
      ['recordStates', (s) => s.recordStates([knownState(1)])],
      ['transitionState', (s) => s.transitionState(undefined, knownState(1))],
      ['deltaLink', (s) => s.deltaLink()],
      ['setDeltaLink', (s) => s.setDeltaLink(undefined)],
      ['subscription', (s) => s.subscription()],
      ['enqueue', (s) => s.enqueue([{ userId: user, source: 'webhook' }], T0)],
      ['claimHints', (s) => s.claimHints('a', 1, T0, T0)],
      ['pendingHints', (s) => s.pendingHints()],
      ['recordAutoRevocation', (s) => s.recordAutoRevocation(user, 'LD-000001', T0)],
      ['autoRevocationsSince', (s) => s.autoRevocationsSince(T0)],
      ['breaker', (s) => s.breaker()],
      ['updateBreaker', (s) => s.updateBreaker({ ...CLOSED_BREAKER, version: 1 })],
      ['hold', (s) => s.hold(user, T0)],
      ['releaseHeld', (s) => s.releaseHeld(T0)],
      ['revokedUser', (s) => s.revokedUser(user)],
      ['revokedUserBySnapBackToken', (s) => s.revokedUserBySnapBackToken('token')],
      ['recordRevoked', (s) => s.recordRevoked(revokedUser(1))],
      ['markSnapBack', (s) => s.markSnapBack(user, T0, 'token')],
      ['swapRedisable', (s) => s.swapRedisable(user, null, 'claim')],
    ];
    const unavailable = expect.objectContaining({ code: 'STORE_UNAVAILABLE', retryable: true });
    const outcomes = await Promise.all(
      calls.map(async ([what, call]) => [
        what,
        await call(store).then(
          () => 'resolved',
          (e: unknown) => e,
        ),
      ]),
    );
    for (const [what, outcome] of outcomes) expect([what, outcome]).toEqual([what, unavailable]);
  });
});
