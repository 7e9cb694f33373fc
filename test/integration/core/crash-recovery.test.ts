import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteRequestStore } from '../../../src/adapters/storage/sqlite-request-store';
import { openSqliteDatabase } from '../../../src/adapters/storage/sqlite-database';
import { type RequestId } from '../../../src/domain/revocation/request-id';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { freshUser, startCoreStack } from '../../support/core-stack';
import { MINIMAL_ENV } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';

const ROOT = path.join(__dirname, '../../..');
const WORKER = 'test/support/children/pipeline-worker.ts';
/** The worker's lease; a successor may take over once it has lapsed. */
const LEASE_MS = 2_000;

interface Prepared {
  readonly dataDir: string;
  readonly requestId: RequestId;
  readonly target: ReturnType<typeof freshUser>;
}

// Each case starts two Node processes that transpile Lockdown at start: allow them time.
jest.setTimeout(60_000);

describe('a pipeline killed mid-flight and restarted', () => {
  let sim: GraphSimulator;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  /** An approved request in a store on disk that no process is running yet. */
  async function prepare(name: string): Promise<Prepared> {
    const target = freshUser(sim, name, { devices: [{ os: 'Windows' }, { os: 'Windows' }] });
    const core = startCoreStack(sim, { run: false });
    const approved = await core.approve([target.upn]);
    await core.close();
    return { dataDir: core.dataDir, requestId: approved.id, target };
  }

  function startWorker(dataDir: string): ChildProcess {
    const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', WORKER], {
      cwd: ROOT,
      env: { ...process.env, ...MINIMAL_ENV, ...sim.env(), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') console.error(`worker exited ${code}:\n${output}`);
    });
    return child;
  }

  function exited(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Mutations the simulator applied for this target, as "METHOD path" with ids generalised. */
  function mutationsOf(prepared: Prepared): string[] {
    const ids = [prepared.target.id, ...prepared.target.deviceIds];
    return sim.calls
      .mutations()
      .filter((c) => ids.some((id) => c.path.includes(id)))
      .map(
        (c) =>
          `${c.method} ${c.path.replace(prepared.target.id, 'USER').replace(/d?[0-9a-f-]{36}/g, 'DEVICE')}`,
      )
      .sort();
  }

  it.each<
    [
      string,
      (p: Prepared) => {
        fault: Parameters<GraphSimulator['faults']['add']>[0];
        killWhen: (path: string) => boolean;
      },
    ]
  >([
    [
      'while taking the snapshot',
      (p) => ({
        fault: {
          method: 'GET',
          path: `/users/${p.target.id}/registeredDevices`,
          hang: true,
          times: 1,
        },
        killWhen: (path) => path.endsWith('/registeredDevices'),
      }),
    ],
    [
      'after sending the batch, before anything landed',
      () => ({
        fault: { method: 'POST', path: '/$batch', hang: true, times: 1 },
        killWhen: (path) => path === '/v1.0/$batch',
      }),
    ],
    [
      'inside the batch, after part of it landed',
      (p) => ({
        fault: {
          method: 'POST',
          path: `/users/${p.target.id}/revokeSignInSessions`,
          hang: true,
          times: 1,
        },
        killWhen: (path) => path.endsWith('/revokeSignInSessions'),
      }),
    ],
  ])('resumes %s and applies every mutation exactly once', async (_case, scenario) => {
    const prepared = await prepare(`crash.${Math.random().toString(36).slice(2, 7)}`);
    const { fault, killWhen } = scenario(prepared);
    sim.faults.add(fault);
    const first = startWorker(prepared.dataDir);
    await sim.calls.waitFor((c) => c.status === 0 && killWhen(c.path), 20_000);
    first.kill('SIGKILL');
    await exited(first);
    sim.faults.clear();
    await sleep(LEASE_MS + 200);
    expect(await exited(startWorker(prepared.dataDir))).toBe(0);
    await expectFinished(prepared);
  });

  it('resumes when killed between the mutations and the verification', async () => {
    const prepared = await prepare(`crash.${Math.random().toString(36).slice(2, 7)}`);
    sim.faults.add({ method: 'POST', path: '/$batch', latencyMs: 300, times: 1 });
    const first = startWorker(prepared.dataDir);
    // The snapshot has read the user; the next read of the user is the verification's.
    await sim.calls.waitFor(
      (c) =>
        c.method === 'GET' && c.path === `/v1.0/users/${prepared.target.id}` && c.status === 200,
      20_000,
    );
    sim.faults.add({ method: 'GET', path: `/users/${prepared.target.id}`, hang: true, times: 1 });
    await sim.calls.waitFor(
      (c) => c.status === 0 && c.path === `/v1.0/users/${prepared.target.id}`,
      20_000,
    );
    expect(mutationsOf(prepared)).toHaveLength(4);
    first.kill('SIGKILL');
    await exited(first);
    sim.faults.clear();
    await sleep(LEASE_MS + 200);
    expect(await exited(startWorker(prepared.dataDir))).toBe(0);
    await expectFinished(prepared);
  });

  async function expectFinished(prepared: Prepared): Promise<void> {
    const db = openSqliteDatabase(prepared.dataDir);
    try {
      const store = new SqliteRequestStore(db);
      expect(await store.get(prepared.requestId)).toMatchObject({ status: 'completed' });
      expect((await store.listSteps(prepared.requestId)).map((s) => s.status)).toEqual([
        'done',
        'done',
        'done',
        'done',
        'done',
      ]);
    } finally {
      db.close();
    }
    expect(mutationsOf(prepared)).toEqual([
      'PATCH /v1.0/devices/DEVICE',
      'PATCH /v1.0/devices/DEVICE',
      'PATCH /v1.0/users/USER',
      'POST /v1.0/users/USER/revokeSignInSessions',
    ]);
    expect(sim.tenant.getUser(prepared.target.id)!.accountEnabled).toBe(false);
  }
});
