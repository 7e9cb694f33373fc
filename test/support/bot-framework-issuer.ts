import crypto from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';

const b64url = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * A stand-in for the Bot Framework's token infrastructure on loopback (threat-model C.2): OpenID
 * metadata and signing keys for the channel and the Emulator paths, and a signer for tokens.
 * Lockdown reaches it through the seven endpoint overrides, set together.
 */
export class BotFrameworkIssuer {
  readonly keyId = 'test-kid-1';
  private readonly keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  /** Every path asked for (metadata, keys), oldest first: what the SDK fetched to check tokens. */
  readonly requests: string[] = [];
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The seven Bot Framework endpoint overrides, all pointing here. */
  overrides(): Record<string, string> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: `${this.url}/channel/.well-known/openidconfiguration`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${this.url}/emulator/.well-known/openid-configuration`,
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToChannelFromBotLoginUrl: `${this.url}/login`,
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: `${this.url}/oauth`,
      CallerId: 'urn:botframework:azure',
    };
  }

  /** A signed RS256 token; `signWith: 'stranger'` uses a key the metadata does not publish. */
  sign(
    claims: Record<string, unknown>,
    options: { alg?: string; signWith?: 'issuer' | 'stranger'; kid?: string | null } = {},
  ): string {
    const alg = options.alg ?? 'RS256';
    const header: Record<string, unknown> = { alg, typ: 'JWT' };
    if (options.kid !== null) header.kid = options.kid ?? this.keyId;
    const input = `${b64url(header)}.${b64url(claims)}`;
    if (alg === 'none') return `${input}.`;
    if (alg === 'HS256') {
      const secret = this.keys.publicKey.export({ type: 'spki', format: 'pem' });
      return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
    }
    const key = options.signWith === 'stranger' ? this.stranger.privateKey : this.keys.privateKey;
    return `${input}.${crypto.sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = req.url ?? '';
    this.requests.push(path);
    const json = (body: unknown): void => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith('/channel/.well-known'))
      return json({ issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys` });
    if (path.startsWith('/emulator/.well-known'))
      return json({
        issuer: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
        jwks_uri: `${this.url}/keys`,
      });
    if (path === '/keys') {
      const jwk = this.keys.publicKey.export({ format: 'jwk' });
      return json({ keys: [{ ...jwk, kid: this.keyId, use: 'sig', endorsements: ['msteams'] }] });
    }
    res.writeHead(404);
    res.end();
  }
}
