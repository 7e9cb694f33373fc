import http from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown> | undefined;
  /** What the recorder answered (status and body). */
  response?: { status: number; body: unknown };
}

export interface ScriptedFailure {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body?: unknown;
  readonly retryAfter?: number;
  times: number;
}

/**
 * A fake Bot Connector on loopback, the `serviceUrl` of test activities: it records every call
 * and answers as Teams does — `POST /v3/conversations` creates a channel thread
 * (`<channel>;messageid=<n>`), posts and updates answer with an id. Failures are scriptable
 * (403 BotNotInConversationRoster, 429 with Retry-After, 404 for a deleted card).
 */
export class ConnectorRecorder {
  readonly calls: ConnectorCall[] = [];
  private readonly failures: ScriptedFailure[] = [];
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private nextId = 1000;
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  fail(failure: Omit<ScriptedFailure, 'times'> & { times?: number }): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** Drops the scripted failures not used up yet: the connector recovers. */
  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Cards sent or updated, newest last, with where they went. */
  cards(): Array<{ call: ConnectorCall; card: Record<string, unknown> }> {
    return this.calls.flatMap((call) => {
      const attachments = (call.body?.attachments ??
        (call.body?.activity as { attachments?: unknown[] } | undefined)?.attachments ??
        []) as Array<{ content?: unknown }>;
      return attachments
        .filter((a) => a.content)
        .map((a) => ({ call, card: a.content as Record<string, unknown> }));
    });
  }

  /** Resolves when a recorded call matches (already or later). */
  async waitFor(
    predicate: (call: ConnectorCall) => boolean,
    timeoutMs = 10_000,
  ): Promise<ConnectorCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching Bot Connector call in ${timeoutMs} ms; saw ${this.calls.map((c) => `${c.method} ${c.path}`).join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // No writeHead(...).end(...) chains: restify, loaded in the same test process, replaces
  // ServerResponse.prototype.writeHead with one that returns nothing.
  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const call: ConnectorCall = {
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
    this.calls.push(call);
    const failure = this.failures.find(
      (f) => f.times > 0 && f.method === call.method && f.path.test(path),
    );
    if (failure) {
      failure.times--;
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
      const body = failure.body ?? { error: { code: 'Failure', message: 'scripted' } };
      call.response = { status: failure.status, body };
      res.writeHead(failure.status, headers);
      res.end(JSON.stringify(body));
      return;
    }
    const body = this.answer(call);
    call.response = { status: 200, body };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private answer(call: ConnectorCall): Record<string, unknown> {
    const id = String(this.nextId++);
    if (call.method === 'POST' && /^\/v3\/conversations\/?$/.test(call.path)) {
      const channel =
        ((call.body?.channelData as { channel?: { id?: string } }) ?? {}).channel?.id ??
        '19:unknown@thread.tacv2';
      return { id: `${channel};messageid=${id}`, activityId: id };
    }
    return { id };
  }
}
