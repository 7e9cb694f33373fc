import { DomainError, type ErrorContext } from '../../domain/errors';
import { parseRetryAfter } from './graph-client';
import { GRAPH_OPERATIONS, type GraphOperation } from './graph-operations';

/** The parts of a failed Graph answer that decide which catalogued error it is. */
export interface GraphFailure {
  readonly status: number;
  readonly body: unknown;
  readonly header: (name: string) => string | null | undefined;
}

interface GraphErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly innerError?: { readonly 'request-id'?: string };
}

/** What every mapping keeps: what was asked, Graph's facts for the audit trail, a log line. */
interface FailureFacts {
  readonly operation: GraphOperation;
  readonly subject: string;
  readonly graphCode: string | undefined;
  readonly context: ErrorContext;
  readonly detail: string;
}

/**
 * Maps a non-2xx Graph answer to the catalogue, keeping Graph's request-id, status and code in
 * the context for the audit trail. `subject` names what was addressed (a UPN or object id).
 */
export function fromGraphFailure(
  operation: GraphOperation,
  failure: GraphFailure,
  subject = '',
): DomainError {
  const facts = readFacts(operation, failure, subject);
  const { status } = failure;
  if (status === 401) return new DomainError('GRAPH_UNAUTHORIZED', {}, keep(facts));
  if (status === 403) return forbidden(facts);
  if (status === 404) return notFound(facts);
  if (status === 429) return throttled(facts, failure.header('retry-after'));
  if (status >= 500 || status === 424) {
    return new DomainError(
      'GRAPH_UNAVAILABLE',
      { operation: does(facts), status: `HTTP ${status}` },
      keep(facts),
    );
  }
  if (status >= 400) {
    return new DomainError(
      'GRAPH_BAD_REQUEST',
      { operation: does(facts), graphCode: facts.graphCode ?? `HTTP ${status}` },
      keep(facts),
    );
  }
  return new DomainError('GRAPH_UNEXPECTED_RESPONSE', { operation: does(facts) }, keep(facts));
}

function readFacts(
  operation: GraphOperation,
  failure: GraphFailure,
  subject: string,
): FailureFacts {
  const error = errorBody(failure.body);
  const context: ErrorContext = {
    status: failure.status,
    graphCode: error.code,
    graphRequestId: error.innerError?.['request-id'] ?? failure.header('request-id') ?? undefined,
  };
  const detail =
    `${GRAPH_OPERATIONS[operation].does}: HTTP ${failure.status} ${error.code ?? ''} ${error.message ?? ''}`.trim();
  return { operation, subject, graphCode: error.code, context, detail };
}

const does = (facts: FailureFacts): string => GRAPH_OPERATIONS[facts.operation].does;

const keep = (facts: FailureFacts, extra: ErrorContext = {}) => ({
  context: { ...facts.context, ...extra },
  detail: facts.detail,
});

/** A 403 names the permission Lockdown's identity lacks for this operation. */
function forbidden(facts: FailureFacts): DomainError {
  const permission = GRAPH_OPERATIONS[facts.operation].permission;
  return new DomainError(
    'GRAPH_FORBIDDEN',
    { operation: does(facts), permission },
    keep(facts, { permission }),
  );
}

/** A 404 on a device call lost the device; on anything else, the user. */
function notFound(facts: FailureFacts): DomainError {
  const device = facts.operation === 'read-device' || facts.operation === 'disable-device';
  return new DomainError(
    device ? 'DEVICE_NOT_FOUND' : 'USER_NOT_FOUND',
    { reference: facts.subject, deviceId: facts.subject },
    keep(facts),
  );
}

/** A 429 keeps Retry-After, so the pipeline can park the work until then. */
function throttled(facts: FailureFacts, retryAfter: string | null | undefined): DomainError {
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  return new DomainError(
    'GRAPH_THROTTLED',
    {
      retryAfterSeconds: retryAfterSeconds === undefined ? 'a few' : Math.ceil(retryAfterSeconds),
    },
    keep(facts, { retryAfterSeconds }),
  );
}

/** No answer at all: the connection failed, timed out, or the credential could not get a token. */
export function fromTransportFailure(operation: GraphOperation, cause: unknown): DomainError {
  const names = errorNames(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  const detail = `${GRAPH_OPERATIONS[operation].does}: ${names.join('/')}: ${message}`;
  if (names.some((n) => /Credential|Authentication|ManagedIdentity/i.test(n))) {
    return new DomainError('GRAPH_UNAUTHORIZED', {}, { cause, detail });
  }
  const timedOut = names.some((n) => /Timeout|Abort/i.test(n)) || /timeout|aborted/i.test(message);
  return new DomainError(
    'GRAPH_UNAVAILABLE',
    {
      operation: GRAPH_OPERATIONS[operation].does,
      status: timedOut ? 'no answer in time' : 'no connection',
    },
    { cause, detail },
  );
}

/**
 * The names an error goes by. The SDK wraps what fetch or the credential threw in a GraphError
 * whose `body` is the original error, so both levels are looked at.
 */
function errorNames(cause: unknown): string[] {
  const levels = [cause, (cause as { body?: unknown })?.body];
  return levels.flatMap((level) => {
    const { code, name } = (level ?? {}) as { code?: unknown; name?: unknown };
    return [code, name].filter((v): v is string => typeof v === 'string' && v.length > 0);
  });
}

function errorBody(body: unknown): GraphErrorBody {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') return error as GraphErrorBody;
  }
  return {};
}
