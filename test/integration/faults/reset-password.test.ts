import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RequestId } from '../../../src/domain/revocation/request-id';
import { type ConfigurableStep } from '../../../src/domain/revocation/step-id';
import { type RevocationRequest } from '../../../src/domain/revocation/revocation-request';
import { type StepState } from '../../../src/domain/revocation/step-state';
import {
  type CallRecord,
  type Fault,
  type GraphSimulator,
} from '../../../src/simulator/graph/start-graph-simulator';
import { RecordingNotifier } from '../../fakes/recording-notifier';
import { freshUser, startCoreStack } from '../../support/core-stack';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { readStore, startPipelineWorker } from '../../support/pipeline-worker-process';

const STEPS: ConfigurableStep[] = [
  'disable-account',
  'revoke-sessions',
  'disable-devices',
  'reset-password',
];
/** How far Graph's clock runs ahead of Lockdown's host in these tests (see newTarget). */
const SKEW_MS = 3_000;
/** children/pipeline-worker.ts's lease; a successor may take over once it has lapsed. */
const WORKER_LEASE_MS = 2_000;

type Target = ReturnType<typeof freshUser>;

// Each crash case starts two Node processes that transpile Lockdown at start.
jest.setTimeout(60_000);

describe('reset-password under faults', () => {
  let sim: GraphSimulator;
  const dataDirs: string[] = [];

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
  });
  afterEach(() => sim.faults.clear());
  afterAll(async () => {
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
    await sim.close();
  });

  /**
   * A cloud-only target with a device. Graph's clock runs at least SKEW_MS ahead of Lockdown's
   * host, so the password's last change (the account's creation) reads as made at or after the
   * moment Lockdown sends the reset, as a change by someone else in that very second would: a
   * re-read after a fault must not take it for the reset. The clock then moves on, so that the
   * reset itself lands in a later second (Graph keeps whole seconds).
   */
  function newTarget(name: string): Target {
    sim.clock.advance(SKEW_MS);
    const target = freshUser(sim, `${name}.${Math.random().toString(36).slice(2, 7)}`, {
      devices: [{ os: 'Windows' }],
    });
    sim.clock.advance(2_000);
    return target;
  }

  /**
   * Both PATCH /users/{id} of a run, the disable and then the reset, match one path: the first
   * fault lets the disable through untouched, so that `then` applies to the password reset.
   */
  function onThePasswordReset(target: Target, then: Omit<Fault, 'method' | 'path'>): void {
    const path = `/users/${target.id}`;
    sim.faults.add({ method: 'PATCH', path, latencyMs: 1, times: 1 });
    sim.faults.add({ method: 'PATCH', path, times: 1, ...then });
  }

  const isPasswordCall = (target: Target) => (c: CallRecord) =>
    c.method === 'PATCH' &&
    c.path === `/v1.0/users/${target.id}` &&
    JSON.stringify(c.body ?? {}).includes('passwordProfile');

  /** Every mutation the simulator applied to the target and its device, generalised and sorted. */
  function mutationsOf(target: Target): string[] {
    const ids = [target.id, ...target.deviceIds];
    return sim.calls
      .mutations()
      .filter((c) => ids.some((id) => c.path.includes(id)))
      .map((c) => {
        const what = isPasswordCall(target)(c) ? ' (password)' : '';
        const path = c.path.replace(target.id, 'USER').replace(/[0-9a-f-]{36}/g, 'DEVICE');
        return `${c.method} ${path}${what}`;
      })
      .sort();
  }

  const EVERY_MUTATION_ONCE = [
    'PATCH /v1.0/devices/DEVICE',
    'PATCH /v1.0/users/USER',
    'PATCH /v1.0/users/USER (password)',
    'POST /v1.0/users/USER/revokeSignInSessions',
  ];

  describe('a worker killed after the reset reached Graph, before its step state was written', () => {
    async function prepare(target: Target): Promise<{ dataDir: string; requestId: RequestId }> {
      const core = startCoreStack(sim, { run: false, settings: { pipelineSteps: STEPS } });
      const approved = await core.approve([target.upn]);
      await core.close();
      dataDirs.push(core.dataDir);
      return { dataDir: core.dataDir, requestId: approved.id };
    }

    it.each<[string, Omit<Fault, 'method' | 'path'>, number]>([
      // The reset lands; its answer is an error the worker waits 8 s to retry: killed meanwhile.
      ['landed, its answer lost', { status: 503, retryAfter: 8, applyThenFail: true }, 1],
      // The reset reached Graph and was never answered nor applied.
      ['never applied', { hang: true }, 2],
    ])(
      'the reset %s: one password change, the step done, after a restart',
      async (_case, fault, sent) => {
        const target = newTarget('reset.crash');
        const { dataDir, requestId } = await prepare(target);
        onThePasswordReset(target, fault);
        const first = startPipelineWorker(sim, dataDir, { env: { PIPELINE_STEPS: STEPS.join() } });
        await sim.calls.waitFor(
          (c) => isPasswordCall(target)(c) && (c.applied || c.status === 0),
          30_000,
        );
        first.kill('SIGKILL');
        await first.exited;
        const interrupted = await readStore(dataDir, (s) => s.listSteps(requestId));
        expect(stepOf(interrupted, 'reset-password')).toMatchObject({ status: 'running' });
        sim.faults.clear();
        await sleep(WORKER_LEASE_MS + 200);

        const second = startPipelineWorker(sim, dataDir, { env: { PIPELINE_STEPS: STEPS.join() } });
        expect(await second.exited).toBe(0);

        const passwordCalls = sim.calls.all().filter(isPasswordCall(target));
        expect(passwordCalls).toHaveLength(sent);
        expect(passwordCalls.filter((c) => c.applied)).toHaveLength(1);
        expect(mutationsOf(target)).toEqual(EVERY_MUTATION_ONCE);
        const { request, steps } = await readStore(dataDir, async (s) => ({
          request: await s.get(requestId),
          steps: await s.listSteps(requestId),
        }));
        expect(request?.status).toBe('completed');
        expect(steps.map((s) => [s.step, s.status])).toEqual([
          ['snapshot', 'done'],
          ['disable-account', 'done'],
          ['revoke-sessions', 'done'],
          ['disable-devices', 'done'],
          ['reset-password', 'done'],
          ['verify', 'done'],
        ]);
        expect(stepOf(steps, 'reset-password').outcome).toMatchObject({ note: 'PASSWORD_RESET' });
      },
    );
  });

  it('a 429 storm on the reset: the work finishes, and nothing is reported done before it landed', async () => {
    const target = newTarget('reset.storm');
    const notifier = new LandingProbe(() => sim.tenant.lastPasswordSet(target.id) !== undefined);
    const core = startCoreStack(sim, { notifier, settings: { pipelineSteps: STEPS } });
    try {
      // More throttled answers than one batch retries in-line (5): the step parks and resumes.
      onThePasswordReset(target, { status: 429, retryAfter: 0.2, times: 7 });
      const { request, steps } = await core.revoke([target.upn]);

      expect(request.status).toBe('completed');
      expect(steps.every((s) => s.status === 'done')).toBe(true);
      const calls = sim.calls.all().filter(isPasswordCall(target));
      expect(calls.map((c) => c.status)).toEqual([429, 429, 429, 429, 429, 429, 429, 204]);
      expect(mutationsOf(target)).toEqual(EVERY_MUTATION_ONCE);

      const parked = notifier.seen.filter(
        (n) => stepOf(n.steps, 'reset-password').outcome?.note === 'WAITING_FOR_GRAPH',
      );
      expect(parked.length).toBeGreaterThan(0);
      expect(parked.every((n) => !n.landed && n.request.status === 'running')).toBe(true);
      const early = notifier.seen.filter(
        (n) =>
          !n.landed &&
          (n.request.status === 'completed' || stepOf(n.steps, 'reset-password').status === 'done'),
      );
      expect(early).toEqual([]);
      expect(notifier.seen.filter((n) => n.kind === 'finished').every((n) => n.landed)).toBe(true);
    } finally {
      await core.close();
      core.removeData();
    }
  });
});

const stepOf = (steps: readonly StepState[], step: StepState['step']): StepState =>
  steps.find((s) => s.step === step)!;

/** Records, with each notice the channel would get, whether the password had landed by then. */
class LandingProbe extends RecordingNotifier {
  readonly seen: Array<{
    kind: 'progress' | 'finished';
    landed: boolean;
    request: RevocationRequest;
    steps: readonly StepState[];
  }> = [];

  constructor(private readonly landed: () => boolean) {
    super();
  }

  override async showProgress(request: RevocationRequest, steps: readonly StepState[]) {
    this.seen.push({
      kind: 'progress',
      landed: this.landed(),
      ...structuredClone({ request, steps }),
    });
    await super.showProgress(request, steps);
  }

  override async announceFinished(request: RevocationRequest, steps: readonly StepState[]) {
    this.seen.push({
      kind: 'finished',
      landed: this.landed(),
      ...structuredClone({ request, steps }),
    });
    await super.announceFinished(request, steps);
  }
}
