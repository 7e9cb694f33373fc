import { isDomainError } from '../domain/errors';
import {
  type ApproverStanding,
  type DecisionAction,
  type RequesterStanding,
} from '../domain/revocation/approval-policy';
import { type RevocationRequest } from '../domain/revocation/revocation-request';
import { type ObjectId } from '../domain/user-ref';
import { type CoreDeps, type CoreSettings } from './core-deps';
import { withinBudget } from './within-budget';

/**
 * How long a click's live directory checks may take, all together. Teams wants the invoke
 * answered within a second (SPEC section 10; a slow invoke shows "Unable to reach app" and is
 * delivered again, teams-platform-facts.md "Timing limits"); the compare-and-set, the audit
 * record and the card need the remaining ~300 ms. Past it the click is refused as "try again",
 * never decided on a guess.
 */
export const DECISION_CHECK_DEADLINE_MS = 700;

/** Both people's standing at the moment of the click; unknown wherever Graph did not answer. */
export interface DecisionStanding {
  readonly approver: ApproverStanding;
  readonly requester: RequesterStanding;
}

const UNKNOWN: DecisionStanding = { approver: { known: false }, requester: { known: false } };

/**
 * Reads, concurrently and within DECISION_CHECK_DEADLINE_MS, the clicker's standing as an
 * approver and, for an approval, whether the requester is still in the requester group. A late
 * answer is dropped: the click has already been refused, and nothing acts on it.
 */
export async function readDecisionStanding(
  deps: Pick<CoreDeps, 'directory' | 'log'>,
  settings: Pick<CoreSettings, 'approverGroupId' | 'requesterGroupId' | 'decisionDeadlineMs'>,
  request: RevocationRequest,
  clicker: ObjectId,
  action: DecisionAction,
): Promise<DecisionStanding> {
  const reads = Promise.all([
    approverStanding(deps, settings.approverGroupId, clicker),
    // A rejection is judged without the requester (requesterStandingRefusal): no read needed.
    action === 'approve'
      ? requesterStanding(deps, settings.requesterGroupId, request.requester.aadObjectId)
      : ({ known: false } as const),
  ]).then(([approver, requester]): DecisionStanding => ({ approver, requester }));
  const deadlineMs = settings.decisionDeadlineMs ?? DECISION_CHECK_DEADLINE_MS;
  const standing = await withinBudget(reads, deadlineMs, undefined);
  if (standing !== undefined) return standing;
  deps.log.warn('membership checks missed their deadline; the click is refused', {
    requestId: request.id,
    deadlineMs,
  });
  return UNKNOWN;
}

async function approverStanding(
  deps: Pick<CoreDeps, 'directory' | 'log'>,
  groupId: ObjectId,
  clicker: ObjectId,
): Promise<ApproverStanding> {
  try {
    const [inApproverGroup, user] = await Promise.all([
      deps.directory.isMemberOf(clicker, groupId),
      deps.directory.getUser(clicker),
    ]);
    return {
      known: true,
      inApproverGroup,
      enabled: user.accountEnabled,
      member: user.userType === 'Member',
    };
  } catch (error) {
    if (isDomainError(error) && error.code === 'USER_NOT_FOUND') {
      return { known: true, inApproverGroup: false, enabled: false, member: false };
    }
    deps.log.warn('approver standing unavailable', { error });
    return { known: false };
  }
}

async function requesterStanding(
  deps: Pick<CoreDeps, 'directory' | 'log'>,
  groupId: ObjectId,
  requester: ObjectId | 'system',
): Promise<RequesterStanding> {
  // Lockdown opens no request that waits for approval; if one ever did, nobody vouches for it.
  if (requester === 'system') return { known: true, inRequesterGroup: false };
  try {
    return { known: true, inRequesterGroup: await deps.directory.isMemberOf(requester, groupId) };
  } catch (error) {
    // A requester deleted from the directory is in no group any more.
    if (isDomainError(error) && error.code === 'USER_NOT_FOUND') {
      return { known: true, inRequesterGroup: false };
    }
    deps.log.warn('requester standing unavailable', { error });
    return { known: false };
  }
}
