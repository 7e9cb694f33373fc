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

/** Fills `{name}` placeholders; values are stripped of control characters and shortened. */
export function renderUserMessage(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : sanitizeParam(String(value));
  });
}

function sanitizeParam(value: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return printable.length > MAX_PARAM_LENGTH
    ? `${printable.slice(0, MAX_PARAM_LENGTH - 1)}…`
    : printable;
}
