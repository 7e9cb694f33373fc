import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SqliteAuditLog } from '../../src/adapters/audit/sqlite-audit-log';
import { SystemClock } from '../../src/adapters/clock/system-clock';
import { openSqliteDatabase } from '../../src/adapters/storage/sqlite-database';
import { loadConfig } from '../../src/config';
import { type AuditRecord } from '../../src/domain/audit/audit-event';
import {
  type GraphSimulator,
  type GraphSimulatorOptions,
} from '../../src/simulator/graph/start-graph-simulator';
import { startLockdown, type RunningLockdown } from '../../src/start-lockdown';
import {
  CHANNEL,
  TENANT,
  channelMessage,
  cardInvoke,
  type CardPlace,
  type TeamsUser,
} from './activities';
import { ConnectorRecorder } from './connector-recorder';
import { MINIMAL_ENV } from './graph-connection';
import { startTestGraphSimulator } from './graph-simulator';
import { admin, issueToken } from '../integration/simulator/graph-test-client';

export interface E2EOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly sim?: Partial<GraphSimulatorOptions>;
  /**
   * Change notifications on: Lockdown listens on a port chosen up front, so that
   * PUBLIC_BASE_URL can name it, and the simulator delivers to it over loopback.
   */
  readonly webhooks?: boolean;
  /**
   * Lockdown lives by the simulator's clock, so a test can move both days ahead; its Graph
   * credential then asks the simulator's identity endpoint for a fresh token on every call.
   */
  readonly timeTravel?: boolean;
  /** Shapes the tenant before Lockdown starts (what its first delta round will see). */
  readonly prepare?: (sim: GraphSimulator) => void | Promise<void>;
  /**
   * Configuration that depends on the simulator, applied last: for instance IDENTITY_ENDPOINT
   * pointing at a stand-in in front of the simulator's (identity-gate.ts).
   */
  readonly envFromSim?: (
    sim: GraphSimulator,
  ) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
}

export const NOTIFICATION_SECRET = 'e2e-client-state-secret-0123456789';

export interface PostedCard {
  readonly requestId: string;
  readonly token: string;
  readonly place: CardPlace;
  readonly card: Record<string, unknown>;
}

/**
 * Lockdown as it runs for real, on 127.0.0.1: the HTTP server with its Teams surface, SQLite in
 * a temp dir, the Graph adapter against the simulator (through the managed identity), and a
 * recording Bot Connector as the serviceUrl. Tests post Teams-shaped activities to it.
 */
export async function startE2E(options: E2EOptions = {}) {
  const sim: GraphSimulator = await startTestGraphSimulator(options.sim);
  await options.prepare?.(sim);
  const connector = await new ConnectorRecorder().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-e2e-'));
  const logLines: string[] = [];
  const port = options.webhooks ? await freePort() : 0;
  const env: Record<string, string> = {
    ...MINIMAL_ENV,
    ...sim.env(),
    PORT: String(port),
    ...(options.webhooks
      ? {
          PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          GRAPH_NOTIFICATION_SECRET: NOTIFICATION_SECRET,
        }
      : {}),
    DATA_DIR: dataDir,
    TEAMS_SERVICE_URL: connector.url,
    ALLOWED_TENANT_IDS: TENANT,
    SECURITY_CHANNEL_ID: CHANNEL,
    PROTECTED_USERS: 'breakglass01@contoso.onmicrosoft.com',
    LOG_LEVEL: 'debug',
    ...options.env,
    ...(await options.envFromSim?.(sim)),
  };
  const saved = {
    IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT,
    IDENTITY_HEADER: process.env.IDENTITY_HEADER,
  };
  process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
  process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
  const lockdown: RunningLockdown = await startLockdown(loadConfig(env), {
    writeLog: (line) => logLines.push(line),
    ...(options.timeTravel
      ? {
          clock: {
            now: () => sim.clock.now(),
            sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
          },
          graphCredential: {
            getToken: async () => ({
              token: await issueToken(sim),
              expiresOnTimestamp: sim.clock.now().getTime() + 60_000,
            }),
          },
        }
      : {}),
  });
  const serviceUrl = connector.url;

  const post = async (activity: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${lockdown.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: body as Record<string, unknown> | undefined, text };
  };

  /** Posts `revoke …` in the channel and returns the request card Lockdown posted as a new thread. */
  const openRequest = async (from: TeamsUser, text: string): Promise<PostedCard> => {
    const before = connector.calls.length;
    const reply = await post(channelMessage(from, text, { serviceUrl }));
    if (reply.status !== 200)
      throw new Error(`the message was answered ${reply.status}: ${reply.text}`);
    const created = await connector.waitFor(
      (c) =>
        connector.calls.indexOf(c) >= before &&
        c.method === 'POST' &&
        c.path === '/v3/conversations' &&
        // not a watcher alert that happened to be posted meanwhile
        JSON.stringify(c.body).includes('Revocation request'),
    );
    const card = (
      created.body!.activity as { attachments: Array<{ content: Record<string, unknown> }> }
    ).attachments[0]!.content;
    const threadId = (created.response!.body as { id: string }).id;
    return {
      requestId: requestIdIn(card),
      token: tokenIn(card),
      place: { conversationId: threadId, replyToId: threadId.split('=')[1]! },
      card,
    };
  };

  const click = (
    from: TeamsUser,
    verb: string,
    data: unknown,
    place: CardPlace,
    extra: { trigger?: string; tenantId?: string; channelId?: string } = {},
  ) => post(cardInvoke(from, verb, data, place, { serviceUrl, ...extra }));

  /** The simulator's admin HTTP API, as an operator (or a test) changes the tenant. */
  const simAdmin = async (method: string, adminPath: string, body?: unknown) => {
    const answer = await admin(sim, method, adminPath, body);
    if (answer.status >= 300)
      throw new Error(
        `admin ${method} ${adminPath}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body as Record<string, unknown>;
  };

  /** The audit trail as an operator would export it (a second connection to the store). */
  const auditRecords = async (): Promise<AuditRecord[]> => {
    const db = openSqliteDatabase(dataDir);
    try {
      const records: AuditRecord[] = [];
      for await (const record of new SqliteAuditLog(db, new SystemClock(), 'e2e').records())
        records.push(record);
      return records;
    } finally {
      db.close();
    }
  };

  /** A request's status as the store holds it (a second, read-only connection). */
  const requestStatus = (requestId: string): string => {
    const db = openSqliteDatabase(dataDir);
    try {
      const row = db.prepare('SELECT status FROM requests WHERE id = ?').get(requestId) as
        { status: string } | undefined;
      if (!row) throw new Error(`no request ${requestId} in the store`);
      return row.status;
    } finally {
      db.close();
    }
  };

  /** The channel card as everyone sees it now: its latest update in place, else as posted. */
  const channelCard = (posted: PostedCard): unknown => {
    const path = `/v3/conversations/${posted.place.conversationId}/activities/${posted.place.replyToId}`;
    const update = connector.calls.filter((c) => c.method === 'PUT' && c.path === path).at(-1);
    const attachments = update?.body?.attachments as Array<{ content: unknown }> | undefined;
    return attachments ? attachments[0]?.content : posted.card;
  };

  return {
    sim,
    simAdmin,
    auditRecords,
    requestStatus,
    channelCard,
    connector,
    lockdown,
    dataDir,
    logLines,
    serviceUrl,
    post,
    openRequest,
    click,
    close: async () => {
      await lockdown.close();
      await connector.close();
      await sim.close();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type E2E = Awaited<ReturnType<typeof startE2E>>;

/** The card token, as the card's actions carry it. */
export function tokenIn(card: unknown): string {
  const match = /"token":"([^"]+)"/.exec(JSON.stringify(card));
  if (!match) throw new Error('the card carries no token');
  return match[1]!;
}

export function requestIdIn(card: unknown): string {
  const match = /LD-[0-9A-HJKMNP-TV-Z]{6}/.exec(JSON.stringify(card));
  if (!match) throw new Error('the card names no request');
  return match[0];
}

/** All the text a card shows, for assertions on what people read. */
export function textOf(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'value') && typeof value === 'string')
          texts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return texts.join('\n');
}

/** A port free right now on 127.0.0.1 (loopback only: nothing else can take it in between). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
