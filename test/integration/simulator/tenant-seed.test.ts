import { parseTenantSeed } from '../../../src/simulator/graph/tenant-seed';
import {
  DEMO_TENANT_PATH,
  loadTenantSeed,
  startGraphSimulator,
} from '../../../src/simulator/graph/start-graph-simulator';

describe('Graph simulator: tenant data files', () => {
  it('loads and validates the demo tenant from its data file', () => {
    const seed = loadTenantSeed(DEMO_TENANT_PATH);
    expect(seed.tenant.displayName).toBe('Contoso');
    expect(seed.app.directoryRoles).toEqual(['User Administrator']);
    expect(
      seed.users.find((u) => u.userPrincipalName === 'dan.ortiz@contoso.com')
        ?.onPremisesSyncEnabled,
    ).toBe(true);
  });

  it('reports every problem of a broken seed at once, each with its path', () => {
    const seed = loadTenantSeed(DEMO_TENANT_PATH);
    const broken = {
      ...seed,
      users: [
        { ...seed.users[0], id: 'NOT-A-GUID', directoryRoles: ['Supreme Leader'] },
        ...seed.users.slice(1),
      ],
      devices: [{ ...seed.devices[0], owner: '00000000-0000-4000-8000-000000000000' }],
    };
    expect(() => parseTenantSeed(broken)).toThrow(
      /users\.0\.id: must be a lower-case GUID[\s\S]*users\.0\.directoryRoles\.0: unknown directory role 'Supreme Leader'[\s\S]*devices\.0\.owner: unknown user id/,
    );
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(
      startGraphSimulator({ tenant: loadTenantSeed(DEMO_TENANT_PATH), host: '0.0.0.0' }),
    ).rejects.toThrow(/loopback only/);
  });
});
