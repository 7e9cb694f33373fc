import { type ErrorDefinition } from './error-definition';

/** Lockdown's own store and the Bot Connector. */
export const SERVICE_ERRORS = {
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
} satisfies Record<string, ErrorDefinition>;
