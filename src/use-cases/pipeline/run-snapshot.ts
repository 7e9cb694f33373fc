import { type DomainError, isDomainError } from '../../domain/errors';
import { STEP_NOTES } from '../../domain/revocation/step-notes';
import { type StepState } from '../../domain/revocation/step-state';
import { GONE, takeSnapshot } from '../../domain/revocation/steps/take-snapshot';
import { type CoreDeps } from '../core-deps';
import { resumeAt, type PipelineSettings } from './pipeline-settings';
import { type StepWriter } from './step-writer';

/**
 * `snapshot`: re-read the target by object id after approval and record its before-state. A
 * target deleted meanwhile is recorded as gone; Graph trouble parks the step.
 */
export async function runSnapshot(
  deps: CoreDeps,
  writer: StepWriter,
  state: StepState,
  settings: PipelineSettings,
): Promise<StepState> {
  const id = state.targetId;
  try {
    const [user, devices, roles] = await Promise.all([
      deps.directory.getUser(id),
      deps.directory.listRegisteredDevices(id),
      deps.directory.listDirectoryRoles(id).catch((error: unknown) => {
        deps.log.warn('roles unavailable for the snapshot', { targetId: id, error });
        return [];
      }),
    ]);
    const snapshot = takeSnapshot(user, devices, roles);
    return await writer.settle(state, 'done', {
      message: `Before-state recorded (${devices.length} device(s)).`,
      snapshot,
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === 'USER_NOT_FOUND')
      return writer.settle(state, 'done', {
        message: STEP_NOTES.TARGET_GONE,
        note: 'TARGET_GONE',
        snapshot: GONE,
      });
    return failOrPark(deps, writer, state, error, settings);
  }
}

export async function failOrPark(
  deps: CoreDeps,
  writer: StepWriter,
  state: StepState,
  error: DomainError,
  settings: PipelineSettings,
  attempted = false,
): Promise<StepState> {
  const outcome = {
    message: error.userMessage,
    errorCode: error.code,
    graphRequestId: error.context.graphRequestId,
    retryable: error.retryable,
  };
  const attempts = attempted ? state.attempts : state.attempts + 1;
  if (error.retryable && attempts < settings.maxStepAttempts) {
    return writer.park(
      state,
      outcome,
      resumeAt(deps.clock.now(), attempts, error.context.retryAfterSeconds, settings),
      attempted,
    );
  }
  return writer.settle(state, 'failed', outcome);
}
