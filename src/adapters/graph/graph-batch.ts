import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { parseRetryAfter } from './graph-client';
import { fromGraphFailure } from './graph-errors';
import { type GraphHttp } from './graph-http';
import { GRAPH_OPERATIONS, type GraphOperation } from './graph-operations';

/** Graph's limit per JSON batch (graph-facts §8). */
export const MAX_BATCH_SIZE = 20;

export interface BatchRequest {
  readonly operation: GraphOperation;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root, as graph-paths.ts builds it. */
  readonly path: string;
  readonly body?: unknown;
  readonly subject?: string;
}

export type BatchOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      readonly body: unknown;
      readonly requestId: string | null;
    }
  | { readonly ok: false; readonly error: DomainError };

export interface BatchOptions {
  /** Tries per item, counting the first; throttled and unavailable items are retried alone. */
  readonly maxAttempts: number;
  /** A longer Retry-After is reported as GRAPH_THROTTLED so the caller can park the work. */
  readonly maxInlineWaitSeconds: number;
  /** Batches in flight at once (Graph's limits favour a few over many). */
  readonly concurrency: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const BATCH_DEFAULTS: BatchOptions = {
  maxAttempts: 5,
  maxInlineWaitSeconds: 10,
  concurrency: 4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const RETRYABLE = new Set([429, 503, 504]);
const replySchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number(),
      headers: z.record(z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});
type ItemReply = z.infer<typeof replySchema>['responses'][number];

/**
 * Runs requests as JSON batches of at most 20. The outer 200 says nothing about the items, so
 * each item's status is read on its own; items answered 429/503/504 are resent alone after the
 * longest Retry-After (the SDK's retry handler never looks inside a batch). One outcome per
 * request, in the order given.
 */
export async function runBatch(
  http: GraphHttp,
  requests: readonly BatchRequest[],
  options: BatchOptions = BATCH_DEFAULTS,
): Promise<BatchOutcome[]> {
  const outcomes = new Array<BatchOutcome>(requests.length);
  const chunks: number[][] = [];
  for (let start = 0; start < requests.length; start += MAX_BATCH_SIZE) {
    chunks.push(requests.slice(start, start + MAX_BATCH_SIZE).map((_, i) => start + i));
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      await runChunk(http, requests, chunk, outcomes, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, chunks.length) }, worker));
  return outcomes;
}

async function runChunk(
  http: GraphHttp,
  requests: readonly BatchRequest[],
  chunk: readonly number[],
  outcomes: BatchOutcome[],
  options: BatchOptions,
): Promise<void> {
  let pending = [...chunk];
  for (let attempt = 1; pending.length > 0; attempt++) {
    let replies: Map<string, ItemReply>;
    try {
      replies = await sendBatch(http, requests, pending);
    } catch (error) {
      const failure = error instanceof DomainError ? error : unexpected('batch', String(error));
      for (const index of pending) outcomes[index] = { ok: false, error: failure };
      return;
    }
    const retry: Array<{ index: number; waitSeconds: number }> = [];
    for (const index of pending) {
      const reply = replies.get(String(index));
      const request = requests[index]!;
      if (!reply) {
        outcomes[index] = {
          ok: false,
          error: unexpected(request.operation, `no answer for batch item ${index}`),
        };
        continue;
      }
      const outcome = toOutcome(request, reply);
      outcomes[index] = outcome;
      if (!outcome.ok && RETRYABLE.has(reply.status)) {
        retry.push({ index, waitSeconds: waitFor(reply, attempt) });
      }
    }
    const wait = Math.max(0, ...retry.map((r) => r.waitSeconds));
    if (retry.length === 0 || attempt >= options.maxAttempts || wait > options.maxInlineWaitSeconds)
      return;
    await options.sleep(wait * 1000);
    pending = retry.map((r) => r.index);
  }
}

async function sendBatch(
  http: GraphHttp,
  requests: readonly BatchRequest[],
  indices: readonly number[],
): Promise<Map<string, ItemReply>> {
  const body = {
    requests: indices.map((index) => {
      const request = requests[index]!;
      return {
        id: String(index),
        method: request.method,
        url: request.path,
        ...(request.body === undefined
          ? {}
          : { headers: { 'Content-Type': 'application/json' }, body: request.body }),
      };
    }),
  };
  const reply = await http.send({ operation: 'batch', method: 'POST', path: '/$batch', body });
  const parsed = replySchema.safeParse(reply.body);
  if (!parsed.success) throw unexpected('batch', parsed.error.message);
  return new Map(parsed.data.responses.map((item) => [item.id, item]));
}

function toOutcome(request: BatchRequest, reply: ItemReply): BatchOutcome {
  const header = headerReader(reply.headers);
  if (reply.status >= 200 && reply.status < 300) {
    return {
      ok: true,
      status: reply.status,
      body: reply.body ?? null,
      requestId: header('request-id') ?? null,
    };
  }
  return {
    ok: false,
    error: fromGraphFailure(
      request.operation,
      { status: reply.status, body: reply.body, header },
      request.subject,
    ),
  };
}

function waitFor(reply: ItemReply, attempt: number): number {
  const retryAfter = parseRetryAfter(headerReader(reply.headers)('retry-after'));
  // Without Retry-After, back off exponentially with jitter (graph-facts §9).
  return retryAfter ?? Math.min(8, 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
}

function headerReader(
  headers: Readonly<Record<string, string>> | undefined,
): (name: string) => string | undefined {
  const lower = new Map(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return (name) => lower.get(name.toLowerCase());
}

function unexpected(operation: GraphOperation, detail: string): DomainError {
  return new DomainError(
    'GRAPH_UNEXPECTED_RESPONSE',
    { operation: GRAPH_OPERATIONS[operation].does },
    { detail },
  );
}
