/**
 * The error catalogue: every failure a person can see has a stable code here.
 *
 * `userMessage` is safe to show in Teams; `DomainError.message` (for logs) may carry more detail.
 * Every code is documented in docs/errors.md, and a unit test keeps the two in step.
 */
import { DIRECTORY_ERRORS } from './error-catalogue/directory-errors';
import { OPENING_ERRORS } from './error-catalogue/opening-errors';
import { DECISION_ERRORS } from './error-catalogue/decision-errors';
import { SERVICE_ERRORS } from './error-catalogue/service-errors';
import { COMMAND_ERRORS } from './error-catalogue/command-errors';
import { WATCHER_ERRORS } from './error-catalogue/watcher-errors';
import { INTERNAL_ERRORS } from './error-catalogue/internal-errors';

import { type ErrorDefinition, type ErrorKind } from './error-catalogue/error-definition';

export type { ErrorDefinition, ErrorKind };

/** The catalogue, grouped by where the failure happens; docs/errors.md lists it in this order. */
export const ERRORS = {
  ...DIRECTORY_ERRORS,
  ...OPENING_ERRORS,
  ...DECISION_ERRORS,
  ...SERVICE_ERRORS,
  ...COMMAND_ERRORS,
  ...WATCHER_ERRORS,
  ...INTERNAL_ERRORS,
};

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
