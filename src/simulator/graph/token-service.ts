import { createHash, type KeyObject, randomUUID, sign, verify } from 'node:crypto';

import { type SimClock } from './sim-clock';

/** The claims the simulator puts in (and later trusts from) an app-only access token. */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  azp: string;
  oid: string;
  idtyp: string;
  roles: string[];
  iat: number;
  nbf: number;
  exp: number;
}

export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; message: string };

export interface TokenServiceOptions {
  clock: SimClock;
  tenantId: string;
  clientId: string;
  servicePrincipalId: string;
  appDisplayName: string;
  /** Accepted `aud` values: the simulator's own origins and Graph's. */
  audiences: readonly string[];
  /** RSA key pair generated at start; it never leaves this instance. */
  keys: { privateKey: KeyObject; publicKey: KeyObject };
}

const LIFETIME_S = 3600;
/** Entra-protected APIs tolerate about five minutes of clock skew. */
const SKEW_S = 300;
const PARSE_FAILURE = 'CompactToken parsing failed with error code: 80049217';

/**
 * Issues and verifies RS256 access tokens shaped like Entra's app-only v1 tokens. The signing
 * key exists only in this instance, so only tokens it issued verify; lifetimes follow the
 * simulator clock, so advancing the clock expires them.
 */
export class TokenService {
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  private readonly kid: string;

  constructor(private readonly options: TokenServiceOptions) {
    this.keys = options.keys;
    this.kid = createHash('sha1')
      .update(this.keys.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64url');
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.options.tenantId}/`;
  }

  issue(resource: string, roles: readonly string[]): { token: string; expiresOn: number } {
    const iat = Math.floor(this.options.clock.now().getTime() / 1000);
    const claims = {
      aud: resource,
      iss: this.issuer,
      iat,
      nbf: iat,
      exp: iat + LIFETIME_S,
      app_displayname: this.options.appDisplayName,
      appid: this.options.clientId,
      appidacr: '2',
      azp: this.options.clientId,
      idp: this.issuer,
      idtyp: 'app',
      oid: this.options.servicePrincipalId,
      roles: [...roles],
      sub: this.options.servicePrincipalId,
      tid: this.options.tenantId,
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ver: '1.0',
    };
    const header = { typ: 'JWT', alg: 'RS256', x5t: this.kid, kid: this.kid };
    const body = `${encode(header)}.${encode(claims)}`;
    const signature = sign('RSA-SHA256', Buffer.from(body), this.keys.privateKey);
    return { token: `${body}.${signature.toString('base64url')}`, expiresOn: claims.exp };
  }

  /** Checks an Authorization header; failures carry Graph's InvalidAuthenticationToken text. */
  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s*(.*)$/i.exec(authorization?.trim() ?? '');
    const token = match?.[1]?.trim() ?? '';
    if (token === '') return { ok: false, message: 'Access token is empty.' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, message: PARSE_FAILURE };
    const header = decode(parts[0]);
    const claims = decode(parts[1]) as AccessTokenClaims | undefined;
    if (header === undefined || claims === undefined) return { ok: false, message: PARSE_FAILURE };
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    const genuine =
      header.alg === 'RS256' && verify('RSA-SHA256', signed, this.keys.publicKey, signature);
    if (!genuine) return { ok: false, message: 'Access token validation failure.' };
    if (!this.options.audiences.includes(claims.aud)) {
      return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    }
    if (claims.iss !== this.issuer || claims.tid !== this.options.tenantId) {
      return { ok: false, message: 'Access token validation failure. Invalid issuer.' };
    }
    const now = this.options.clock.now().getTime() / 1000;
    if (now > claims.exp + SKEW_S || now < claims.nbf - SKEW_S) {
      return { ok: false, message: 'Access token has expired or is not yet valid.' };
    }
    return { ok: true, claims };
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(segment: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
