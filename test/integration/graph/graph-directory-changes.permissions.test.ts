import { toObjectId } from '../../../src/domain/user-ref';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { connectToSimulator } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';

// A token's roles are fixed when it is issued and the credential caches it for the process, so
// this file's simulator grants less from the start.
describe('GraphDirectoryChanges with an identity that lacks AuditLog.Read.All', () => {
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

  it('answers undefined to whoDisabled instead of failing, and the delta query still works', async () => {
    const user = sim.tenant.addUser({ userPrincipalName: 'unaudited@contoso.com' });
    sim.tenant.disableUser(user.id, { by: 'ava.chen@contoso.com' });
    expect(await graph.changes.whoDisabled(toObjectId(user.id))).toBeUndefined();
    expect(sim.calls.all()).toEqual([
      expect.objectContaining({ path: '/v1.0/auditLogs/directoryAudits', status: 403 }),
    ]);
    const page = await graph.changes.startDelta();
    expect(page.users).toContainEqual(
      expect.objectContaining({ id: user.id, accountEnabled: false }),
    );
  });
});
