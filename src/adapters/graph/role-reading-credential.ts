import { type AccessToken, type GetTokenOptions, type TokenCredential } from '@azure/identity';
import { rolesInAccessToken } from './token-roles';

/** The permissions Lockdown's Graph token carries, as last seen. */
export interface TokenRoles {
  /** The latest token's roles; undefined before the first token, or if it cannot be read. */
  roles(): readonly string[] | undefined;
  /** Called whenever a new token is seen (a refresh may come with a changed grant). */
  onChange(listener: (roles: readonly string[] | undefined) => void): void;
}

/**
 * Passes tokens through and reads their `roles` claim whenever the token changes. Every Graph
 * call asks for a token, and the caching credential underneath hands out the same one until it
 * refreshes it (about hourly), so the claim is decoded once per token: permissions granted or
 * revoked by an administrator show up with the next token, at no extra cost.
 */
export class RoleReadingCredential implements TokenCredential, TokenRoles {
  private lastToken: string | undefined;
  private lastRoles: readonly string[] | undefined;
  private readonly listeners: Array<(roles: readonly string[] | undefined) => void> = [];

  constructor(private readonly inner: TokenCredential) {}

  async getToken(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken | null> {
    const token = await this.inner.getToken(scopes, options);
    if (token && token.token !== this.lastToken) {
      this.lastToken = token.token;
      this.lastRoles = rolesInAccessToken(token.token);
      for (const listener of this.listeners) listener(this.lastRoles);
    }
    return token;
  }

  roles(): readonly string[] | undefined {
    return this.lastRoles;
  }

  onChange(listener: (roles: readonly string[] | undefined) => void): void {
    this.listeners.push(listener);
  }
}
