import { type ObjectId } from '../user-ref';
import { type RequestId } from './request-id';
import { type StepId } from './step-id';
import { type StepNoteCode } from './step-notes';

/**
 * One step for one target. `running` with `intentAt` is written durably before the Graph call,
 * so after a crash the work resumes with a read-check instead of a blind second mutation.
 * `pending` with `notBefore` is parked (throttled or Graph unavailable) until then.
 */
export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface DeviceOutcome {
  readonly id: ObjectId;
  readonly displayName: string;
  readonly status: 'done' | 'skipped' | 'failed';
  readonly message?: string;
  readonly graphRequestId?: string | null;
}

/** The before-state recorded by `snapshot` (SPEC section 4). */
export interface TargetSnapshot {
  readonly exists: boolean;
  readonly accountEnabled: boolean;
  readonly synced: boolean;
  readonly guest: boolean;
  readonly signInSessionsValidFromDateTime: string | null;
  readonly lastPasswordChangeDateTime: string | null;
  readonly devices: ReadonlyArray<{
    readonly id: ObjectId;
    readonly displayName: string;
    readonly operatingSystem: string | null;
    readonly accountEnabled: boolean | null;
  }>;
  readonly roles: readonly string[];
}

export interface StepOutcome {
  /** What a person reads on the card: why skipped, why failed, or what to do next. */
  readonly message: string;
  readonly note?: StepNoteCode;
  /** The catalogued error code of a failure. */
  readonly errorCode?: string;
  readonly graphRequestId?: string | null;
  readonly retryable?: boolean;
  readonly devices?: readonly DeviceOutcome[];
  readonly snapshot?: TargetSnapshot;
}

export interface StepState {
  readonly requestId: RequestId;
  readonly targetId: ObjectId;
  readonly step: StepId;
  readonly status: StepStatus;
  readonly attempts: number;
  readonly intentAt: string | null;
  readonly notBefore: string | null;
  readonly outcome: StepOutcome | null;
  readonly version: number;
  readonly updatedAt: string;
}

export const isFinished = (state: StepState): boolean =>
  state.status === 'done' || state.status === 'skipped' || state.status === 'failed';

export function evolveStep(state: StepState, change: Partial<StepState>, now: Date): StepState {
  return { ...state, ...change, version: state.version + 1, updatedAt: now.toISOString() };
}
