import { type AccessToken, type GetTokenOptions, type TokenCredential } from '@azure/identity';

/** Refresh this long before expiry, so no request goes out with a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Reuses a token until shortly before it expires. The Graph SDK asks for a token on every
 * request, and the managed identity credential does not cache across calls, which would add a
 * token round trip to every Graph call on the revocation's critical path.
 */
export class CachingCredential implements TokenCredential {
  private readonly cache = new Map<string, AccessToken>();
  private readonly inFlight = new Map<string, Promise<AccessToken | null>>();

  constructor(
    private readonly inner: TokenCredential,
    private readonly now: () => number = Date.now,
  ) {}

  async getToken(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken | null> {
    const key = [scopes].flat().join(' ');
    const cached = this.cache.get(key);
    if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > this.now()) return cached;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(key, scopes, options);
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetch(
    key: string,
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken | null> {
    try {
      const token = await this.inner.getToken(scopes, options);
      if (token) this.cache.set(key, token);
      return token;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
