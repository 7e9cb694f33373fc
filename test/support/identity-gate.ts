import http from 'node:http';
import { type AddressInfo } from 'node:net';

export type GateMode =
  | { readonly kind: 'forward' }
  /** The platform endpoint answers with an error (App Service's error shape). */
  | { readonly kind: 'fail'; readonly status: number }
  /** Nothing listens on the port: every connection is refused. */
  | { readonly kind: 'refuse' };

/**
 * A stand-in for the App Service managed-identity endpoint, placed in front of the simulator's:
 * it forwards token requests, or answers them with an error, or stops listening altogether
 * (threat-model R10). Lockdown is pointed at it through IDENTITY_ENDPOINT, as at the real one.
 * It keeps every access token it handed out, so a test can search for them afterwards.
 */
export class IdentityGate {
  /** Every access token forwarded to a caller, in order. */
  readonly issuedTokens: string[] = [];
  /** Token requests that reached the gate, whatever it answered. */
  requests = 0;
  private mode: GateMode = { kind: 'forward' };
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private port = 0;

  constructor(private readonly upstream: string) {}

  /** IDENTITY_ENDPOINT for whoever should come through the gate. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${new URL(this.upstream).pathname}`;
  }

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  /** Switches what the endpoint does from the next request on. */
  async set(mode: GateMode): Promise<void> {
    const wasListening = this.mode.kind !== 'refuse';
    this.mode = mode;
    if (mode.kind === 'refuse' && wasListening) await this.stopListening();
    if (mode.kind !== 'refuse' && !wasListening) await this.listen(this.port);
  }

  async close(): Promise<void> {
    if (this.mode.kind !== 'refuse') await this.stopListening();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.requests += 1;
    if (this.mode.kind === 'fail') {
      const message = 'An unexpected error occurred while fetching the AAD token.';
      return reply(res, this.mode.status, { statusCode: this.mode.status, message });
    }
    try {
      const answer = await fetch(new URL(req.url ?? '/', this.upstream), {
        headers: { 'x-identity-header': String(req.headers['x-identity-header'] ?? '') },
      });
      const body = (await answer.json()) as { access_token?: string };
      if (typeof body.access_token === 'string') this.issuedTokens.push(body.access_token);
      reply(res, answer.status, body);
    } catch (error) {
      reply(res, 502, { statusCode: 502, message: `gate: ${(error as Error).message}` });
    }
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private stopListening(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
