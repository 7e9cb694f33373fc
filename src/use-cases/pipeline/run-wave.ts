import {
  type DirectoryMutation,
  type MutationResult,
} from '../../domain/directory/directory-mutation';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { type RegisteredDevice } from '../../domain/directory/registered-device';
import { isDomainError } from '../../domain/errors';
import { type ConfigurableStep } from '../../domain/revocation/step-id';
import { type StepState, type TargetSnapshot } from '../../domain/revocation/step-state';
import {
  concludeStep,
  isAlreadyApplied,
  planStep,
} from '../../domain/revocation/steps/mutation-steps';
import { type CoreDeps } from '../core-deps';
import { failOrPark } from './run-snapshot';
import { resumeAt, type PipelineSettings } from './pipeline-settings';
import { type StepWriter } from './step-writer';

interface Planned {
  readonly state: StepState;
  /** Mutations to send now. */
  readonly send: readonly DirectoryMutation[];
  /** Mutations a re-read showed had already landed before a crash. */
  readonly landed: readonly MutationResult[];
}

/**
 * Runs several mutation steps of one target together: their mutations go to the directory in
 * one call (one JSON batch), so disabling, revoking and every device cost one round trip.
 * Each step's intent is durable before the call; after a crash a `running` step is re-read
 * first and only what has not landed is sent.
 */
export async function runWave(
  deps: CoreDeps,
  writer: StepWriter,
  target: { readonly id: StepState['targetId']; readonly snapshot: TargetSnapshot },
  states: readonly StepState[],
  settings: PipelineSettings,
): Promise<void> {
  const plans: Planned[] = [];
  for (const state of states) {
    const step = state.step as ConfigurableStep;
    const plan = planStep(step, target, state.outcome, () => deps.passwords.newPassword());
    if (plan.kind === 'settled') {
      await writer.settle(state, plan.status, plan.outcome);
      continue;
    }
    plans.push({ state, send: plan.mutations, landed: [] });
  }
  if (plans.length === 0) return;
  const checked = await recheckBeforeResend(deps, writer, target, plans, settings);
  const intended = await Promise.all(
    checked.map(async (p) => ({
      ...p,
      state: p.send.length ? await writer.intend(p.state) : p.state,
    })),
  );
  const results = await deps.directory.applyMutations(intended.flatMap((p) => p.send));
  let offset = 0;
  for (const plan of intended) {
    const own = [...plan.landed, ...results.slice(offset, offset + plan.send.length)];
    offset += plan.send.length;
    await conclude(deps, writer, target.snapshot, plan.state, own, settings);
  }
}

async function conclude(
  deps: CoreDeps,
  writer: StepWriter,
  snapshot: TargetSnapshot,
  state: StepState,
  results: readonly MutationResult[],
  settings: PipelineSettings,
): Promise<void> {
  const conclusion = concludeStep(state.step as ConfigurableStep, snapshot, results, state.outcome);
  if (conclusion.status !== 'retry') {
    await writer.settle(state, conclusion.status, conclusion.outcome);
  } else if (state.attempts < settings.maxStepAttempts) {
    await writer.park(
      state,
      conclusion.outcome,
      resumeAt(deps.clock.now(), state.attempts, conclusion.retryAfterSeconds, settings),
      true,
    );
  } else {
    await writer.settle(state, 'failed', conclusion.outcome);
  }
}

/**
 * Steps tried before (left `running` by a crash, parked after a 5xx that may have landed, or
 * retried after a failure): re-read the target and send only what has not landed yet.
 */
async function recheckBeforeResend(
  deps: CoreDeps,
  writer: StepWriter,
  target: { readonly id: StepState['targetId']; readonly snapshot: TargetSnapshot },
  plans: Planned[],
  settings: PipelineSettings,
): Promise<Planned[]> {
  const interrupted = plans.filter(triedBefore);
  if (interrupted.length === 0) return plans;
  let now: { user?: DirectoryUser; devices?: ReadonlyMap<string, RegisteredDevice> };
  try {
    now = await readCurrent(
      deps,
      target.id,
      interrupted.flatMap((p) => p.send),
    );
  } catch (error) {
    if (!isDomainError(error)) throw error;
    for (const plan of interrupted)
      await failOrPark(deps, writer, plan.state, error, settings, true);
    return plans.filter((p) => !triedBefore(p));
  }
  return plans.map((plan) => {
    if (!triedBefore(plan)) return plan;
    const landed = plan.send.filter((m) =>
      isAlreadyApplied(m, target.snapshot, now, plan.state.intentAt),
    );
    deps.log.info('re-checking a step tried before', {
      step: plan.state.step,
      targetId: target.id,
      alreadyApplied: landed.length,
      toSend: plan.send.length - landed.length,
    });
    return {
      state: plan.state,
      send: plan.send.filter((m) => !landed.includes(m)),
      landed: landed.map((mutation) => ({ mutation, ok: true as const, graphRequestId: null })),
    };
  });
}

const triedBefore = (plan: Planned): boolean =>
  plan.state.status === 'running' || plan.state.outcome !== null;

async function readCurrent(
  deps: CoreDeps,
  userId: StepState['targetId'],
  mutations: readonly DirectoryMutation[],
) {
  const deviceIds = mutations.flatMap((m) => (m.kind === 'disable-device' ? [m.deviceId] : []));
  const needsUser = mutations.some((m) => m.kind !== 'disable-device');
  const [user, devices] = await Promise.all([
    needsUser ? deps.directory.getUser(userId) : Promise.resolve(undefined),
    Promise.all(deviceIds.map((id) => deps.directory.getDevice(id).catch(() => undefined))),
  ]);
  const map = new Map(
    devices.filter((d): d is RegisteredDevice => d !== undefined).map((d) => [d.id, d]),
  );
  return { user, devices: map };
}
