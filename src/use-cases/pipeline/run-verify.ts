import { isDomainError } from '../../domain/errors';
import { type StepId } from '../../domain/revocation/step-id';
import { STEP_NOTES } from '../../domain/revocation/step-notes';
import {
  type StepState,
  type StepStatus,
  type TargetSnapshot,
} from '../../domain/revocation/step-state';
import { verifyTarget, type Verification } from '../../domain/revocation/steps/verify-target';
import { type CoreDeps } from '../core-deps';
import { failOrPark } from './run-snapshot';
import { type PipelineSettings } from './pipeline-settings';
import { type StepWriter } from './step-writer';

/**
 * `verify`: re-read the target and confirm what the steps did. Graph can lag behind its own
 * writes, so a mismatch is re-read a few times before it is reported (threat-model R30).
 */
export async function runVerify(
  deps: CoreDeps,
  writer: StepWriter,
  state: StepState,
  snapshot: TargetSnapshot,
  finished: ReadonlyMap<StepId, StepStatus>,
  settings: PipelineSettings,
  revokeSentAt: string | null,
): Promise<StepState> {
  if (!snapshot.exists)
    return writer.settle(state, 'skipped', {
      message: STEP_NOTES.TARGET_GONE,
      note: 'TARGET_GONE',
    });
  let verification: Verification | undefined;
  for (let read = 1; read <= settings.verifyAttempts; read++) {
    try {
      verification = verifyTarget(
        snapshot,
        finished,
        await deps.directory.getUser(state.targetId),
        revokeSentAt,
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === 'USER_NOT_FOUND')
        return writer.settle(state, 'skipped', {
          message: STEP_NOTES.TARGET_GONE,
          note: 'TARGET_GONE',
        });
      return failOrPark(deps, writer, state, error, settings);
    }
    if (verification.matches) return writer.settle(state, 'done', verification.outcome);
    if (read < settings.verifyAttempts) await deps.clock.sleep(settings.verifyDelayMs);
  }
  return writer.settle(state, 'failed', verification!.outcome);
}
