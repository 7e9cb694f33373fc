import { printFigure } from '../../support/print-figure';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  DATABASE_FILE,
  openSqliteDatabase,
  type SqliteDatabase,
} from '../../../src/adapters/storage/sqlite-database';
import { SQLITE_MIGRATIONS } from '../../../src/adapters/storage/sqlite-migrations';
import { SqliteRequestStore } from '../../../src/adapters/storage/sqlite-request-store';
import { SqliteWatcherStore } from '../../../src/adapters/storage/sqlite-watcher-store';
import { CLOSED_BREAKER } from '../../../src/domain/watcher/circuit-breaker';
import { type WatcherStore } from '../../../src/ports/watcher-store';
import { sampleRequest } from '../../contracts/request-store-contract';
import {
  knownState,
  revokedUser,
  watchedUser,
  watcherStoreContract,
} from '../../contracts/watcher-store-contract';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-watcher-'));
}

// Two connections on one file, as two Lockdown instances would have: every rule must hold in SQL.
watcherStoreContract('SqliteWatcherStore', async () => {
  const dir = tempDir();
  const first = openSqliteDatabase(dir);
  const second = openSqliteDatabase(dir);
  return {
    store: new SqliteWatcherStore(first),
    second: new SqliteWatcherStore(second),
    dispose: async () => {
      first.close();
      second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const T0 = new Date('2026-11-22T10:00:00.000Z');

describe('SqliteWatcherStore on disk', () => {
  let dir: string;
  const open: SqliteDatabase[] = [];
  const reopen = () => {
    const db = openSqliteDatabase(dir);
    open.push(db);
    return db;
  };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds its tables over a version-1 store that already holds requests', async () => {
    const v1 = new Database(path.join(dir, DATABASE_FILE));
    v1.exec(SQLITE_MIGRATIONS[0]!);
    v1.pragma('user_version = 1');
    const request = sampleRequest(1);
    expect(await new SqliteRequestStore(v1).create(request, [])).toBe(true);
    v1.close();

    const db = reopen();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(await new SqliteRequestStore(db).get(request.id)).toEqual(request);
    const store = new SqliteWatcherStore(db);
    expect(await store.transitionState(undefined, knownState(1))).toBe(true);
    expect(await store.breaker()).toEqual(CLOSED_BREAKER);
  });

  it('keeps its state across a reopen', async () => {
    const before = new SqliteWatcherStore(reopen());
    await before.recordStates([knownState(1, false), knownState(2, true)]);
    await before.setDeltaLink('https://graph.example/delta?$deltatoken=z');
    await before.enqueue([{ userId: watchedUser(3), source: 'webhook' }], T0);
    const [leased] = await before.claimHints('a', 1, T0, new Date(T0.getTime() + 30_000));
    await before.enqueue([{ userId: watchedUser(4), source: 'delta' }], T0);
    await before.recordAutoRevocation(watchedUser(5), 'LD-000005', T0);
    const paused = { ...CLOSED_BREAKER, paused: true, pausedAt: T0.toISOString(), version: 1 };
    await before.updateBreaker(paused);
    await before.hold(watchedUser(6), T0);
    await before.recordRevoked(revokedUser(7));
    await before.markSnapBack(watchedUser(7), T0, 'token-7');
    open.pop()!.close();

    const after = new SqliteWatcherStore(reopen());
    expect(await after.knownState(watchedUser(1))).toEqual(knownState(1, false));
    expect(await after.deltaLink()).toBe('https://graph.example/delta?$deltatoken=z');
    expect(await after.pendingHints()).toBe(2);
    const claimed = await after.claimHints('b', 10, T0, new Date(T0.getTime() + 60_000));
    expect(claimed.map((h) => h.userId)).toEqual([watchedUser(4)]);
    const lapsed = new Date(T0.getTime() + 30_000);
    expect(await after.claimHints('b', 10, lapsed, new Date(T0.getTime() + 90_000))).toEqual([
      { ...leased!, attempts: 2 },
    ]);
    expect(await after.autoRevocationsSince(T0)).toBe(1);
    expect(await after.breaker()).toEqual(paused);
    expect(await after.held()).toEqual([watchedUser(6)]);
    expect(await after.markSnapBack(watchedUser(7), T0, 'token-8')).toBe(false);
    expect((await after.revokedUserBySnapBackToken('token-7'))?.userId).toBe(watchedUser(7));
  });

  it('records a 50,000-user baseline in one transaction, fast', async () => {
    const store = new SqliteWatcherStore(reopen());
    const states = Array.from({ length: 50_000 }, (_, n) => knownState(n + 1, n % 11 !== 0));
    const started = performance.now();
    await store.recordStates(states);
    const ms = performance.now() - started;
    printFigure(`SqliteWatcherStore: recordStates(50,000) took ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(5_000);
    expect(await store.knownState(watchedUser(50_000))).toEqual(states[49_999]);
  });

  it('reports a store it cannot use as STORE_UNAVAILABLE', async () => {
    const db = reopen();
    const store = new SqliteWatcherStore(db);
    db.close();
    const user = watchedUser(1);
    const calls: Array<[string, (s: WatcherStore) => Promise<unknown>]> = [
      ['knownState', (s) => s.knownState(user)],
      ['recordStates', (s) => s.recordStates([knownState(1)])],
      ['transitionState', (s) => s.transitionState(undefined, knownState(1))],
      ['deltaLink', (s) => s.deltaLink()],
      ['setDeltaLink', (s) => s.setDeltaLink(undefined)],
      ['subscription', (s) => s.subscription()],
      ['setSubscription', (s) => s.setSubscription(undefined)],
      ['enqueue', (s) => s.enqueue([{ userId: user, source: 'webhook' }], T0)],
      ['claimHints', (s) => s.claimHints('a', 1, T0, T0)],
      ['completeHint', (s) => s.completeHint('1')],
      ['retryHint', (s) => s.retryHint('1', T0)],
      ['pendingHints', (s) => s.pendingHints()],
      ['recordAutoRevocation', (s) => s.recordAutoRevocation(user, 'LD-000001', T0)],
      ['autoRevocationsSince', (s) => s.autoRevocationsSince(T0)],
      ['breaker', (s) => s.breaker()],
      ['updateBreaker', (s) => s.updateBreaker({ ...CLOSED_BREAKER, version: 1 })],
      ['hold', (s) => s.hold(user, T0)],
      ['held', (s) => s.held()],
      ['releaseHeld', (s) => s.releaseHeld(T0)],
      ['revokedUser', (s) => s.revokedUser(user)],
      ['revokedUserBySnapBackToken', (s) => s.revokedUserBySnapBackToken('token')],
      ['recordRevoked', (s) => s.recordRevoked(revokedUser(1))],
      ['markSnapBack', (s) => s.markSnapBack(user, T0, 'token')],
      ['clearSnapBack', (s) => s.clearSnapBack(user)],
      ['swapRedisable', (s) => s.swapRedisable(user, null, 'claim')],
    ];
    const unavailable = expect.objectContaining({ code: 'STORE_UNAVAILABLE', retryable: true });
    for (const [what, call] of calls) {
      const outcome = await call(store).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      expect([what, outcome]).toEqual([what, unavailable]);
    }
  });

  it('never gives one hint to two worker threads claiming at the same time', async () => {
    const store = new SqliteWatcherStore(reopen());
    const hints = Array.from({ length: 1_000 }, (_, n) => ({
      userId: watchedUser(n + 1),
      source: 'webhook' as const,
    }));
    expect(await store.enqueue(hints, T0)).toBe(1_000);
    const taken = await claimInWorkers(dir, ['w1', 'w2', 'w3', 'w4']);
    const all = taken.flat();
    expect(all).toHaveLength(1_000);
    expect(new Set(all).size).toBe(1_000);
    // Each thread got some: they really did claim at the same time.
    expect(taken.every((ids) => ids.length > 0)).toBe(true);
    expect(await store.pendingHints()).toBe(1_000);
  }, 30_000);
});

/**
 * Runs SqliteWatcherStore.claimHints in real threads, each with its own connection (what two
 * instances on one file do), loading the TypeScript source through the compiler's transpiler.
 * The threads wait at a barrier so that they start claiming together.
 */
async function claimInWorkers(dir: string, owners: readonly string[]): Promise<string[][]> {
  const source = `
    const fs = require('node:fs');
    const ts = require('typescript');
    const { workerData, parentPort } = require('node:worker_threads');
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        fileName: filename,
      });
      module._compile(outputText, filename);
    };
    const storage = workerData.root + '/src/adapters/storage/';
    const { openSqliteDatabase } = require(storage + 'sqlite-database.ts');
    const { SqliteWatcherStore } = require(storage + 'sqlite-watcher-store.ts');
    (async () => {
      const db = openSqliteDatabase(workerData.dir);
      const store = new SqliteWatcherStore(db);
      const now = new Date(workerData.now);
      const until = new Date(now.getTime() + 600000);
      parentPort.postMessage('ready');
      Atomics.wait(new Int32Array(workerData.gate), 0, 0);
      const ids = [];
      for (let round = 0; round < 1000; round++) {
        const batch = await store.claimHints(workerData.owner, 2, now, until);
        if (batch.length === 0) break;
        ids.push(...batch.map((h) => h.id));
      }
      db.close();
      parentPort.postMessage(ids);
    })();
  `;
  const root = path.resolve(__dirname, '../../..');
  const gate = new SharedArrayBuffer(4);
  const ready: Array<Promise<void>> = [];
  const done = owners.map((owner) => {
    const worker = new Worker(source, {
      eval: true,
      workerData: { dir, owner, root, gate, now: T0.toISOString() },
    });
    return new Promise<string[]>((resolve, reject) => {
      ready.push(new Promise((started) => worker.once('message', () => started())));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker ${owner} exited with ${code}`)));
      void ready.at(-1)!.then(() => worker.once('message', resolve));
    });
  });
  await Promise.all(ready);
  Atomics.store(new Int32Array(gate), 0, 1);
  Atomics.notify(new Int32Array(gate), 0);
  return Promise.all(done);
}
