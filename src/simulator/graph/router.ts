import { type GraphResult } from './graph-response';
import { type SimulatorContext } from './simulator-context';

/** One Graph call as a route handler sees it. */
export interface GraphRequest {
  method: string;
  /** Decoded path without '/v1.0' (after key-syntax normalisation). */
  path: string;
  /** Path as received, still percent-encoded, without '/v1.0' (for nextLinks). */
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  body: unknown;
  params: Readonly<Record<string, string>>;
  /** The user was addressed as /users('…'), where a leading '$' is legal. */
  keySyntax: boolean;
  /** Application permissions from the caller's token. */
  roles: ReadonlySet<string>;
  viaBatch: boolean;
}

export type RouteHandler = (
  req: GraphRequest,
  sim: SimulatorContext,
) => GraphResult | Promise<GraphResult>;

export interface Route {
  method: string;
  /** Segments; ':name' captures one segment. Literal routes must come before captures. */
  pattern: string;
  /** The call changes state when it succeeds (what CallLog.mutations() lists). */
  mutates: boolean;
  handler: RouteHandler;
}

export interface NormalisedPath {
  segments: string[];
  keySyntax: boolean;
}

const USER_KEY = /^users\('((?:[^']|'')*)'\)$/i;
const DEVICE_KEY = /^devices\(deviceId='([^']*)'\)$/i;

/**
 * OData key syntax becomes ordinary segments: /users('$x@y') → users/$x@y (with '' unescaped),
 * /devices(deviceId='…') → devices/deviceId=…, and a function's trailing '()' is dropped.
 */
export function normalisePath(decodedSegments: string[]): NormalisedPath {
  const [first = '', ...rest] = decodedSegments;
  const user = USER_KEY.exec(first);
  if (user) return { segments: ['users', user[1].replace(/''/g, "'"), ...rest], keySyntax: true };
  const device = DEVICE_KEY.exec(first);
  if (device) return { segments: ['devices', `deviceId=${device[1]}`, ...rest], keySyntax: true };
  const segments = [first, ...rest].map((s) => (s.endsWith('()') ? s.slice(0, -2) : s));
  return { segments, keySyntax: false };
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

export function matchRoute(
  routes: readonly Route[],
  method: string,
  segments: string[],
): RouteMatch {
  let pathExists = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (params === undefined) continue;
    if (route.method === method) return { kind: 'found', route, params };
    pathExists = true;
  }
  return pathExists ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter((p) => p !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = segments[i];
    else if (part.toLowerCase() !== segments[i].toLowerCase()) return undefined;
  }
  return params;
}
