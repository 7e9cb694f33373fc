import { DomainError } from '../errors';
import { isExpired, isTarget, type Actor, type RevocationRequest } from './revocation-request';

export type DecisionAction = 'approve' | 'reject';

/** Where the click came from, as the invoke activity says (never from the card's data). */
export interface ClickOrigin {
  readonly conversationId: string;
  /** The card's message id: `replyToId` on an Adaptive Card invoke. */
  readonly replyToId: string | null;
}

/** The approver's standing, read live from the directory at the moment of the click. */
export type ApproverStanding =
  | {
      readonly known: true;
      readonly inApproverGroup: boolean;
      readonly enabled: boolean;
      readonly member: boolean;
    }
  | { readonly known: false };

/** Whether the requester is still in the requester group, read live at the moment of the click. */
export type RequesterStanding =
  { readonly known: true; readonly inRequesterGroup: boolean } | { readonly known: false };

/**
 * The checks that need no directory lookup: the request is open and not expired, the click
 * comes from the card Lockdown posted, and the clicker is neither the requester nor a target
 * (two-person rule, NIST SP 800-53 AC-3(2) and AC-5). Returns the refusal, or null.
 */
export function preliminaryRefusal(
  request: RevocationRequest,
  actor: Actor,
  action: DecisionAction,
  origin: ClickOrigin,
  now: Date,
): DomainError | null {
  const stateRefusal = requestStateRefusal(request, action, now);
  if (stateRefusal) return stateRefusal;
  if (
    !request.card ||
    origin.conversationId !== request.card.conversationId ||
    origin.replyToId !== request.card.activityId
  ) {
    return new DomainError('CARD_BINDING_MISMATCH', { requestId: request.id });
  }
  if (actor.aadObjectId === request.requester.aadObjectId) {
    return new DomainError('APPROVER_IS_REQUESTER', { requestId: request.id });
  }
  if (isTarget(request, actor.aadObjectId)) {
    return new DomainError('APPROVER_IS_TARGET', { requestId: request.id });
  }
  // Opening refuses this already; the click re-checks it, as every rule holds at decision time.
  if (isTarget(request, request.requester.aadObjectId))
    return new DomainError('REQUESTER_IS_TARGET');
  return null;
}

/** The approver must be an enabled member account in the approver group; unknown fails closed. */
export function standingRefusal(standing: ApproverStanding): DomainError | null {
  if (!standing.known) return new DomainError('MEMBERSHIP_CHECK_UNAVAILABLE');
  if (!standing.inApproverGroup) return new DomainError('APPROVER_NOT_IN_GROUP');
  if (!standing.enabled) return new DomainError('APPROVER_NOT_ELIGIBLE', { problem: 'disabled' });
  if (!standing.member)
    return new DomainError('APPROVER_NOT_ELIGIBLE', { problem: 'a guest account' });
  return null;
}

/**
 * An approval carries out what the requester asked, so the requester must still be in the
 * requester group when it is given (threat-model T12: membership is never taken from the time
 * of the request); unknown fails closed. A rejection changes nothing in the directory, so it
 * needs no requester at all: whoever is left in the team can still close the request.
 */
export function requesterStandingRefusal(
  request: RevocationRequest,
  action: DecisionAction,
  standing: RequesterStanding,
): DomainError | null {
  if (action !== 'approve') return null;
  if (!standing.known) return new DomainError('MEMBERSHIP_CHECK_UNAVAILABLE');
  if (!standing.inRequesterGroup) {
    return new DomainError('REQUESTER_LEFT_GROUP', {
      requestId: request.id,
      requester: request.requester.displayName,
    });
  }
  return null;
}

/** Only an open, unexpired request can be decided; anything else says what happened to it. */
export function requestStateRefusal(
  request: RevocationRequest,
  action: DecisionAction | 'cancelled',
  now: Date,
): DomainError | null {
  if (isExpired(request, now) || request.status === 'expired') {
    return new DomainError('REQUEST_EXPIRED', {
      requestId: request.id,
      expiresAt: request.expiresAt,
    });
  }
  if (request.status === 'opened') return null;
  const decision = request.decision;
  if (decision && decision.outcome !== 'expired') {
    return new DomainError('REQUEST_ALREADY_DECIDED', {
      requestId: request.id,
      outcome: decision.outcome,
      actor: decision.by.displayName,
      at: decision.at,
    });
  }
  const verb = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'cancelled';
  return new DomainError('REQUEST_NOT_OPEN', {
    requestId: request.id,
    status: request.status,
    action: verb,
  });
}
