import { type ErrorDefinition } from './error-definition';

/** Opening a request: the targets, the reason, who may ask for whom. */
export const OPENING_ERRORS = {
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
} satisfies Record<string, ErrorDefinition>;
