/**
 * The error catalogue: every failure a person can see has a stable code here.
 *
 * `userMessage` is safe to show in Teams; `DomainError.message` (for logs) may carry more detail.
 * Every code is documented in docs/errors.md, and a unit test keeps the two in step.
 */
export type ErrorKind =
  'invalid-input' | 'forbidden' | 'not-found' | 'conflict' | 'upstream' | 'internal';

export interface ErrorDefinition {
  readonly kind: ErrorKind;
  /** Template with `{placeholders}`; shown to people as is. */
  readonly userMessage: string;
  /** True when the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;
}

const define = <T extends Record<string, ErrorDefinition>>(catalogue: T): T => catalogue;

export const ERRORS = define({
  USER_REFERENCE_INVALID: {
    kind: 'invalid-input',
    userMessage:
      '"{input}" is not a user principal name (name@domain) or an Entra object id (GUID): {problem}.',
    retryable: false,
  },
  USER_NOT_FOUND: {
    kind: 'not-found',
    userMessage: 'No user {reference} exists in the directory.',
    retryable: false,
  },
  DEVICE_NOT_FOUND: {
    kind: 'not-found',
    userMessage: 'The device {deviceId} no longer exists in the directory.',
    retryable: false,
  },
  GRAPH_FORBIDDEN: {
    kind: 'forbidden',
    userMessage:
      "Microsoft Graph refused to {operation}. Lockdown's identity needs the {permission} application permission; a target that holds an admin role also needs Lockdown to hold a higher Entra role.",
    retryable: false,
  },
  GRAPH_THROTTLED: {
    kind: 'upstream',
    userMessage:
      'Microsoft Graph is throttling Lockdown; it will try again in {retryAfterSeconds} s.',
    retryable: true,
  },
  GRAPH_UNAVAILABLE: {
    kind: 'upstream',
    userMessage:
      'Microsoft Graph could not {operation} right now ({status}); Lockdown will try again.',
    retryable: true,
  },
  GRAPH_UNAUTHORIZED: {
    kind: 'upstream',
    userMessage:
      'Lockdown could not authenticate to Microsoft Graph; check its managed identity or credential.',
    retryable: true,
  },
  GRAPH_BAD_REQUEST: {
    kind: 'upstream',
    userMessage: 'Microsoft Graph rejected the request to {operation} ({graphCode}).',
    retryable: false,
  },
  GRAPH_UNEXPECTED_RESPONSE: {
    kind: 'upstream',
    userMessage: 'Microsoft Graph gave an unexpected answer to {operation}; nothing was assumed.',
    retryable: false,
  },
  NO_TARGETS: {
    kind: 'invalid-input',
    userMessage:
      'Name at least one user to revoke, as a UPN (alice@contoso.com) or an Entra object id: revoke <user> [<user> ...] <reason>.',
    retryable: false,
  },
  TOO_MANY_TARGETS: {
    kind: 'invalid-input',
    userMessage:
      'A request can name at most {max} users; this one names {count}. Split it into several requests.',
    retryable: false,
  },
  REASON_REQUIRED: {
    kind: 'invalid-input',
    userMessage:
      'Give a reason after the users, e.g. revoke alice@contoso.com phishing. It goes into the audit trail.',
    retryable: false,
  },
  REASON_TOO_LONG: {
    kind: 'invalid-input',
    userMessage: 'The reason is {length} characters long; keep it to at most {max}.',
    retryable: false,
  },
  TARGETS_INVALID: {
    kind: 'invalid-input',
    userMessage: '{count} of the users cannot be revoked: {problems}. Nothing was created.',
    retryable: false,
  },
  REQUESTER_NOT_IN_GROUP: {
    kind: 'forbidden',
    userMessage:
      "Only members of the security team's requester group can open revocation requests.",
    retryable: false,
  },
  REQUESTER_IS_TARGET: {
    kind: 'forbidden',
    userMessage: 'You cannot open a revocation request for your own account.',
    retryable: false,
  },
  TARGET_PROTECTED: {
    kind: 'forbidden',
    userMessage:
      '{user} is a protected break-glass account; Lockdown never revokes it. Follow your emergency-access runbook instead.',
    retryable: false,
  },
  TARGET_PRIVILEGED: {
    kind: 'forbidden',
    userMessage:
      '{user} holds the privileged role {role}; Lockdown refuses privileged accounts unless ALLOW_PRIVILEGED_TARGETS is true. Escalate to a Privileged Role Administrator.',
    retryable: false,
  },
  MEMBERSHIP_CHECK_UNAVAILABLE: {
    kind: 'upstream',
    userMessage:
      'Lockdown could not confirm security-team membership with Microsoft Graph, so it did nothing. Try again in a minute.',
    retryable: true,
  },
  ROLE_CHECK_UNAVAILABLE: {
    kind: 'upstream',
    userMessage:
      "Lockdown could not read {user}'s directory roles, so it cannot rule out a privileged account and did nothing. Try again in a minute.",
    retryable: true,
  },
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
  STORE_UNAVAILABLE: {
    kind: 'upstream',
    userMessage: 'Lockdown could not record this durably, so it did nothing. Try again shortly.',
    retryable: true,
  },
  STORE_CONFLICT: {
    kind: 'conflict',
    userMessage:
      'Someone else changed request {requestId} at the same moment; look at its card for the current state.',
    retryable: true,
  },
  CHANNEL_POST_FAILED: {
    kind: 'upstream',
    userMessage:
      'Lockdown could not post request {requestId} to the security channel (is the app installed in that team?), so it withdrew the request. Nothing was changed.',
    retryable: true,
  },
  REQUEST_ID_INVALID: {
    kind: 'invalid-input',
    userMessage: '"{input}" is not a request id; request ids look like LD-7K3M9Q.',
    retryable: false,
  },
  COMMAND_USAGE: {
    kind: 'invalid-input',
    userMessage: 'The command needs this form: {usage}.',
    retryable: false,
  },
  NOT_SECURITY_TEAM: {
    kind: 'forbidden',
    userMessage: "Only members of the security team can see Lockdown's requests.",
    retryable: false,
  },
  REQUEST_FORM_INVALID: {
    kind: 'invalid-input',
    userMessage: 'The request form was not understood ({problem}); open a new form with revoke.',
    retryable: false,
  },
  DELTA_TOKEN_EXPIRED: {
    kind: 'upstream',
    userMessage:
      "The directory's change feed expired; Lockdown starts a new baseline and acts on nothing from it.",
    retryable: false,
  },
  SUBSCRIPTION_NOT_FOUND: {
    kind: 'not-found',
    userMessage:
      'Microsoft Graph no longer has the change-notification subscription {subscriptionId}; Lockdown creates a new one.',
    retryable: false,
  },
  SUBSCRIPTION_REFUSED: {
    kind: 'upstream',
    userMessage:
      'Microsoft Graph refused the change-notification subscription ({graphCode}); check that PUBLIC_BASE_URL reaches /api/graph/notifications from the internet. Delta polling continues.',
    retryable: true,
  },
  AUTOMATION_PAUSED: {
    kind: 'conflict',
    userMessage:
      'Automatic revocation is paused after {count} automatic revocations within an hour; the security team must review and resume it.',
    retryable: false,
  },
  RESUME_NEEDS_SECOND_PERSON: {
    kind: 'forbidden',
    userMessage:
      'You asked to resume automatic revocation; a different member of the security team must confirm it (two-person rule).',
    retryable: false,
  },
  NOTHING_TO_RESUME: {
    kind: 'conflict',
    userMessage: 'Automatic revocation is not paused.',
    retryable: false,
  },
  REDISABLE_ALREADY_OPEN: {
    kind: 'conflict',
    userMessage:
      'A re-disable request for this account is already open ({requestId}); approve it on its card in the security channel.',
    retryable: false,
  },
  NOTHING_TO_REDISABLE: {
    kind: 'conflict',
    userMessage: '{user} is disabled again; there is nothing to re-disable.',
    retryable: false,
  },
  INTERNAL: {
    kind: 'internal',
    userMessage: 'Something went wrong inside Lockdown (ref {reference}).',
    retryable: false,
  },
});

export type ErrorCode = keyof typeof ERRORS;
export type ErrorParams = Readonly<Record<string, string | number>>;

/** Facts kept for logs and the audit trail, never shown raw to people. */
export interface ErrorContext {
  readonly graphRequestId?: string;
  readonly status?: number;
  readonly graphCode?: string;
  readonly retryAfterSeconds?: number;
  readonly [key: string]: unknown;
}

export interface DomainErrorOptions {
  readonly context?: ErrorContext;
  /** Log-only detail; may name internal things a user must not see. */
  readonly detail?: string;
  readonly cause?: unknown;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly userMessage: string;
  readonly params: ErrorParams;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, params: ErrorParams = {}, options: DomainErrorOptions = {}) {
    const definition: ErrorDefinition = ERRORS[code];
    const userMessage = renderUserMessage(definition.userMessage, params);
    super(
      options.detail ? `[${code}] ${userMessage} (${options.detail})` : `[${code}] ${userMessage}`,
      {
        cause: options.cause,
      },
    );
    this.name = 'DomainError';
    this.code = code;
    this.kind = definition.kind;
    this.retryable = definition.retryable;
    this.userMessage = userMessage;
    this.params = params;
    this.context = options.context ?? {};
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

const MAX_PARAM_LENGTH = 80;
/** Parameters that are lists of other messages; still bounded, but room for every item. */
const LIST_PARAMS = new Set(['problems']);
const MAX_LIST_LENGTH = 2_000;

/** Fills `{name}` placeholders; values are stripped of control characters and shortened. */
export function renderUserMessage(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined
      ? whole
      : sanitizeParam(String(value), LIST_PARAMS.has(name) ? MAX_LIST_LENGTH : MAX_PARAM_LENGTH);
  });
}

function sanitizeParam(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}
