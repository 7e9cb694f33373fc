import { type TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { TimeoutHandler } from './timeout-handler';

export interface GraphClientOptions {
  /** GRAPH_ENDPOINT: the Graph root for the cloud in use (or the local simulator). */
  readonly endpoint: string;
  readonly credential: TokenCredential;
  readonly requestTimeoutMs?: number;
  readonly maxRetries?: number;
  /** A Retry-After longer than this is not waited out in-line: the caller parks the work instead. */
  readonly maxInlineWaitSeconds?: number;
}

export const GRAPH_CLIENT_DEFAULTS = {
  requestTimeoutMs: 30_000,
  maxRetries: 3,
  maxInlineWaitSeconds: 10,
} as const;

/**
 * The Graph client with an explicit middleware chain: authentication, retry of 429/503/504
 * honouring Retry-After, telemetry, a per-attempt timeout, then fetch. No redirect handler:
 * Lockdown's calls never redirect, and following one could carry a request somewhere unintended.
 * The endpoint's host is a custom host so that the SDK attaches the token to it (it strips the
 * Authorization header for hosts it does not know).
 */
export function createGraphClient(options: GraphClientOptions): Client {
  const endpoint = new URL(options.endpoint);
  const settings = { ...GRAPH_CLIENT_DEFAULTS, ...definedOnly(options) };
  const authProvider = new TokenCredentialAuthenticationProvider(options.credential, {
    scopes: [`${endpoint.origin}/.default`],
  });
  const retry = new RetryHandlerOptions(
    1,
    settings.maxRetries,
    (_delay, _attempt, _request, _options, response) =>
      isShortWait(response.headers.get('Retry-After'), settings.maxInlineWaitSeconds),
  );
  const chain: Middleware[] = [
    new AuthenticationHandler(authProvider),
    new RetryHandler(retry),
    new TelemetryHandler(),
    new TimeoutHandler(settings.requestTimeoutMs),
    new HTTPMessageHandler(),
  ];
  return Client.initWithMiddleware({
    middleware: chain,
    baseUrl: `${endpoint.origin}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([endpoint.hostname]),
  });
}

/** Seconds in a Retry-After header (delta-seconds, fractions allowed, or an HTTP date). */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

function isShortWait(retryAfter: string | null, maxSeconds: number): boolean {
  const seconds = parseRetryAfter(retryAfter);
  return seconds === undefined || seconds <= maxSeconds;
}

function definedOnly(options: GraphClientOptions): Partial<typeof GRAPH_CLIENT_DEFAULTS> {
  return Object.fromEntries(
    Object.entries({
      requestTimeoutMs: options.requestTimeoutMs,
      maxRetries: options.maxRetries,
      maxInlineWaitSeconds: options.maxInlineWaitSeconds,
    }).filter(([, value]) => value !== undefined),
  );
}
