import {
  type DirectoryMutation,
  type MutationResult,
  type OneTimeSecret,
} from '../../directory/directory-mutation';
import { type DomainError } from '../../errors';
import { type DirectoryUser } from '../../directory/directory-user';
import { type RegisteredDevice } from '../../directory/registered-device';
import { type ConfigurableStep } from '../step-id';
import { STEP_NOTES, type StepNoteCode } from '../step-notes';
import { type StepOutcome, type TargetSnapshot } from '../step-state';
import { concludeDevices } from './conclude-devices';
import { movedPast } from './take-snapshot';

/** Either nothing to do (with why), or the mutations to send to the directory. */
export type StepPlan =
  | { readonly kind: 'settled'; readonly status: 'done' | 'skipped'; readonly outcome: StepOutcome }
  | { readonly kind: 'mutate'; readonly mutations: readonly DirectoryMutation[] };

export type StepConclusion =
  | { readonly status: 'done' | 'skipped' | 'failed'; readonly outcome: StepOutcome }
  | {
      readonly status: 'retry';
      readonly outcome: StepOutcome;
      readonly retryAfterSeconds: number | undefined;
    };

const note = (code: StepNoteCode): StepOutcome => ({ message: STEP_NOTES[code], note: code });
const settled = (status: 'done' | 'skipped', code: StepNoteCode): StepPlan => ({
  kind: 'settled',
  status,
  outcome: note(code),
});

/**
 * What a mutation step must do for one target, from its snapshot. `previous` is the step's last
 * outcome: a retry of `disable-devices` touches only the devices that did not succeed.
 */
export function planStep(
  step: ConfigurableStep,
  target: { readonly id: DirectoryUser['id']; readonly snapshot: TargetSnapshot },
  previous: StepOutcome | null,
  newPassword: () => OneTimeSecret,
): StepPlan {
  const { snapshot } = target;
  if (!snapshot.exists) return settled('skipped', 'TARGET_GONE');
  switch (step) {
    case 'disable-account':
      if (!snapshot.accountEnabled)
        return settled('skipped', snapshot.synced ? 'ONPREM_ACTION_REQUIRED' : 'ALREADY_DISABLED');
      return { kind: 'mutate', mutations: [{ kind: 'disable-user', userId: target.id }] };
    case 'revoke-sessions':
      return { kind: 'mutate', mutations: [{ kind: 'revoke-sessions', userId: target.id }] };
    case 'disable-devices': {
      if (snapshot.devices.length === 0) return settled('skipped', 'NO_DEVICES');
      const finished = new Set(
        (previous?.devices ?? []).filter((d) => d.status !== 'failed').map((d) => d.id),
      );
      const todo = snapshot.devices.filter(
        (d) => d.accountEnabled !== false && !finished.has(d.id),
      );
      if (todo.length === 0)
        return settled(finished.size > 0 ? 'done' : 'skipped', 'DEVICES_ALREADY_DISABLED');
      return {
        kind: 'mutate',
        mutations: todo.map((d) => ({ kind: 'disable-device', deviceId: d.id }) as const),
      };
    }
    case 'reset-password':
      if (snapshot.synced) return settled('skipped', 'PASSWORD_ONPREM');
      if (snapshot.guest) return settled('skipped', 'PASSWORD_GUEST');
      return {
        kind: 'mutate',
        mutations: [{ kind: 'reset-password', userId: target.id, password: newPassword() }],
      };
  }
}

/** Turns the directory's answers into the step's outcome; throttling and outages mean "retry". */
export function concludeStep(
  step: ConfigurableStep,
  snapshot: TargetSnapshot,
  results: readonly MutationResult[],
  previous: StepOutcome | null,
): StepConclusion {
  if (step === 'disable-devices') return concludeDevices(snapshot, results, previous);
  const result = results[0];
  if (!result) {
    return {
      status: 'failed',
      outcome: { message: 'The directory gave no answer for this step.', retryable: true },
    };
  }
  if (result.ok) {
    const code = successNote(step, snapshot);
    return {
      status: 'done',
      outcome: {
        ...(code ? note(code) : { message: 'Done.' }),
        graphRequestId: result.graphRequestId,
      },
    };
  }
  const { error } = result;
  if (error.code === 'USER_NOT_FOUND') return { status: 'skipped', outcome: note('TARGET_GONE') };
  if (error.retryable) return retry(error);
  if (step === 'disable-account' && snapshot.synced && error.code === 'GRAPH_BAD_REQUEST') {
    return {
      status: 'skipped',
      outcome: { ...note('ONPREM_REFUSED'), graphRequestId: error.context.graphRequestId },
    };
  }
  return {
    status: 'failed',
    outcome: {
      message: error.userMessage,
      errorCode: error.code,
      graphRequestId: error.context.graphRequestId,
      retryable: false,
    },
  };
}

function successNote(step: ConfigurableStep, snapshot: TargetSnapshot): StepNoteCode | undefined {
  if (step === 'disable-account' && snapshot.synced) return 'ONPREM_ACTION_REQUIRED';
  if (step === 'revoke-sessions' && snapshot.guest) return 'GUEST_SESSIONS_NOT_REVOKED';
  if (step === 'reset-password') return 'PASSWORD_RESET';
  return undefined;
}

function retry(error: DomainError): StepConclusion {
  return {
    status: 'retry',
    outcome: {
      message: `${STEP_NOTES.WAITING_FOR_GRAPH} (${error.userMessage})`,
      note: 'WAITING_FOR_GRAPH',
      errorCode: error.code,
      graphRequestId: error.context.graphRequestId,
      retryable: true,
    },
    retryAfterSeconds: error.context.retryAfterSeconds,
  };
}

/**
 * After a crash the step's Graph call may or may not have landed. Re-reading tells: a mutation
 * whose effect is already visible is not sent again (no step mutates twice).
 */
export function isAlreadyApplied(
  mutation: DirectoryMutation,
  snapshot: TargetSnapshot,
  now: { readonly user?: DirectoryUser; readonly devices?: ReadonlyMap<string, RegisteredDevice> },
  sentAt: string | null = null,
): boolean {
  switch (mutation.kind) {
    case 'disable-user':
      return now.user?.accountEnabled === false;
    case 'revoke-sessions':
      return landedSince(
        now.user?.signInSessionsValidFromDateTime ?? null,
        snapshot.signInSessionsValidFromDateTime,
        sentAt,
      );
    case 'reset-password':
      return landedSince(
        now.user?.lastPasswordChangeDateTime ?? null,
        snapshot.lastPasswordChangeDateTime,
        sentAt,
      );
    case 'disable-device':
      return now.devices?.get(mutation.deviceId)?.accountEnabled === false;
  }
}

/**
 * Whether a timestamp Graph sets on a change moved past the before-state, to a time at or after
 * the step was sent. Stricter than `changedSince`, which verify uses: an unchanged value means
 * "not landed" here, even in the second the step was sent, and the step is sent again. Sending
 * a revoke or a reset twice is harmless; taking one that never happened (after a throttled
 * answer, or a crash before Graph applied it) for done is not, nor taking someone else's change
 * made before the step was sent for Lockdown's.
 */
function landedSince(
  current: string | null,
  before: string | null,
  sentAt: string | null,
): boolean {
  if (!movedPast(current, before)) return false;
  return sentAt === null || Date.parse(current!) >= Math.floor(Date.parse(sentAt) / 1000) * 1000;
}
