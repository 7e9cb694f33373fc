import { type MutationResult } from '../../directory/directory-mutation';
import { STEP_NOTES } from '../step-notes';
import { type DeviceOutcome, type StepOutcome, type TargetSnapshot } from '../step-state';
import { type StepConclusion } from './mutation-steps';

const WAITING: StepOutcome = { message: STEP_NOTES.WAITING_FOR_GRAPH, note: 'WAITING_FOR_GRAPH' };
const SOME_FAILED: StepOutcome = {
  message: STEP_NOTES.SOME_DEVICES_FAILED,
  note: 'SOME_DEVICES_FAILED',
};

/**
 * `disable-devices` from the directory's answers: one outcome per device, kept across attempts,
 * so a retry touches only the devices that did not succeed. Throttling or an outage on any
 * device means "retry"; a device that cannot be disabled fails the step, the others still count.
 */
export function concludeDevices(
  snapshot: TargetSnapshot,
  results: readonly MutationResult[],
  previous: StepOutcome | null,
): StepConclusion {
  const { outcomes, retryable, retryAfter } = recordDeviceResults(snapshot, results, previous);
  settleDisabledMeanwhile(snapshot, outcomes);
  const devices = [...outcomes.values()];
  if (retryable)
    return {
      status: 'retry',
      outcome: { ...WAITING, devices, retryable: true },
      retryAfterSeconds: retryAfter,
    };
  const failed = devices.filter((d) => d.status === 'failed');
  if (failed.length > 0)
    return {
      status: 'failed',
      outcome: { ...SOME_FAILED, devices, retryable: false },
    };
  return {
    status: 'done',
    outcome: {
      message: `${devices.filter((d) => d.status === 'done').length} device(s) disabled.`,
      devices,
    },
  };
}

/**
 * Each device's outcome, this attempt's over the previous ones; whether any may succeed later
 * and the longest Retry-After among those.
 */
function recordDeviceResults(
  snapshot: TargetSnapshot,
  results: readonly MutationResult[],
  previous: StepOutcome | null,
): { outcomes: Map<string, DeviceOutcome>; retryable: boolean; retryAfter: number | undefined } {
  const outcomes = new Map((previous?.devices ?? []).map((d) => [d.id, d]));
  let retryAfter: number | undefined;
  let retryable = false;
  for (const result of results) {
    const mutation = result.mutation;
    if (mutation.kind !== 'disable-device') continue;
    const device = snapshot.devices.find((d) => d.id === mutation.deviceId);
    outcomes.set(
      mutation.deviceId,
      deviceOutcome(
        mutation.deviceId,
        result,
        device?.displayName ?? mutation.deviceId,
        device?.operatingSystem ?? null,
      ),
    );
    if (!result.ok && result.error.retryable) {
      retryable = true;
      retryAfter =
        Math.max(retryAfter ?? 0, result.error.context.retryAfterSeconds ?? 0) || retryAfter;
    }
  }
  return { outcomes, retryable, retryAfter };
}

/** Disabled meanwhile (by Lockdown or by someone following the NOT_WINDOWS advice): settled. */
function settleDisabledMeanwhile(
  snapshot: TargetSnapshot,
  outcomes: Map<string, DeviceOutcome>,
): void {
  for (const device of snapshot.devices) {
    const known = outcomes.get(device.id);
    if (device.accountEnabled === false && (!known || known.status === 'failed')) {
      outcomes.set(device.id, {
        id: device.id,
        displayName: device.displayName,
        status: 'skipped',
        message: 'Already disabled.',
      });
    }
  }
}

function deviceOutcome(
  id: DeviceOutcome['id'],
  result: MutationResult,
  displayName: string,
  operatingSystem: string | null,
): DeviceOutcome {
  if (result.ok) return { id, displayName, status: 'done', graphRequestId: result.graphRequestId };
  if (result.error.code === 'DEVICE_NOT_FOUND')
    return { id, displayName, status: 'skipped', message: 'The device no longer exists.' };
  const notWindows =
    result.error.code === 'GRAPH_FORBIDDEN' &&
    operatingSystem !== null &&
    operatingSystem !== 'Windows';
  return {
    id,
    displayName,
    status: 'failed',
    message: notWindows ? STEP_NOTES.NOT_WINDOWS : result.error.userMessage,
    graphRequestId: result.error.context.graphRequestId ?? null,
  };
}
