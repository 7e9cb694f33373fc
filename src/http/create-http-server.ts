import { randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import restify, { type Request, type Response, type Server } from 'restify';
import { withLogFields } from '../adapters/log/log-scope';
import { type Logger } from '../ports/logger';
import { HttpRefusal } from './http-refusal';
import { type HttpReply, type HttpRequestInfo, type Readiness } from './http-reply';
import { readJsonBody } from './read-json-body';

/** Graph batches notifications (up to 1,000 are accepted per POST), so its bodies run larger. */
const NOTIFICATION_BODY_BYTES = 1024 * 1024;

export type JsonRoute = (body: unknown, request: HttpRequestInfo) => Promise<HttpReply>;

export interface HttpServerOptions {
  readonly log: Logger;
  /** POST /api/messages: Bot Framework activities. */
  readonly messages: JsonRoute;
  /**
   * With Bot Framework authentication on, a request without a Bearer token is refused before its
   * body is read (threat-model T22).
   */
  readonly requireBearer: boolean;
  /** POST /api/graph/notifications: Graph change and lifecycle notifications. */
  readonly graphNotifications?: {
    readonly validate: (token: string) => HttpReply;
    readonly receive: JsonRoute;
  };
  readonly readiness: () => Promise<Readiness>;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The HTTP surface (SPEC section 9). Every body is size-limited and uncompressed, malformed JSON
 * is a 400, and error bodies are generic: library messages never reach a caller (T24).
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const server = restify.createServer({ name: 'lockdown', handleUncaughtExceptions: false });
  server.server.requestTimeout = 30_000;
  server.server.headersTimeout = 15_000;
  const { log } = options;

  server.post('/api/messages', async (req: Request, res: Response) => {
    await answer(req, res, log, async (info) => {
      const auth = header(req, 'authorization');
      if (options.requireBearer && !/^Bearer \S+$/.test(auth))
        throw new HttpRefusal(401, 'Unauthorized.');
      return options.messages(await readJsonBody(req), info);
    });
  });

  const notifications = options.graphNotifications;
  if (notifications) {
    server.post('/api/graph/notifications', async (req: Request, res: Response) => {
      await answer(req, res, log, async (info) => {
        const token = info.query.get('validationToken');
        if (token !== null) return notifications.validate(token);
        return notifications.receive(await readJsonBody(req, NOTIFICATION_BODY_BYTES), info);
      });
    });
  }

  server.get('/healthz', async (req: Request, res: Response) => {
    await answer(req, res, log, async () => ({ status: 200, body: { status: 'alive' } }));
  });
  server.get('/readyz', async (req: Request, res: Response) => {
    await answer(req, res, log, async () => {
      const readiness = await options.readiness();
      return { status: readiness.ready ? 200 : 503, body: readiness };
    });
  });
  return server;
}

export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs one route with its correlation id in scope, so every line logged while it works (the
 * turn, the use cases, the libraries, the background work it starts) carries the id; then one
 * line says how it was answered (threat-model T26: never the headers or the body).
 */
async function answer(
  req: Request,
  res: Response,
  log: Logger,
  route: (info: HttpRequestInfo) => Promise<HttpReply>,
): Promise<void> {
  const correlationId = randomUUID();
  await withLogFields({ correlationId }, async () => {
    const started = performance.now();
    const info: HttpRequestInfo = {
      headers: req.headers,
      query: new URL(req.url ?? '/', 'http://localhost').searchParams,
      correlationId,
    };
    let reply: HttpReply;
    let refused: string | undefined;
    try {
      reply = await route(info);
    } catch (error) {
      if (error instanceof HttpRefusal) {
        refused = error.reason;
        reply = { status: error.status, body: { error: error.reason } };
        if (error.status === 413) res.setHeader('Connection', 'close');
      } else {
        log.error('request failed', { path: req.path(), error });
        reply = { status: 500, body: { error: `Internal error (ref ${correlationId}).` } };
      }
    }
    write(res, reply);
    const probe = req.path() === '/healthz' || req.path() === '/readyz';
    log[probe ? 'debug' : 'info']('request answered', {
      method: req.method,
      path: req.path(),
      status: reply.status,
      ms: Math.round(performance.now() - started),
      ...(refused === undefined ? {} : { refused }),
    });
  });
}

function write(res: Response, reply: HttpReply): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    res.end();
    return;
  }
  const text = reply.contentType === 'text/plain' ? String(reply.body) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': `${reply.contentType ?? 'application/json'}; charset=utf-8`,
  });
  res.end(text);
}

function header(req: Request, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}
