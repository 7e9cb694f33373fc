import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Encodes paging and delta state into opaque, tamper-proof tokens ($skiptoken, $deltatoken).
 * The HMAC key is per simulator instance, so a token can be neither forged nor carried over to
 * another simulator (another tenant's state), and the client can only hand it back.
 */
export class OpaqueTokens {
  private readonly key = randomBytes(32);

  encode(state: object): string {
    const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The state, or undefined for anything this instance did not issue. */
  decode<T>(token: string): T | undefined {
    const [payload, mac, extra] = token.split('.');
    if (payload === undefined || mac === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 22);
  }
}

/**
 * Plain code-unit order, the order paging cursors ('after this id') compare in; locale-aware
 * comparison could disagree with `<` and skip or repeat items across pages.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
