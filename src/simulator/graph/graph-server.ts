import { timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';

import { type AdminAnswer } from './admin-api';
import { type CallRecorder } from './call-log';
import {
  type GraphCall,
  type GraphPipeline,
  type GraphResponse,
  toResponse,
} from './graph-pipeline';
import { GraphRequestError } from './graph-response';
import { type Scheduler } from './scheduler';
import { type SimClock } from './sim-clock';
import { type TokenService } from './token-service';

/** Graph refuses request bodies above 4 MB. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const ADMIN_PREFIX = '/_simulator/';

export interface GraphServerDeps {
  pipeline: GraphPipeline;
  tokens: TokenService;
  calls: CallRecorder;
  scheduler: Scheduler;
  clock: SimClock;
  adminKey: string;
  admin: (method: string, path: string, body: Record<string, unknown>) => Promise<AdminAnswer>;
  /** Added before every Graph answer (option latencyMs). */
  latency: () => number;
}

/**
 * The HTTPS request handler: admin calls go to the admin API; everything else is Graph, where
 * the bearer token is checked before anything else and every call lands in the call log.
 */
export function createGraphHandler(deps: GraphServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    res.on('error', () => undefined);
    void handle(req, res, deps).catch((error: Error) => {
      write(res, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: error.message });
    });
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: GraphServerDeps,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const { text, tooLarge } = await readBody(req);
  if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(req, res, deps, url, text);
  const headers = lowerCaseHeaders(req);
  const parsed = parseJson(text);
  const versioned = url.pathname === '/v1.0' || url.pathname.startsWith('/v1.0/');
  const call: GraphCall = {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath: versioned ? url.pathname.slice('/v1.0'.length) || '/' : url.pathname,
    rawQuery: url.search.slice(1),
    headers,
    body: parsed.ok
      ? parsed.value
      : text === ''
        ? undefined
        : `[unparseable body, ${text.length} characters]`,
    roles: new Set<string>(),
    viaBatch: false,
  };
  const ids = deps.pipeline.newIds(headers);
  /** Answers and logs a call refused before routing; the log keeps the path as asked. */
  const reject = (error: GraphRequestError): void => {
    const response = toResponse(error, ids);
    if (versioned) deps.pipeline.record(call, safeDecode(call.rawPath), response.status, false);
    else
      deps.calls.record({
        ...logFields(call, deps.clock),
        path: safeDecode(url.pathname),
        status: response.status,
      });
    write(res, response);
  };
  const auth = deps.tokens.check(headers.authorization);
  if (!auth.ok) return reject(unauthenticated(auth.message));
  call.roles = new Set(auth.claims.roles);
  if (tooLarge)
    return reject(
      new GraphRequestError(413, 'Request_EntityTooLarge', 'The request body exceeds 4 MB.'),
    );
  if (!versioned) {
    const version = url.pathname.split('/')[1] ?? '';
    return reject(new GraphRequestError(400, 'BadRequest', `Invalid version: ${version}`));
  }
  if (!parsed.ok && text !== '') {
    const message =
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';
    return reject(new GraphRequestError(400, 'BadRequest', message));
  }
  const response = await deps.pipeline.execute(call);
  if (response.hang) return;
  await deps.scheduler.sleep(deps.latency());
  write(res, response);
}

async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  deps: GraphServerDeps,
  url: URL,
  text: string,
): Promise<void> {
  const given = Buffer.from(String(req.headers['x-simulator-key'] ?? ''));
  const expected = Buffer.from(deps.adminKey);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return writeJson(res, 401, { error: 'x-simulator-key header missing or wrong' });
  }
  const parsed = parseJson(text === '' ? '{}' : text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    return writeJson(res, 400, { error: 'the body must be a JSON object' });
  }
  try {
    const path = url.pathname.slice(ADMIN_PREFIX.length);
    const answer = await deps.admin(
      req.method ?? 'GET',
      path,
      parsed.value as Record<string, unknown>,
    );
    writeJson(res, answer.status, answer.body);
  } catch (error) {
    writeJson(res, 400, { error: (error as Error).message });
  }
}

function unauthenticated(message: string): GraphRequestError {
  return new GraphRequestError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

function logFields(call: GraphCall, clock: SimClock) {
  return {
    time: clock.now().toISOString(),
    method: call.method,
    query: call.rawQuery,
    viaBatch: false,
    applied: false,
    body: call.body,
  };
}

async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return {
    text: size > MAX_BODY_BYTES ? '' : Buffer.concat(chunks).toString('utf8'),
    tooLarge: size > MAX_BODY_BYTES,
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(', ') : (v ?? ''),
    ]),
  );
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function write(res: ServerResponse, response: GraphResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const body =
    response.body === undefined
      ? undefined
      : typeof response.body === 'string'
        ? response.body
        : JSON.stringify(response.body);
  res.writeHead(response.status, response.headers);
  res.end(body);
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const headers: Record<string, string> =
    body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' };
  write(res, { status, headers, body });
}
