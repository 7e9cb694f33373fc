import { DomainError, type ErrorContext } from '../../domain/errors';

/**
 * Catalogued failures of the delta and subscription calls, in the watcher's terms. GraphHttp has
 * already mapped Graph's answer (status, Graph code and request-id are in the context); these
 * say what the status means for a delta link or a subscription.
 */

const EXPIRED_SYNC_CODES = new Set(['syncstatenotfound', 'resyncrequired']);

/** 400/410 syncStateNotFound or resyncRequired, or any 410 Gone (graph-facts §11, R28). */
export function isExpiredDeltaToken(error: unknown): error is DomainError {
  if (!(error instanceof DomainError)) return false;
  const { status, graphCode } = error.context;
  const expiredCode = EXPIRED_SYNC_CODES.has((graphCode ?? '').toLowerCase());
  return status === 410 || (status === 400 && expiredCode);
}

export function deltaTokenExpired(error: DomainError): DomainError {
  return new DomainError(
    'DELTA_TOKEN_EXPIRED',
    {},
    {
      context: graphFacts(error.context),
      detail: `HTTP ${error.context.status} ${error.context.graphCode ?? ''}: start a full round`,
      cause: error,
    },
  );
}

export const hasStatus = (error: unknown, status: number): error is DomainError =>
  error instanceof DomainError && error.context.status === status;

export function subscriptionNotFound(error: DomainError, subscriptionId: string): DomainError {
  return new DomainError(
    'SUBSCRIPTION_NOT_FOUND',
    { subscriptionId },
    // No cause: GraphHttp read the 404 as a missing user, which would mislead in the logs.
    { context: graphFacts(error.context), detail: 'Graph answered 404 for the subscription' },
  );
}

/**
 * 400 (handshake failed, bad values) and 409 (one already exists for users/updated) refuse a new
 * subscription. Graph's own message helps (which handshake step failed), but it comes from the
 * answer to a request that carried the clientState, so any copy of that secret is cut out, and
 * the original error is not kept as the cause.
 */
export function subscriptionRefused(error: DomainError, clientState: string): DomainError {
  const { status, graphCode } = error.context;
  const existing = status === 409 ? existingSubscriptionId(error.message) : undefined;
  const reason =
    status === 409
      ? `a subscription on users/updated already exists${existing ? ` (${existing})` : ''}; look it up and renew it`
      : 'Graph refused the request or the validation handshake';
  return new DomainError(
    'SUBSCRIPTION_REFUSED',
    { graphCode: graphCode ?? `HTTP ${status}` },
    {
      context: {
        ...graphFacts(error.context),
        ...(status === 409 ? { subscriptionExists: true, existingSubscriptionId: existing } : {}),
      },
      detail: `${reason}: ${withoutSecret(error.message, clientState)}`,
    },
  );
}

/** Any other failure of the create call, rebuilt without its details if they quote the secret. */
export function withoutClientState(error: DomainError, clientState: string): DomainError {
  const texts = [error.message, error.stack ?? '', JSON.stringify(error.params)];
  if (clientState === '' || !texts.some((t) => t.includes(clientState))) return error;
  return new DomainError(error.code, withoutSecretParams(error.params, clientState), {
    context: graphFacts(error.context),
    detail: "details withheld: Graph's answer quoted the clientState",
  });
}

/** Graph's message on a 409: "Subscription Id <guid> already exists for the requested combination". */
function existingSubscriptionId(message: string): string | undefined {
  return /Subscription Id ([0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})/i.exec(message)?.[1];
}

function graphFacts(context: ErrorContext): ErrorContext {
  const { status, graphCode, graphRequestId } = context;
  return { status, graphCode, graphRequestId };
}

function withoutSecret(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[clientState]');
}

function withoutSecretParams(params: DomainError['params'], secret: string): DomainError['params'] {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'string' ? withoutSecret(v, secret) : v,
    ]),
  );
}
