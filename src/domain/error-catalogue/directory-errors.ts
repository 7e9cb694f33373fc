import { type ErrorDefinition } from './error-definition';

/** Resolving people and devices, and what Microsoft Graph answers. */
export const DIRECTORY_ERRORS = {
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
} satisfies Record<string, ErrorDefinition>;
