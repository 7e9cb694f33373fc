import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
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

export interface E2EOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly sim?: Partial<GraphSimulatorOptions>;
}

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
  const connector = await new ConnectorRecorder().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-e2e-'));
  const logLines: string[] = [];
  const env: Record<string, string> = {
    ...MINIMAL_ENV,
    ...sim.env(),
    PORT: '0',
    DATA_DIR: dataDir,
    TEAMS_SERVICE_URL: connector.url,
    ALLOWED_TENANT_IDS: TENANT,
    SECURITY_CHANNEL_ID: CHANNEL,
    PROTECTED_USERS: 'breakglass01@contoso.onmicrosoft.com',
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const saved = {
    IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT,
    IDENTITY_HEADER: process.env.IDENTITY_HEADER,
  };
  process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
  process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
  const lockdown: RunningLockdown = await startLockdown(loadConfig(env), {
    writeLog: (line) => logLines.push(line),
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
        c.path === '/v3/conversations',
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

  return {
    sim,
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
