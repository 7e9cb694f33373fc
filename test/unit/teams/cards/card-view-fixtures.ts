import {
  type RequestCardView,
  type StepProgressView,
  type StepStateView,
  type TargetProgressView,
  type TargetView,
} from '../../../../src/teams/cards/card-views';

/** Builders for card view models: realistic defaults, overridable per test. */

export const TOKEN = 'Zq3v9Xc1Lr8Tn0Wb5Ye2Pa';
export const STEP_TITLES = [
  'Snapshot',
  'Disable account',
  'Revoke sessions',
  'Disable devices',
  'Verify',
];

export const SYNCED_WARNING =
  'Synced from on-premises AD: Lockdown disables the cloud account, but it must also be disabled in AD (and its password reset twice) or the next sync re-enables it.';
export const GUEST_WARNING =
  "Guest account: Entra does not revoke a guest's sessions; ask the guest's home organisation to revoke them.";

export function objectId(n: number): string {
  return `${String(n).padStart(8, '0')}-1111-4222-8333-${String(n).padStart(12, '0')}`;
}

export function target(n: number, change: Partial<TargetView> = {}): TargetView {
  return {
    displayName: `Target Person ${n}`,
    userPrincipalName: `target.person${n}@contoso.com`,
    objectId: objectId(n),
    accountState: 'Enabled',
    origin: 'Cloud-only',
    userType: 'Member',
    deviceCount: 2,
    privilegedRoles: [],
    warnings: [],
    ...change,
  };
}

export function syncedGuestAdmin(n: number): TargetView {
  return target(n, {
    origin: 'Synced from on-premises AD',
    userType: 'Guest',
    privilegedRoles: ['Global Administrator (eligible)'],
    warnings: [
      SYNCED_WARNING,
      GUEST_WARNING,
      'Privileged account (Global Administrator (eligible)): disabling it needs Lockdown to hold a higher Entra role.',
    ],
  });
}

export function step(
  title: string,
  state: StepStateView,
  change: Partial<StepProgressView> = {},
): StepProgressView {
  return { title, state, message: '', devices: [], ...change };
}

/** One target's progress with every step in `state` (the devices step lists two devices). */
export function progressOf(t: TargetView, state: StepStateView, message = ''): TargetProgressView {
  return {
    displayName: t.displayName,
    userPrincipalName: t.userPrincipalName,
    steps: STEP_TITLES.map((title) =>
      step(title, state, {
        message: state === 'skipped' || state === 'failed' ? message : '',
        devices:
          title === 'Disable devices' && state !== 'pending'
            ? [
                { displayName: `LAPTOP-${t.objectId.slice(0, 4)}`, state: 'done', message: '' },
                {
                  displayName: `iPhone of ${t.displayName}`,
                  state: 'skipped',
                  message:
                    'Graph lets an application disable only Windows devices; disable this one in Intune or the Entra admin center.',
                },
              ]
            : [],
      }),
    ),
  };
}

export function requestView(change: Partial<RequestCardView> = {}): RequestCardView {
  return {
    requestId: 'LD-7K3M9Q',
    token: TOKEN,
    statusLabel: 'Waiting for approval',
    status: 'opened',
    kind: 'manual',
    requester: 'Ava Analyst',
    reason: 'Phishing: credentials entered on a fake sign-in page',
    createdAt: '2026-11-22 10:15 UTC',
    expiresAt: '2026-11-22 10:45 UTC',
    steps: STEP_TITLES,
    targets: [target(1)],
    decisionLine: '',
    progress: [],
    notes: [],
    approverUserIds: ['29:approver-1', '29:approver-2'],
    canRetry: false,
    ...change,
  };
}

/** The statuses a request card can show, with a matching view. */
export function viewInStatus(
  status: RequestCardView['status'],
  targets = [target(1)],
): RequestCardView {
  const labels: Record<RequestCardView['status'], string> = {
    opened: 'Waiting for approval',
    approved: 'Approved, starting',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
    expired: 'Expired',
    running: 'Running',
    completed: 'Completed',
    'completed-with-failures': 'Completed with failures',
  };
  const state: Record<RequestCardView['status'], StepStateView | undefined> = {
    opened: undefined,
    approved: 'pending',
    rejected: undefined,
    cancelled: undefined,
    expired: undefined,
    running: 'running',
    completed: 'done',
    'completed-with-failures': 'failed',
  };
  const progressState = state[status];
  const ended = status === 'completed' || status === 'completed-with-failures';
  return requestView({
    status,
    statusLabel: labels[status],
    targets,
    approverUserIds: status === 'opened' ? ['29:approver-1', '29:approver-2'] : [],
    decisionLine:
      status === 'opened' ? '' : `${labels[status]} by Noah Kim at 2026-11-22 10:17 UTC.`,
    progress: progressState
      ? targets.map((t) =>
          progressOf(t, progressState, 'Graph refused the change (Graph request-id 0f1e2d3c).'),
        )
      : [],
    notes: ended
      ? ['Access tokens already issued stay valid until they expire (about an hour).']
      : [],
    canRetry: status === 'completed-with-failures',
  });
}
