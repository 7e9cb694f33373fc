import { toObjectId } from '../../../src/domain/user-ref';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { directoryContract, type ContractData } from '../../contracts/directory-contract';
import { connectToSimulator } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';

const u = (n: string) => toObjectId(`a0000000-0000-4000-8000-0000000000${n}`);
const d = (n: string) => toObjectId(`d0000000-0000-4000-8000-0000000000${n}`);

/** The demo tenant's facts the contract relies on (src/simulator/graph/demo-tenant.json). */
const DEMO: ContractData = {
  member: { id: u('11'), upn: 'adele.vance@contoso.com', deviceIds: [d('11'), d('12'), d('13')] },
  plain: { id: u('14'), upn: 'lee.gu@contoso.com' },
  synced: { id: u('41'), upn: 'dan.ortiz@contoso.com' },
  guest: { id: u('31'), upn: 'jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
  globalAdmin: { id: u('51'), upn: 'grace.hill@contoso.com' },
  eligibleAdmin: { id: u('53'), upn: 'pat.eligible@contoso.com' },
  nonWindowsDeviceId: d('32'),
  approverGroupId: toObjectId('b0000000-0000-4000-8000-000000000002'),
  approver: { id: u('03'), upn: 'noah.kim@contoso.com' },
  requesterGroupId: toObjectId('b0000000-0000-4000-8000-000000000001'),
  nestedRequester: { id: u('04'), upn: 'kai.tanaka@contoso.com' },
};

directoryContract('GraphDirectory over HTTPS to the Graph simulator', async () => {
  const sim: GraphSimulator = await startTestGraphSimulator();
  const connection = connectToSimulator(sim);
  return {
    directory: connection.directory,
    data: DEMO,
    peek: {
      accountEnabled: async (id) => sim.tenant.getUser(id)!.accountEnabled,
      sessionsValidFrom: async (id) => sim.tenant.getUser(id)!.signInSessionsValidFromDateTime,
      deviceEnabled: async (id) => sim.tenant.getDevice(id)!.accountEnabled,
    },
    advanceClock: (ms) => sim.clock.advance(ms),
    dispose: async () => {
      connection.restoreEnv();
      await sim.close();
    },
  };
});
