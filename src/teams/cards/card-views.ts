/**
 * View models for Lockdown's Adaptive Cards: plain data, already worded for people, built from
 * the domain by request-view.ts and rendered by the card functions. Nothing here decides
 * anything; the server enforces every rule whatever a card shows.
 */

export type StepStateView = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface TargetView {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly objectId: string;
  /** "Enabled" or "Disabled", as when the request was opened. */
  readonly accountState: string;
  /** "Cloud-only" or "Synced from on-premises AD". */
  readonly origin: string;
  /** "Member" or "Guest". */
  readonly userType: string;
  readonly deviceCount: number;
  /** Privileged directory roles, e.g. "Global Administrator (eligible)"; empty for most users. */
  readonly privilegedRoles: readonly string[];
  /** Warnings for this target (synced, guest, privileged), each a full sentence. */
  readonly warnings: readonly string[];
}

export interface DeviceProgressView {
  readonly displayName: string;
  readonly state: 'done' | 'skipped' | 'failed';
  readonly message: string;
}

export interface StepProgressView {
  /** "Snapshot", "Disable account", "Revoke sessions", "Disable devices", "Reset password", "Verify". */
  readonly title: string;
  readonly state: StepStateView;
  /** Why skipped, why failed (with Graph's request-id), or what to do next; may be empty. */
  readonly message: string;
  readonly devices: readonly DeviceProgressView[];
}

export interface TargetProgressView {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly steps: readonly StepProgressView[];
}

/** Which buttons a rendering of the request card carries. */
export type CardAudience =
  /** Everyone in the channel: no decision buttons; a refresh for the eligible approvers. */
  | 'channel'
  /** An eligible approver's own view: Approve and Reject. */
  | 'approver'
  /** The requester's own view: Cancel while open. */
  | 'requester';

export interface RequestCardView {
  readonly requestId: string;
  /** The only thing any button carries. */
  readonly token: string;
  /** "Waiting for approval", "Approved", "Running", "Completed", "Completed with failures", ... */
  readonly statusLabel: string;
  /** Drives colours and which actions make sense. */
  readonly status:
    | 'opened'
    | 'approved'
    | 'rejected'
    | 'cancelled'
    | 'expired'
    | 'running'
    | 'completed'
    | 'completed-with-failures';
  /** "Automatic" for the watcher's revocations (no approval), otherwise "Manual". */
  readonly kind: 'manual' | 'automatic';
  readonly requester: string;
  readonly reason: string;
  /** Human-readable times (UTC), e.g. "2026-11-22 10:15 UTC". */
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Titles of the steps that will run, in order. */
  readonly steps: readonly string[];
  readonly targets: readonly TargetView[];
  /** e.g. "Approved by Noah Kim at 2026-11-22 10:17 UTC"; empty while open. */
  readonly decisionLine: string;
  /** Per-target, per-step progress once running; empty before. */
  readonly progress: readonly TargetProgressView[];
  /** Closing sentences (e.g. the access-token caveat), shown once the run ended. */
  readonly notes: readonly string[];
  /** Teams user ids (29:…) of eligible approvers, for the card's refresh; at most 60. */
  readonly approverUserIds: readonly string[];
  /** True when a finished request has failed steps that can be retried. */
  readonly canRetry: boolean;
}

export interface RefusalView {
  /** Short title, e.g. "Not approved". */
  readonly title: string;
  /** The catalogued, user-safe message. */
  readonly message: string;
  readonly requestId?: string;
}

export interface RequestSummaryView {
  readonly requestId: string;
  readonly statusLabel: string;
  readonly targets: string;
  readonly requester: string;
  readonly createdAt: string;
  readonly reason: string;
}

export interface RequestListView {
  /** "Pending requests", "Recent requests", "Requests for alice@contoso.com". */
  readonly title: string;
  readonly requests: readonly RequestSummaryView[];
  /** Shown when there are none. */
  readonly emptyText: string;
}

export interface RequestFormView {
  /** The configured steps, pre-selected; the form lets a requester change them. */
  readonly steps: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly selected: boolean;
  }>;
  readonly maxTargets: number;
  /** Re-shown after a bad submission, with the problem. */
  readonly users?: string;
  readonly reason?: string;
  readonly problem?: string;
}

export interface HelpView {
  readonly intro?: string;
  readonly commands: ReadonlyArray<{
    readonly usage: string;
    readonly description: string;
    readonly example: string;
  }>;
  /** Set when Lockdown lacks Graph permissions: one line per missing permission. */
  readonly warnings: readonly string[];
}
