import fs from 'node:fs';
import { type RequestId } from '../../../src/domain/revocation/request-id';
import { ERRORS } from '../../../src/domain/errors';
import { type StepState } from '../../../src/domain/revocation/step-state';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { freshUser, startCoreStack, TEAM } from '../../support/core-stack';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { IdentityGate } from '../../support/identity-gate';
import {
  readStore,
  startPipelineWorker,
  waitForStore,
  type PipelineWorker,
  type WorkerOptions,
} from '../../support/pipeline-worker-process';

const CANNOT_AUTHENTICATE = ERRORS.GRAPH_UNAUTHORIZED.userMessage;

interface Prepared {
  readonly dataDir: string;
  readonly requestId: RequestId;
  readonly target: ReturnType<typeof freshUser>;
  /** The simulator's call log up to here is the opening and approval, not this test's run. */
  readonly afterSeq: number;
}

// The managed-identity client retries a failing endpoint for seconds before it gives up, and
// each case starts Lockdown's runner in processes of its own.
jest.setTimeout(120_000);

/**
 * threat-model R10: the App Service managed-identity endpoint is down while a pipeline runs.
 * The runner runs in a process of its own whose IDENTITY_ENDPOINT is a gate in front of the
 * simulator's: it has never held a token, as after a restart, so every Graph call needs one.
 */
describe('the managed identity endpoint down during a pipeline', () => {
  let sim: GraphSimulator;
  let gate: IdentityGate;
  const dataDirs: string[] = [];

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    gate = await new IdentityGate(sim.identityEndpoint).start();
  });
  afterAll(async () => {
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
    await gate.close();
    await sim.close();
  });

  /** An approved request on disk that nothing runs yet (this process reaches Graph directly). */
  async function prepare(name: string): Promise<Prepared> {
    const target = freshUser(sim, `${name}.${Math.random().toString(36).slice(2, 7)}`, {
      devices: [{ os: 'Windows' }, { os: 'Windows' }],
    });
    const core = startCoreStack(sim, { run: false });
    const approved = await core.approve([target.upn]);
    await core.close();
    dataDirs.push(core.dataDir);
    const afterSeq = Math.max(0, ...sim.calls.all().map((c) => c.seq));
    return { dataDir: core.dataDir, requestId: approved.id, target, afterSeq };
  }

  const throughTheGate = () => ({ env: { IDENTITY_ENDPOINT: gate.url } });
  const workers: PipelineWorker[] = [];
  const startWorker = (p: Prepared, options: WorkerOptions): PipelineWorker => {
    const worker = startPipelineWorker(sim, p.dataDir, options);
    workers.push(worker);
    return worker;
  };
  // A failed expectation must not leave a runner retrying in the background.
  afterEach(() => workers.splice(0).forEach((w) => w.kill('SIGKILL')));

  /** Every Graph call about the target or its devices since the request was approved. */
  const callsAbout = (p: Prepared) =>
    sim.calls
      .all()
      .filter(
        (c) =>
          c.seq > p.afterSeq &&
          [p.target.id, ...p.target.deviceIds].some((id) => c.path.includes(id)),
      );

  async function expectCompletedOnce(p: Prepared): Promise<void> {
    const { request, steps } = await readStore(p.dataDir, async (s) => ({
      request: await s.get(p.requestId),
      steps: await s.listSteps(p.requestId),
    }));
    expect(request?.status).toBe('completed');
    expect(steps.every((s) => s.status === 'done')).toBe(true);
    const mutations = callsAbout(p)
      .filter((c) => c.applied)
      .map(
        (c) =>
          `${c.method} ${c.path.replace(p.target.id, 'USER').replace(/[0-9a-f-]{36}/g, 'DEVICE')}`,
      )
      .sort();
    expect(mutations).toEqual([
      'PATCH /v1.0/devices/DEVICE',
      'PATCH /v1.0/devices/DEVICE',
      'PATCH /v1.0/users/USER',
      'POST /v1.0/users/USER/revokeSignInSessions',
    ]);
    expect(sim.tenant.getUser(p.target.id)!.accountEnabled).toBe(false);
  }

  it('parks the work with a readable reason while the endpoint answers 500, and finishes it once the endpoint is back', async () => {
    const p = await prepare('mi.failing');
    await gate.set({ kind: 'fail', status: 500 });
    const worker = startWorker(p, throughTheGate());

    const parked = await waitForStore(
      p.dataDir,
      async (s) => {
        const steps = await s.listSteps(p.requestId);
        const snapshot = stepOf(steps, 'snapshot');
        if (snapshot.outcome?.errorCode !== 'GRAPH_UNAUTHORIZED') return undefined;
        return { request: await s.get(p.requestId), steps, snapshot };
      },
      60_000,
    );
    expect(gate.requests).toBeGreaterThan(0);
    expect(parked.snapshot).toMatchObject({
      status: 'pending',
      outcome: { message: CANNOT_AUTHENTICATE, retryable: true },
    });
    expect(parked.snapshot.notBefore).not.toBeNull();
    expect(parked.request?.status).toBe('running');
    expect(parked.steps.filter((s) => s.step !== 'snapshot').map((s) => s.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(callsAbout(p)).toEqual([]); // without a token nothing reached Graph

    await gate.set({ kind: 'forward' });
    expect(await worker.exited).toBe(0);
    await expectCompletedOnce(p);
  });

  it('fails the steps with a readable reason when the endpoint stays closed, and a retry completes the work once it is back', async () => {
    const p = await prepare('mi.closed');
    await gate.set({ kind: 'refuse' });
    const giveUpSoon = {
      ...throughTheGate(),
      args: ['--max-step-attempts=2', '--max-backoff-ms=500'],
    };
    expect(await startWorker(p, giveUpSoon).exited).toBe(0);

    const { request, steps } = await readStore(p.dataDir, async (s) => ({
      request: await s.get(p.requestId),
      steps: await s.listSteps(p.requestId),
    }));
    expect(request?.status).toBe('completed-with-failures');
    expect(stepOf(steps, 'snapshot')).toMatchObject({
      status: 'failed',
      outcome: { errorCode: 'GRAPH_UNAUTHORIZED', message: CANNOT_AUTHENTICATE },
    });
    for (const step of steps.filter((s) => s.step !== 'snapshot'))
      expect(step).toMatchObject({
        status: 'failed',
        outcome: {
          errorCode: 'GRAPH_UNAUTHORIZED',
          message: `No before-state could be recorded: ${CANNOT_AUTHENTICATE}`,
        },
      });
    expect(callsAbout(p)).toEqual([]);

    await gate.set({ kind: 'forward' });
    const core = startCoreStack(sim, { dataDir: p.dataDir, run: false });
    try {
      await core.retry.execute(p.requestId, TEAM.requester);
    } finally {
      await core.close();
    }
    expect(await startWorker(p, throughTheGate()).exited).toBe(0);
    await expectCompletedOnce(p);
  });
});

const stepOf = (steps: readonly StepState[], step: StepState['step']): StepState =>
  steps.find((s) => s.step === step)!;
