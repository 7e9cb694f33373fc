import { graphPaths } from '../../../../src/adapters/graph/graph-paths';
import { parseUserRef, toObjectId } from '../../../../src/domain/user-ref';

describe('graphPaths', () => {
  it('looks a UPN up as one encoded path segment', () => {
    expect(graphPaths.userLookup(parseUserRef("o'brien@contoso.com"))).toMatch(
      /^\/users\/o'brien%40contoso\.com\?\$select=/,
    );
  });

  it("sends a guest's #EXT# marker as %23 so it is not cut off as a fragment", () => {
    const path = graphPaths.userLookup(
      parseUserRef('jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com'),
    );
    expect(path).toContain('/users/jordan.lee_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com?');
    expect(path).not.toContain('#');
  });

  it("uses Graph's key syntax for a UPN that starts with $", () => {
    expect(graphPaths.userLookup(parseUserRef('$svc@contoso.com'))).toMatch(
      /^\/users\('%24svc%40contoso\.com'\)\?/,
    );
  });

  it('addresses mutations by object id only', () => {
    const id = toObjectId('6F1C2E4A-0B7D-4C51-9E3A-2D8B7C6A5F40');
    expect(graphPaths.user(id)).toBe('/users/6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f40');
    expect(graphPaths.revokeSessions(id)).toBe(
      '/users/6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f40/revokeSignInSessions',
    );
    expect(graphPaths.device(id)).toBe('/devices/6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f40');
  });
});
