import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { type StepId } from '../../domain/revocation/step-id';
import {
  isFinished,
  type StepState,
  type StepStatus,
  type TargetSnapshot,
} from '../../domain/revocation/step-state';
import { type ObjectId } from '../../domain/user-ref';
import { type CoreDeps } from '../core-deps';
import { type PipelineSettings } from './pipeline-settings';
import { runSnapshot } from './run-snapshot';
import { runVerify } from './run-verify';
import { runWave } from './run-wave';
import { StepWriter } from './step-writer';

/**
 * Steps that go to Graph together. Disabling, revoking and the devices are independent and run
 * in one batch; a password reset (opt-in) follows, so two PATCHes never race on one user.
 */
const WAVES: readonly (readonly StepId[])[] = [
  ['disable-account', 'revoke-sessions', 'disable-devices'],
  ['reset-password'],
];

/**
 * Takes one target as far as it can go now: snapshot, the mutation waves, verify. Returns when
 * the target is finished (null) or when what is left is parked (the time it may resume).
 * Critical path after approval: snapshot reads, one batch, the verify read.
 */
export class TargetPipeline {
  constructor(
    private readonly deps: CoreDeps,
    private readonly settings: PipelineSettings,
  ) {}

  async advance(
    request: RevocationRequest,
    targetId: ObjectId,
    progress: () => Promise<void>,
  ): Promise<Date | null> {
    const writer = new StepWriter(this.deps, request, progress);
    const load = () => this.load(request, targetId);
    let states = await load();
    const before = states.get('snapshot')!;
    if (!isFinished(before)) {
      if (this.parked(before)) return this.wakeAt([before]);
      await runSnapshot(this.deps, writer, before, this.settings);
      states = await load();
    }
    const snapshotDone = states.get('snapshot')!;
    if (snapshotDone.status === 'failed') return this.failRest(writer, states, snapshotDone);
    if (snapshotDone.status !== 'done') return this.wakeAt([snapshotDone]);
    const snapshot = snapshotDone.outcome!.snapshot!;
    const afterWaves = await this.runWaves(writer, { id: targetId, snapshot }, states, load);
    if (afterWaves instanceof Date) return afterWaves;
    return this.verify(writer, afterWaves, snapshot);
  }

  /**
   * Each wave in turn. Stops at the first that leaves work parked and says when it may resume;
   * otherwise returns the step states once every wave is finished.
   */
  private async runWaves(
    writer: StepWriter,
    target: { readonly id: ObjectId; readonly snapshot: TargetSnapshot },
    current: ReadonlyMap<StepId, StepState>,
    load: () => Promise<Map<StepId, StepState>>,
  ): Promise<Date | ReadonlyMap<StepId, StepState>> {
    let states = current;
    for (const wave of WAVES) {
      const due = unfinished(states, wave);
      if (due.length === 0) continue;
      const ready = due.filter((s) => !this.parked(s));
      if (ready.length > 0) await runWave(this.deps, writer, target, ready, this.settings);
      states = await load();
      const left = unfinished(states, wave);
      if (left.length > 0) return this.wakeAt(left);
    }
    return states;
  }

  /** `verify`, once every mutation step is finished; null when the target is finished. */
  private async verify(
    writer: StepWriter,
    states: ReadonlyMap<StepId, StepState>,
    snapshot: TargetSnapshot,
  ): Promise<Date | null> {
    const verify = states.get('verify')!;
    if (isFinished(verify)) return null;
    if (this.parked(verify)) return this.wakeAt([verify]);
    const finished = new Map<StepId, StepStatus>(
      [...states.values()].map((s) => [s.step, s.status]),
    );
    const revokeSentAt = states.get('revoke-sessions')?.intentAt ?? null;
    const verified = await runVerify(
      this.deps,
      writer,
      verify,
      snapshot,
      finished,
      this.settings,
      revokeSentAt,
    );
    return isFinished(verified) ? null : this.wakeAt([verified]);
  }

  private async load(
    request: RevocationRequest,
    targetId: ObjectId,
  ): Promise<Map<StepId, StepState>> {
    const all = await this.deps.requests.listSteps(request.id);
    return new Map(all.filter((s) => s.targetId === targetId).map((s) => [s.step, s]));
  }

  private parked(state: StepState): boolean {
    return (
      state.notBefore !== null && Date.parse(state.notBefore) > this.deps.clock.now().getTime()
    );
  }

  private wakeAt(states: readonly StepState[]): Date {
    const times = states.map((s) =>
      s.notBefore ? Date.parse(s.notBefore) : this.deps.clock.now().getTime(),
    );
    return new Date(Math.min(...times));
  }

  /** Without a before-state nothing can be done safely: the other steps fail with its reason. */
  private async failRest(
    writer: StepWriter,
    states: ReadonlyMap<StepId, StepState>,
    snapshot: StepState,
  ): Promise<null> {
    for (const state of states.values()) {
      if (state.step !== 'snapshot' && !isFinished(state)) {
        await writer.settle(state, 'failed', {
          message: `No before-state could be recorded: ${snapshot.outcome?.message ?? 'unknown error'}`,
          errorCode: snapshot.outcome?.errorCode,
          retryable: snapshot.outcome?.retryable,
        });
      }
    }
    return null;
  }
}

const unfinished = (states: ReadonlyMap<StepId, StepState>, wave: readonly StepId[]) =>
  wave
    .map((step) => states.get(step))
    .filter((s): s is StepState => s !== undefined && !isFinished(s));
