import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { DomainError } from '../../domain/errors';
import { fromGraphFailure, fromTransportFailure } from './graph-errors';
import { type GraphOperation } from './graph-operations';

export interface GraphReply {
  readonly status: number;
  readonly body: unknown;
  readonly requestId: string | null;
}

export interface GraphCall {
  readonly operation: GraphOperation;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path under the version root built by graph-paths.ts, or a nextLink already checked. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** What the path addresses, for "not found" messages. */
  readonly subject?: string;
}

/**
 * One Graph round trip through the SDK's middleware chain. Answers come back raw so that the
 * request-id of successful calls is kept too, and every failure becomes a catalogued DomainError.
 */
export class GraphHttp {
  constructor(
    private readonly client: Client,
    readonly origin: string,
  ) {}

  async send(call: GraphCall): Promise<GraphReply> {
    let response: Response;
    try {
      let request = this.client.api(call.path).responseType(ResponseType.RAW);
      for (const [name, value] of Object.entries(call.headers ?? {}))
        request = request.header(name, value);
      response = await dispatch(request, call);
    } catch (error) {
      throw error instanceof DomainError ? error : fromTransportFailure(call.operation, error);
    }
    const body = await readBody(response, call.operation);
    if (!response.ok) {
      throw fromGraphFailure(
        call.operation,
        { status: response.status, body, header: (n) => response.headers.get(n) },
        call.subject,
      );
    }
    return { status: response.status, body, requestId: response.headers.get('request-id') };
  }
}

type Request = ReturnType<Client['api']>;

async function dispatch(request: Request, call: GraphCall): Promise<Response> {
  switch (call.method) {
    case 'GET':
      return (await request.get()) as Response;
    case 'POST':
      return (await request.post(call.body ?? {})) as Response;
    case 'PATCH':
      return (await request.patch(call.body ?? {})) as Response;
    case 'DELETE':
      return (await request.delete()) as Response;
  }
}

async function readBody(response: Response, operation: GraphOperation): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text().catch((error: unknown) => {
    throw fromTransportFailure(operation, error);
  });
  if (text.length === 0) return null;
  const type = response.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
