/** Real Graph's media type; the JS SDK parses bodies as JSON only for `application/json…`. */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export const METADATA = 'https://graph.microsoft.com/v1.0/$metadata';

/** What a route handler answers; the server adds Graph's standard headers. */
export interface GraphResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Identifies one response, for `request-id` headers and error `innerError`s. */
export interface ResponseIds {
  requestId: string;
  clientRequestId: string;
  /** Server time, which follows the simulator clock. */
  date: Date;
}

/**
 * A Graph error answer. Handlers throw it; the pipeline turns it into the exact wire shape
 * (graph-facts §0.3: `innerError`, `request-id`, date without zone; §9 for throttling).
 */
export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(ids: ResponseIds): unknown {
    const date = ids.date.toISOString().slice(0, 19);
    if (this.status === 429) {
      return {
        error: {
          code: this.code,
          message: this.message,
          innerError: {
            code: '429',
            date,
            message: 'Please retry after',
            'request-id': ids.requestId,
            status: '429',
          },
        },
      };
    }
    const innerError = {
      date,
      'request-id': ids.requestId,
      'client-request-id': ids.clientRequestId,
    };
    return { error: { code: this.code, message: this.message, innerError } };
  }
}

export const badRequest = (message: string, code = 'Request_BadRequest'): GraphRequestError =>
  new GraphRequestError(400, code, message);

export const notFound = (key: string): GraphRequestError =>
  new GraphRequestError(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );

export const forbidden = (): GraphRequestError =>
  new GraphRequestError(
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );

/** Graph's standard headers on every answer (graph-facts §0.2). */
export function standardHeaders(ids: ResponseIds, json: boolean): Record<string, string> {
  return {
    ...(json ? { 'Content-Type': GRAPH_JSON_CONTENT_TYPE } : {}),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
    'OData-Version': '4.0',
    'Cache-Control': 'no-cache',
    'Strict-Transport-Security': 'max-age=31536000',
    'x-ms-ags-diagnostic': JSON.stringify({
      ServerInfo: { DataCenter: 'Simulated', Slice: 'E', Ring: '1', ScaleUnit: '000' },
    }),
  };
}
