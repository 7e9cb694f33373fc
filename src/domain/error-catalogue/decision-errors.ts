import { type ErrorDefinition } from './error-definition';

/** Deciding, cancelling and retrying a request on its card. */
export const DECISION_ERRORS = {
  REQUEST_NOT_FOUND: {
    kind: 'not-found',
    userMessage: 'There is no request {requestId}.',
    retryable: false,
  },
  CARD_NOT_RECOGNISED: {
    kind: 'not-found',
    userMessage: 'This card does not belong to any Lockdown request.',
    retryable: false,
  },
  REQUEST_EXPIRED: {
    kind: 'conflict',
    userMessage:
      'Request {requestId} expired at {expiresAt} without a decision. Open a new request if it is still needed.',
    retryable: false,
  },
  REQUEST_ALREADY_DECIDED: {
    kind: 'conflict',
    userMessage: 'Request {requestId} was already {outcome} by {actor} at {at}.',
    retryable: false,
  },
  REQUEST_NOT_OPEN: {
    kind: 'conflict',
    userMessage: 'Request {requestId} is {status}; only an open request can be {action}.',
    retryable: false,
  },
  APPROVER_IS_REQUESTER: {
    kind: 'forbidden',
    userMessage:
      'You opened request {requestId}; a different member of the security team must decide it (two-person rule). To withdraw it, type cancel {requestId}.',
    retryable: false,
  },
  APPROVER_IS_TARGET: {
    kind: 'forbidden',
    userMessage:
      'Your own account is one of the targets of request {requestId}, so you cannot decide it.',
    retryable: false,
  },
  APPROVER_NOT_IN_GROUP: {
    kind: 'forbidden',
    userMessage:
      "Only members of the security team's approver group can approve or reject requests.",
    retryable: false,
  },
  APPROVER_NOT_ELIGIBLE: {
    kind: 'forbidden',
    userMessage:
      'Only an enabled member account of this tenant can decide requests; yours is {problem}.',
    retryable: false,
  },
  REQUESTER_LEFT_GROUP: {
    kind: 'forbidden',
    userMessage:
      "{requester} opened request {requestId} but is no longer in the security team's requester group, so it cannot be approved. Reject it, and open a new request if it is still needed.",
    retryable: false,
  },
  CARD_BINDING_MISMATCH: {
    kind: 'forbidden',
    userMessage:
      'This card is not the one Lockdown posted for request {requestId}; decide it on its card in the security channel.',
    retryable: false,
  },
  NOT_A_CLICK: {
    kind: 'forbidden',
    userMessage: "A decision needs a click on the card's button; nothing was changed.",
    retryable: false,
  },
  ONLY_REQUESTER_CAN_CANCEL: {
    kind: 'forbidden',
    userMessage: 'Only the requester, {requester}, can cancel request {requestId}.',
    retryable: false,
  },
  NOTHING_TO_RETRY: {
    kind: 'conflict',
    userMessage: 'Request {requestId} has no failed steps to retry.',
    retryable: false,
  },
} satisfies Record<string, ErrorDefinition>;
