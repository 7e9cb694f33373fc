import { type AccessToken, type TokenCredential } from '@azure/identity';
import { RoleReadingCredential } from '../../../../src/adapters/graph/role-reading-credential';
import { rolesInAccessToken } from '../../../../src/adapters/graph/token-roles';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token shaped like Entra's app-only tokens; the signature is never looked at. */
const jwt = (claims: Record<string, unknown>) =>
  `${segment({ typ: 'JWT', alg: 'RS256' })}.${segment({ idtyp: 'app', ...claims })}.c2lnbmF0dXJl`;

describe('rolesInAccessToken', () => {
  it.each<[string, string, readonly string[] | undefined]>([
    [
      'the roles claim',
      jwt({ roles: ['User.Read.All', 'Device.ReadWrite.All'] }),
      ['User.Read.All', 'Device.ReadWrite.All'],
    ],
    ['no roles claim: nothing granted', jwt({}), []],
    ['an empty roles claim', jwt({ roles: [] }), []],
    ['a roles claim that is not a list', jwt({ roles: 'User.Read.All' }), undefined],
    ['an opaque token', 'not-a-jwt', undefined],
    ['an encrypted (five-part) token', 'a.b.c.d.e', undefined],
    ['a payload that is not JSON', `${segment({})}.bm90IGpzb24.sig`, undefined],
    ['a payload that is a list', `${segment({})}.${segment(['x'])}.sig`, undefined],
  ])('reads %s', (_, token, roles) => {
    expect(rolesInAccessToken(token)).toEqual(roles);
  });
});

/** Hands out the tokens it is given, one per call, repeating the last. */
class ScriptedCredential implements TokenCredential {
  calls = 0;
  constructor(private readonly tokens: readonly string[]) {}
  async getToken(): Promise<AccessToken> {
    const token = this.tokens[Math.min(this.calls++, this.tokens.length - 1)]!;
    return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

describe('RoleReadingCredential', () => {
  it('knows no roles before the first token', () => {
    expect(new RoleReadingCredential(new ScriptedCredential([jwt({})])).roles()).toBeUndefined();
  });

  it('passes tokens through unchanged and reads their roles', async () => {
    const token = jwt({ roles: ['User.Read.All'] });
    const reading = new RoleReadingCredential(new ScriptedCredential([token]));
    expect((await reading.getToken('scope'))?.token).toBe(token);
    expect(reading.roles()).toEqual(['User.Read.All']);
  });

  it('reads the claim again only when the token changes, and tells its listeners', async () => {
    const first = jwt({ roles: ['User.Read.All'] });
    const second = jwt({ roles: ['User.Read.All', 'User.RevokeSessions.All'] });
    const reading = new RoleReadingCredential(new ScriptedCredential([first, first, second]));
    const seen: Array<readonly string[] | undefined> = [];
    reading.onChange((roles) => seen.push(roles));
    await reading.getToken('scope');
    await reading.getToken('scope');
    expect(seen).toEqual([['User.Read.All']]);
    await reading.getToken('scope');
    expect(seen).toEqual([['User.Read.All'], ['User.Read.All', 'User.RevokeSessions.All']]);
    expect(reading.roles()).toEqual(['User.Read.All', 'User.RevokeSessions.All']);
  });

  it('forgets the roles when a new token cannot be read', async () => {
    const reading = new RoleReadingCredential(
      new ScriptedCredential([jwt({ roles: ['User.Read.All'] }), 'opaque']),
    );
    await reading.getToken('scope');
    await reading.getToken('scope');
    expect(reading.roles()).toBeUndefined();
  });
});
