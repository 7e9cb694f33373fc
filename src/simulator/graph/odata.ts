import { badRequest, METADATA } from './graph-response';
import { type OpaqueTokens } from './opaque-tokens';

/**
 * Parses `$select` against a type's properties. Graph matches property names
 * case-insensitively and answers with their canonical casing; an unknown name is a 400.
 * Returns undefined when there is no (or an empty) `$select`.
 */
export function parseSelect(
  query: URLSearchParams,
  known: readonly string[],
  typeName: string,
): string[] | undefined {
  const raw = query.get('$select');
  if (raw === null || raw.trim() === '') return undefined;
  const selected: string[] = [];
  for (const name of raw.split(',').map((s) => s.trim())) {
    const canonical = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (canonical === undefined) {
      throw badRequest(
        `Could not find a property named '${name}' on type 'Microsoft.DirectoryServices.${typeName}'.`,
      );
    }
    if (!selected.includes(canonical)) selected.push(canonical);
  }
  return selected;
}

/** Only the named properties, in the order named. */
export function pick(
  source: Record<string, unknown>,
  props: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(props.map((p) => [p, source[p] ?? null]));
}

/** '@odata.context' value: 'https://graph.microsoft.com/v1.0/$metadata#users(id,mail)/$entity'. */
export function contextUrl(set: string, select?: readonly string[], suffix = ''): string {
  return `${METADATA}#${set}${select ? `(${select.join(',')})` : ''}${suffix}`;
}

export interface PageRequest {
  /** The request path as received (still percent-encoded), without '/v1.0'. */
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
  baseUrl: string;
  pageSize: number;
  tokens: OpaqueTokens;
}

/**
 * Server-driven paging with `$top` (1–999) and an opaque `$skiptoken`. The nextLink is absolute
 * https and repeats the caller's other query options, shaped exactly like Graph's (graph-facts
 * §0.1), because the JS SDK only follows links that start with https://.
 */
export function pageOf<T>(
  items: readonly T[],
  request: PageRequest,
): { page: T[]; nextLink?: string } {
  const size = pageSize(request);
  const skip = request.query.get('$skiptoken');
  let offset = 0;
  if (skip !== null) {
    const state = request.tokens.decode<{ p: string; o: number }>(skip);
    if (state === undefined || state.p !== request.rawPath.toLowerCase()) {
      throw badRequest(`Invalid skip token '${skip}'.`);
    }
    offset = state.o;
  }
  const page = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { page };
  const token = request.tokens.encode({ p: request.rawPath.toLowerCase(), o: offset + size });
  return { page, nextLink: linkWith(request, '$skiptoken', token) };
}

/** An absolute link to the same path, keeping the query minus paging options, plus one. */
export function linkWith(request: PageRequest, name: string, value: string): string {
  const kept = request.rawQuery
    .split('&')
    .filter((part) => part !== '' && !/^(\$|%24)(skiptoken|deltatoken)=/i.test(part));
  kept.push(`${name}=${value}`);
  return `${request.baseUrl}/v1.0${request.rawPath}?${kept.join('&')}`;
}

function pageSize(request: PageRequest): number {
  const top = request.query.get('$top');
  if (top === null) return request.pageSize;
  const value = Number(top);
  if (!Number.isInteger(value) || value < 1 || value > 999) {
    throw badRequest(`Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
  }
  return value;
}
