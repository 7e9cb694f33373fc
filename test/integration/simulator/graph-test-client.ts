import http from 'node:http';
import { type AddressInfo } from 'node:net';

import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';

/** A Graph answer as the tests look at it. */
export interface GraphAnswer {
  status: number;
  headers: Headers;
  // Graph bodies are untyped JSON; tests assert on their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Gets a token the way @azure/identity's ManagedIdentityCredential does on App Service. */
export async function issueToken(sim: GraphSimulator, resource = sim.baseUrl): Promise<string> {
  const url = `${sim.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}&client_id=${sim.clientId}`;
  const response = await fetch(url, { headers: { 'X-IDENTITY-HEADER': sim.identityHeader } });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** One Graph call with plain fetch; `path` is under /v1.0 unless it is an absolute URL. */
export async function graph(
  sim: GraphSimulator,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<GraphAnswer> {
  const url = path.startsWith('https://') ? path : `${sim.baseUrl}/v1.0${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

/** A call to the admin HTTP API with the simulator's key. */
export async function admin(
  sim: GraphSimulator,
  method: string,
  path: string,
  body?: unknown,
  key = sim.adminKey,
): Promise<GraphAnswer> {
  const response = await fetch(`${sim.baseUrl}/_simulator/${path}`, {
    method,
    headers: { 'x-simulator-key': key, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1:0 whose behaviour each test scripts. */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export type ReceiverBehaviour = (request: ReceivedRequest, res: http.ServerResponse) => void;

/**
 * Writes a whole answer. Never `res.writeHead(...).end(...)`: restify, once loaded in a jest
 * worker by another test file, replaces `ServerResponse.prototype.writeHead` with one that
 * returns nothing, and jest reuses worker processes.
 */
export function reply(
  res: http.ServerResponse,
  status: number,
  body?: string,
  contentType?: string,
): void {
  res.writeHead(status, contentType ? { 'Content-Type': contentType } : {});
  res.end(body);
}

/** Echoes validation tokens (as a correct endpoint does) and answers 202 to notifications. */
export const wellBehaved: ReceiverBehaviour = (request, res) => {
  const token = new URL(request.url, 'http://x').searchParams.get('validationToken');
  if (token !== null) reply(res, 200, token, 'text/plain');
  else reply(res, 202);
};

export async function startReceiver(behaviour: ReceiverBehaviour = wellBehaved): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      behaviour(request, res);
      waiters.forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    requests,
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (requests.length >= count) {
            clearTimeout(timer);
            resolve(requests);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`only ${requests.length} of ${count} requests arrived`)),
          timeoutMs,
        );
        waiters.push(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Demo-tenant ids used across the tests. */
export const DEMO = {
  sam: 'a0000000-0000-4000-8000-000000000001',
  ava: 'a0000000-0000-4000-8000-000000000002',
  noah: 'a0000000-0000-4000-8000-000000000003',
  kai: 'a0000000-0000-4000-8000-000000000004',
  adele: 'a0000000-0000-4000-8000-000000000011',
  bob: 'a0000000-0000-4000-8000-000000000012',
  megan: 'a0000000-0000-4000-8000-000000000013',
  lee: 'a0000000-0000-4000-8000-000000000014',
  alex: 'a0000000-0000-4000-8000-000000000015',
  lynne: 'a0000000-0000-4000-8000-000000000016',
  diego: 'a0000000-0000-4000-8000-000000000017',
  henrietta: 'a0000000-0000-4000-8000-000000000021',
  jordan: 'a0000000-0000-4000-8000-000000000031',
  dan: 'a0000000-0000-4000-8000-000000000041',
  grace: 'a0000000-0000-4000-8000-000000000051',
  breakglass: 'a0000000-0000-4000-8000-000000000052',
  pat: 'a0000000-0000-4000-8000-000000000053',
  responders: 'b0000000-0000-4000-8000-000000000001',
  approvers: 'b0000000-0000-4000-8000-000000000002',
  socTier2: 'b0000000-0000-4000-8000-000000000003',
  marketing: 'b0000000-0000-4000-8000-000000000004',
  megansIphone: 'd0000000-0000-4000-8000-000000000032',
  bobsLaptop: 'd0000000-0000-4000-8000-000000000021',
} as const;
