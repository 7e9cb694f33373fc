import { toObjectId } from '../../../src/domain/user-ref';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { connectToSimulator } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';

const ADELE = toObjectId('a0000000-0000-4000-8000-000000000011');

// A token's roles are fixed when it is issued and the credential caches it for the process, so
// this file's simulator grants less from the start.
describe('GraphDirectory with an identity that lacks permissions', () => {
  let sim: GraphSimulator;
  let graph: ReturnType<typeof connectToSimulator>;

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ grantedPermissions: ['User.Read.All'] });
    graph = connectToSimulator(sim);
  });
  afterAll(async () => {
    graph.restoreEnv();
    await sim.close();
  });

  it.each([
    ['revoke-sessions', 'User.RevokeSessions.All'],
    ['disable-user', 'User.EnableDisableAccount.All'],
  ] as const)('names the missing permission when Graph refuses %s', async (kind, permission) => {
    const [result] = await graph.directory.applyMutations([{ kind, userId: ADELE }]);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'GRAPH_FORBIDDEN', context: { permission, status: 403 } },
    });
    expect(result!.ok ? '' : result!.error.userMessage).toContain(permission);
    expect(sim.tenant.getUser(ADELE)!.accountEnabled).toBe(true);
  });

  it('names the missing permission for a device', async () => {
    const result = await graph.directory.disableDevice(
      toObjectId('d0000000-0000-4000-8000-000000000011'),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'GRAPH_FORBIDDEN', context: { permission: 'Device.ReadWrite.All' } },
    });
  });
});
