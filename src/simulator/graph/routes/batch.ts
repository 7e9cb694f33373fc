import { type GraphCall, type GraphResponse } from '../graph-pipeline';
import { GraphRequestError, type GraphResult } from '../graph-response';
import { type GraphRequest, type Route } from '../router';
import { type SimulatorContext } from '../simulator-context';

const MAX_REQUESTS = 20;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
/** Headers a sub-response carries; `Content-Type` in exactly this casing (graph-facts §8). */
const ITEM_HEADERS = ['Content-Type', 'Retry-After', 'Cache-Control', 'OData-Version', 'Location'];

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const invalid = (message: string): GraphRequestError =>
  new GraphRequestError(400, 'BadRequest', message);

/**
 * POST /$batch (graph-facts §8): up to 20 items, each run through the same routing, permission
 * and fault rules as a top-level call; `dependsOn` failures become 424; answers come back in a
 * shuffled order, so clients must match them by id. The outer status is 200 once it parses.
 */
async function batch(req: GraphRequest, sim: SimulatorContext): Promise<GraphResult> {
  const items = parseBatch(req.body);
  const running = new Map<string, Promise<GraphResponse & { id: string }>>();
  const run = (item: BatchItem): Promise<GraphResponse & { id: string }> => {
    let pending = running.get(item.id);
    if (pending === undefined) {
      pending = runItem(item, req, sim, (id) => run(items.find((i) => i.id === id) as BatchItem));
      running.set(item.id, pending);
    }
    return pending;
  };
  const responses = await Promise.all(items.map(run));
  if (responses.some((r) => r.hang)) await new Promise<never>(() => undefined);
  const value = shuffle(responses).map((r) => ({
    id: r.id,
    status: r.status,
    headers: Object.fromEntries(
      ITEM_HEADERS.filter((h) => h in r.headers).map((h) => [h, r.headers[h]]),
    ),
    body: r.body ?? null,
  }));
  return { status: 200, body: { responses: value } };
}

async function runItem(
  item: BatchItem,
  req: GraphRequest,
  sim: SimulatorContext,
  dependency: (id: string) => Promise<GraphResponse>,
): Promise<GraphResponse & { id: string }> {
  const [pathPart, query = ''] = item.url.replace(/^\/?(v1\.0\/)?/i, '/').split(/\?(.*)/s);
  const call: GraphCall = {
    method: item.method,
    rawPath: pathPart,
    rawQuery: query,
    headers: item.headers,
    body: item.body,
    roles: req.roles,
    viaBatch: true,
  };
  for (const id of item.dependsOn) {
    const result = await dependency(id);
    if (result.status < 200 || result.status >= 300) {
      const error = new GraphRequestError(
        424,
        'FailedDependency',
        `Request '${id}' this request depends on failed.`,
      );
      return { id: item.id, ...sim.reject(call, error) };
    }
  }
  if (/^https?:/i.test(item.url) || /^\/?\$batch/i.test(pathPart.slice(1))) {
    return { id: item.id, ...sim.reject(call, invalid(`Invalid request url '${item.url}'.`)) };
  }
  return { id: item.id, ...(await sim.execute(call)) };
}

function parseBatch(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw invalid('Invalid batch payload format.');
  if (requests.length === 0) throw invalid('The batch must contain at least one request.');
  if (requests.length > MAX_REQUESTS) {
    throw invalid(
      `The number of batch requests (${requests.length}) exceeds the maximum of ${MAX_REQUESTS}.`,
    );
  }
  const items = requests.map(parseItem);
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) throw invalid('Batch request ids must be unique.');
  for (const item of items) {
    const unknown = item.dependsOn.find((d) => !ids.has(d));
    if (unknown !== undefined)
      throw invalid(`Request '${item.id}' depends on unknown request '${unknown}'.`);
  }
  checkAcyclic(items);
  return items;
}

function parseItem(raw: unknown): BatchItem {
  const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { id, method, url, body, dependsOn } = item;
  if (typeof id !== 'string' || id === '') throw invalid('Every batch request needs a string id.');
  if (typeof method !== 'string' || !METHODS.includes(method.toUpperCase())) {
    throw invalid(`Request '${id}' has an invalid method.`);
  }
  if (typeof url !== 'string' || url === '') throw invalid(`Request '${id}' needs a url.`);
  const headers = Object.fromEntries(
    Object.entries((item.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k.toLowerCase(),
      String(v),
    ]),
  );
  if (body !== undefined && body !== null && headers['content-type'] === undefined) {
    throw invalid(`Request '${id}' has a body but no Content-Type header.`);
  }
  if (
    dependsOn !== undefined &&
    (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string'))
  ) {
    throw invalid(`Request '${id}' has an invalid dependsOn.`);
  }
  return {
    id,
    method: method.toUpperCase(),
    url,
    headers,
    body: body ?? undefined,
    dependsOn: dependsOn ?? [],
  };
}

function checkAcyclic(items: BatchItem[]): void {
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const start of items) {
    const seen = new Set<string>();
    const pending = [...start.dependsOn];
    while (pending.length > 0) {
      const id = pending.pop() as string;
      if (id === start.id) throw invalid(`Request '${start.id}' depends on itself.`);
      if (seen.has(id)) continue;
      seen.add(id);
      pending.push(...(byId.get(id)?.dependsOn ?? []));
    }
  }
}

/** A random order that is never the request order (for two or more items). */
function shuffle<T>(values: T[]): T[] {
  const result = [...values];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  if (result.length > 1 && result.every((v, i) => v === values[i]))
    result.push(result.shift() as T);
  return result;
}

export const BATCH_ROUTES: readonly Route[] = [
  { method: 'POST', pattern: '/$batch', mutates: false, handler: batch },
];
