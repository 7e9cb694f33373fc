import { randomUUID } from 'node:crypto';

import { type CallRecorder } from './call-log';
import { faultError, type FaultRegistry } from './faults';
import { type Fault } from './graph-simulator';
import {
  badRequest,
  GraphRequestError,
  type GraphResult,
  type ResponseIds,
  standardHeaders,
} from './graph-response';
import { matchRoute, normalisePath, type Route } from './router';
import { type Scheduler } from './scheduler';
import { type SimClock } from './sim-clock';
import { type SimulatorContext } from './simulator-context';

/** One Graph call after authentication: a top-level request or a $batch item. */
export interface GraphCall {
  method: string;
  /** Percent-encoded path after '/v1.0', starting with '/'. */
  rawPath: string;
  rawQuery: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: unknown;
  roles: ReadonlySet<string>;
  viaBatch: boolean;
}

/** The answer to write, or `hang` for a call that must never be answered. */
export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  hang?: boolean;
}

export interface PipelineDeps {
  routes: readonly Route[];
  faults: FaultRegistry;
  calls: CallRecorder;
  scheduler: Scheduler;
  clock: SimClock;
  context: () => SimulatorContext;
}

/**
 * Routing, fault injection, the handler and the call log, in that order, for every Graph call.
 * Top-level requests and $batch items both come through here, so they obey the same rules.
 */
export class GraphPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  newIds(headers: Record<string, string>): ResponseIds {
    const requestId = randomUUID();
    const clientRequestId = headers['client-request-id'] ?? requestId;
    return { requestId, clientRequestId, date: this.deps.clock.now() };
  }

  async execute(call: GraphCall): Promise<GraphResponse> {
    const ids = this.newIds(call.headers);
    let decoded: string[];
    try {
      decoded = decodeSegments(call.rawPath);
    } catch {
      return this.finish(call, ids, badRequest('Bad Request - Invalid URL'), false, call.rawPath);
    }
    /** The log shows the path as asked for; routing and faults see the normalised one. */
    const asked = `/${decoded.join('/')}`;
    const { segments, keySyntax } = normalisePath(decoded);
    const path = `/${segments.join('/')}`;
    const match = matchRoute(this.deps.routes, call.method, segments);
    if (match.kind !== 'found') {
      return this.finish(call, ids, unrouted(match.kind, segments), false, asked);
    }
    const fault = this.deps.faults.take(call.method, path, call.viaBatch);
    if (fault?.latencyMs) await this.deps.scheduler.sleep(fault.latencyMs);
    if (fault?.hang) {
      this.record(call, asked, 0, false);
      return { status: 0, headers: {}, hang: true };
    }
    if (fault?.status !== undefined && !fault.applyThenFail) {
      return this.finish(call, ids, faultError(fault as Fault & { status: number }), false, asked);
    }
    const request = {
      ...call,
      path,
      query: new URLSearchParams(call.rawQuery),
      params: match.params,
      keySyntax,
    };
    const outcome = await this.run(() => match.route.handler(request, this.deps.context()));
    const succeeded = !(outcome instanceof GraphRequestError) && outcome.status < 300;
    const applied = match.route.mutates && succeeded;
    if (fault?.status !== undefined && succeeded) {
      return this.finish(
        call,
        ids,
        faultError(fault as Fault & { status: number }),
        applied,
        asked,
      );
    }
    return this.finish(call, ids, outcome, applied, asked);
  }

  /** Answers without running anything (a failed $batch dependency, an unusable item url). */
  reject(call: GraphCall, error: GraphRequestError): GraphResponse {
    return this.finish(call, this.newIds(call.headers), error, false, safeDecode(call.rawPath));
  }

  /** Records a call rejected before routing (authentication, version, body). */
  record(call: GraphCall, path: string, status: number, applied: boolean): void {
    this.deps.calls.record({
      time: this.deps.clock.now().toISOString(),
      method: call.method,
      path: `/v1.0${path}`,
      query: decodeQuery(call.rawQuery),
      status,
      viaBatch: call.viaBatch,
      applied,
      body: call.body,
    });
  }

  private async run(
    handler: () => GraphResult | Promise<GraphResult>,
  ): Promise<GraphResult | GraphRequestError> {
    try {
      return await handler();
    } catch (error) {
      if (error instanceof GraphRequestError) return error;
      const message = `Simulator failure: ${(error as Error).message}`;
      return new GraphRequestError(500, 'Service_InternalServerError', message);
    }
  }

  private finish(
    call: GraphCall,
    ids: ResponseIds,
    outcome: GraphResult | GraphRequestError,
    applied: boolean,
    path: string,
  ): GraphResponse {
    const response = toResponse(outcome, ids);
    this.record(call, path, response.status, applied);
    return response;
  }
}

export function toResponse(
  outcome: GraphResult | GraphRequestError,
  ids: ResponseIds,
): GraphResponse {
  if (outcome instanceof GraphRequestError) {
    const headers = { ...standardHeaders(ids, true), ...outcome.headers };
    return { status: outcome.status, headers, body: outcome.body(ids) };
  }
  const json = outcome.body !== undefined && outcome.status !== 204;
  return {
    status: outcome.status,
    headers: { ...standardHeaders(ids, json), ...outcome.headers },
    body: json ? outcome.body : undefined,
  };
}

function unrouted(kind: 'method-not-allowed' | 'not-found', segments: string[]): GraphRequestError {
  if (kind === 'method-not-allowed') {
    return new GraphRequestError(
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
  }
  return new GraphRequestError(
    404,
    'Request_ResourceNotFound',
    `Resource not found for the segment '${segments[0] ?? ''}'.`,
  );
}

function decodeSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
}

function safeDecode(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

function decodeQuery(rawQuery: string): string {
  try {
    return decodeURIComponent(rawQuery.replace(/\+/g, ' '));
  } catch {
    return rawQuery;
  }
}
