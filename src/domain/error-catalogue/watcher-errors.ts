import { type ErrorDefinition } from './error-definition';

/** The watcher: delta, subscriptions, automatic revocation and its review. */
export const WATCHER_ERRORS = {
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
} satisfies Record<string, ErrorDefinition>;
