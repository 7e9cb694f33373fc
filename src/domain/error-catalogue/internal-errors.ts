import { type ErrorDefinition } from './error-definition';

/** Anything else: a bug, shown with a reference to find it in the log. */
export const INTERNAL_ERRORS = {
  INTERNAL: {
    kind: 'internal',
    userMessage: 'Something went wrong inside Lockdown (ref {reference}).',
    retryable: false,
  },
} satisfies Record<string, ErrorDefinition>;
