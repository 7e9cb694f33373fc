import fs from 'node:fs';
import { type StepState } from '../../src/domain/revocation/step-state';
import { type GraphSimulator } from '../../src/simulator/graph/start-graph-simulator';
import { CHANNEL, TENANT } from '../support/activities';
import { ConnectorRecorder } from '../support/connector-recorder';
import { freshUser, startCoreStack } from '../support/core-stack';
import { MINIMAL_ENV } from '../support/graph-connection';
import { startTestGraphSimulator } from '../support/graph-simulator';
import { startLockdownProcess, type LockdownProcess } from '../support/lockdown-process';
import { readStore, waitForStore } from '../support/pipeline-worker-process';
import { printFigure } from '../support/print-figure';

/** Longer than the Graph client waits in-line: the throttled device step is parked this long. */
const RETRY_AFTER_S = 15;

// Two Lockdown processes, each transpiled and started as `npm start` starts it, and a parked
// step that the second one waits out.
jest.setTimeout(120_000);

/**
 * threat-model R33: App Service sends SIGTERM on a deploy or restart while a pipeline runs. The
 * process stops at a safe point, releases its run lease and exits 0; a successor on the same
 * DATA_DIR takes the work over at once (a lease left to lapse would hold it for 60 s) and no
 * Graph mutation runs twice.
 */
describe('SIGTERM while a pipeline runs', () => {
  let sim: GraphSimulator;
  let connector: ConnectorRecorder;
  const processes: LockdownProcess[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    connector = await new ConnectorRecorder().start();
  });
  afterAll(async () => {
    for (const lockdown of processes) await lockdown.close();
    await connector?.close();
    await sim?.close();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startLockdown(dataDir: string): Promise<LockdownProcess> {
    const lockdown = await startLockdownProcess({
      ...MINIMAL_ENV,
      ...sim.env(),
      PORT: '0',
      DATA_DIR: dataDir,
      TEAMS_SERVICE_URL: connector.url,
      ALLOWED_TENANT_IDS: TENANT,
      SECURITY_CHANNEL_ID: CHANNEL,
      WATCH_MODE: 'off',
      LOG_LEVEL: 'info',
    });
    processes.push(lockdown);
    return lockdown;
  }

  it('releases the run lease and exits 0; a successor finishes the work at once, every mutation once', async () => {
    const target = freshUser(sim, 'handover', { devices: [{ os: 'Windows' }, { os: 'Windows' }] });
    const core = startCoreStack(sim, { run: false });
    const { id: requestId } = await core.approve([target.upn]);
    await core.close();
    const dataDir = core.dataDir;
    dataDirs.push(dataDir);
    const listSteps = () => readStore(dataDir, (s) => s.listSteps(requestId));

    // The mutation batch is slow (SIGTERM arrives while it is in flight), and one device is
    // throttled for longer than the client waits in-line, so that step is parked.
    sim.faults.add({ method: 'POST', path: '/$batch', latencyMs: 2_000, times: 1 });
    sim.faults.add({
      method: 'PATCH',
      path: '/devices/*',
      status: 429,
      retryAfter: RETRY_AFTER_S,
      times: 1,
    });
    const first = await startLockdown(dataDir);
    await waitForStore(
      dataDir,
      async (s) => {
        const devices = devicesStep(await s.listSteps(requestId));
        return devices.status === 'running' ? devices : undefined;
      },
      30_000,
    );

    const signalledAt = Date.now();
    expect(await first.terminate('SIGTERM')).toBe(0);
    const exitedAt = Date.now();
    expect(first.output()).toContain('"signal":"SIGTERM"');

    const devices = devicesStep(await listSteps());
    expect(devices).toMatchObject({ status: 'pending', outcome: { note: 'WAITING_FOR_GRAPH' } });
    // It stopped at the safe point after the batch, without waiting out the throttling.
    expect(exitedAt).toBeLessThan(Date.parse(devices.notBefore!));
    // The lease is free at once: one still held would last a minute past its last renewal.
    expect(await readStore(dataDir, (s) => s.listRunnable(new Date()))).toContain(requestId);
    expect(await readStore(dataDir, (s) => s.get(requestId))).toMatchObject({ status: 'running' });

    const successorStartedAt = Date.now();
    const second = await startLockdown(dataDir);
    await waitForStore(
      dataDir,
      async (s) => ((await s.get(requestId))?.status === 'completed' ? true : undefined),
      60_000,
    );
    const finishedAt = Date.now();
    expect((await listSteps()).map((s) => s.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    const ids = [target.id, ...target.deviceIds];
    const mutations = sim.calls
      .mutations()
      .filter((c) => ids.some((id) => c.path.includes(id)))
      .map(
        (c) =>
          `${c.method} ${c.path.replace(target.id, 'USER').replace(/[0-9a-f-]{36}/g, 'DEVICE')}`,
      )
      .sort();
    expect(mutations).toEqual([
      'PATCH /v1.0/devices/DEVICE',
      'PATCH /v1.0/devices/DEVICE',
      'PATCH /v1.0/users/USER',
      'POST /v1.0/users/USER/revokeSignInSessions',
    ]);
    await second.close();

    printFigure(
      `SIGTERM handover: first process exited ${exitedAt - signalledAt} ms after SIGTERM; ` +
        `the successor finished ${finishedAt - successorStartedAt} ms after it started ` +
        `(${Math.max(0, Date.parse(devices.notBefore!) - successorStartedAt)} ms of it waiting out ` +
        `Graph's Retry-After); a lapsed lease would have held the work for 60000 ms`,
    );
  });
});

const devicesStep = (steps: readonly StepState[]): StepState =>
  steps.find((s) => s.step === 'disable-devices')!;
