import {
  type RequestStatus,
  type RevocationRequest,
  type TargetSummary,
} from '../domain/revocation/revocation-request';
import { type StepId } from '../domain/revocation/step-id';
import { STEP_NOTES } from '../domain/revocation/step-notes';
import { type StepState } from '../domain/revocation/step-state';
import { stepsFor } from '../use-cases/initial-steps';
import {
  type RequestCardView,
  type RequestSummaryView,
  type StepProgressView,
  type TargetProgressView,
  type TargetView,
} from './cards/card-views';

export const STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  opened: 'Waiting for approval',
  approved: 'Approved, starting',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  expired: 'Expired',
  running: 'Running',
  completed: 'Completed',
  'completed-with-failures': 'Completed with failures',
};

export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  snapshot: 'Snapshot',
  'disable-account': 'Disable account',
  'revoke-sessions': 'Revoke sessions',
  'disable-devices': 'Disable devices',
  'reset-password': 'Reset password',
  verify: 'Verify',
};

/** "2026-11-22 10:15 UTC": cards are read by people in several time zones. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The request card's view: every field of SPEC section 3, then the live progress. */
export function requestCardView(
  request: RevocationRequest,
  steps: readonly StepState[],
  approverUserIds: readonly string[],
): RequestCardView {
  const started = steps.some((s) => s.status !== 'pending' || s.outcome !== null);
  return {
    requestId: request.id,
    token: request.token,
    statusLabel: STATUS_LABELS[request.status],
    status: request.status,
    kind: request.kind,
    requester: request.requester.displayName,
    reason: request.reason,
    createdAt: formatTime(request.createdAt),
    expiresAt: formatTime(request.expiresAt),
    steps: stepsFor(request.steps).map((s) => STEP_TITLES[s]),
    targets: request.targets.map(targetView),
    decisionLine: decisionLine(request),
    progress: started ? request.targets.map((t) => targetProgress(t, steps)) : [],
    notes: closingNotes(request, steps),
    approverUserIds: request.status === 'opened' ? approverUserIds.slice(0, 60) : [],
    canRetry:
      request.status === 'completed-with-failures' && steps.some((s) => s.status === 'failed'),
  };
}

function targetView(target: TargetSummary): TargetView {
  const warnings: string[] = [];
  if (target.synced) {
    warnings.push(
      'Synced from on-premises AD: Lockdown disables the cloud account, but it must also be disabled in AD (and its password reset twice) or the next sync re-enables it.',
    );
  }
  if (target.guest)
    warnings.push(
      "Guest account: Entra does not revoke a guest's sessions; ask the guest's home organisation to revoke them.",
    );
  if (target.privilegedRoles.length > 0) {
    warnings.push(
      `Privileged account (${target.privilegedRoles.join(', ')}): disabling it needs Lockdown to hold a higher Entra role.`,
    );
  }
  return {
    displayName: target.displayName,
    userPrincipalName: target.userPrincipalName,
    objectId: target.id,
    accountState: target.accountEnabled ? 'Enabled' : 'Disabled',
    origin: target.synced ? 'Synced from on-premises AD' : 'Cloud-only',
    userType: target.guest ? 'Guest' : 'Member',
    deviceCount: target.deviceCount,
    privilegedRoles: target.privilegedRoles,
    warnings,
  };
}

function decisionLine(request: RevocationRequest): string {
  if (request.kind === 'automatic')
    return 'Automatic: the account was disabled outside Lockdown, so no approval was needed.';
  const decision = request.decision;
  if (!decision) return '';
  const outcome = decision.outcome.charAt(0).toUpperCase() + decision.outcome.slice(1);
  return decision.outcome === 'expired'
    ? `Expired at ${formatTime(decision.at)} without a decision.`
    : `${outcome} by ${decision.by.displayName} at ${formatTime(decision.at)}.`;
}

function targetProgress(target: TargetSummary, steps: readonly StepState[]): TargetProgressView {
  return {
    displayName: target.displayName,
    userPrincipalName: target.userPrincipalName,
    steps: steps.filter((s) => s.targetId === target.id).map(stepProgress),
  };
}

function stepProgress(state: StepState): StepProgressView {
  const outcome = state.outcome;
  const reference =
    outcome?.graphRequestId && state.status === 'failed'
      ? ` (Graph request-id ${outcome.graphRequestId})`
      : '';
  return {
    title: STEP_TITLES[state.step],
    state: state.status,
    message:
      outcome && state.status !== 'done'
        ? `${outcome.message}${reference}`
        : outcome?.note
          ? outcome.message
          : '',
    devices: (outcome?.devices ?? []).map((d) => ({
      displayName: d.displayName,
      state: d.status,
      message: d.message ?? '',
    })),
  };
}

function closingNotes(request: RevocationRequest, steps: readonly StepState[]): string[] {
  if (request.status !== 'completed' && request.status !== 'completed-with-failures') return [];
  const notes = [
    STEP_NOTES.ACCESS_TOKENS_REMAIN.replace(
      /^Sign-in is blocked and refresh tokens are revoked\. /,
      '',
    ),
  ];
  if (steps.some((s) => s.status === 'failed'))
    notes.push(
      'Some steps failed: see each target above. "Retry failed steps" runs only those again.',
    );
  return notes;
}

export function requestSummary(request: RevocationRequest): RequestSummaryView {
  const names = request.targets.map((t) => t.userPrincipalName);
  return {
    requestId: request.id,
    statusLabel: STATUS_LABELS[request.status],
    targets:
      names.length > 3
        ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
        : names.join(', '),
    requester: request.requester.displayName,
    createdAt: formatTime(request.createdAt),
    reason: request.reason,
  };
}
