import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { DEMO, graph, issueToken } from './graph-test-client';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const PRIVILEGED_ROLE_ADMIN = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
const SECURITY_ADMIN = '194ae4cb-b126-40b2-bd5b-6091b380977d';

describe('Graph simulator: group membership and directory roles', () => {
  let sim: GraphSimulator;
  let token: string;
  let userReadOnly: string;
  const post = (path: string, body: unknown, as = token) => graph(sim, as, 'POST', path, body);
  const get = (path: string, headers?: Record<string, string>, as = token) =>
    graph(sim, as, 'GET', path, undefined, headers);

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    token = await issueToken(sim);
    sim.setGrantedPermissions(['User.Read.All']);
    userReadOnly = await issueToken(sim);
  });
  afterAll(() => sim.close());

  it('checks group membership transitively, through nested groups', async () => {
    const groupIds = [DEMO.approvers, DEMO.responders, DEMO.marketing];
    const kai = await post(`/users/${DEMO.kai}/checkMemberGroups`, { groupIds });
    expect(kai.status).toBe(200);
    expect(kai.body).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
      value: [DEMO.responders],
    });
    const ava = await post(`/users/${DEMO.ava}/checkMemberGroups`, { groupIds });
    expect(ava.body.value).toEqual([DEMO.approvers, DEMO.responders]);
  });

  it('rejects malformed or too many group ids with 400 and needs GroupMember.Read.All', async () => {
    expect(
      (await post(`/users/${DEMO.ava}/checkMemberGroups`, { groupIds: ['Security Approvers'] }))
        .status,
    ).toBe(400);
    const tooMany = Array.from({ length: 21 }, () => DEMO.approvers);
    expect((await post(`/users/${DEMO.ava}/checkMemberGroups`, { groupIds: tooMany })).status).toBe(
      400,
    );
    const denied = await post(
      `/users/${DEMO.ava}/checkMemberGroups`,
      { groupIds: [DEMO.approvers] },
      userReadOnly,
    );
    expect(denied.status).toBe(403);
    expect(
      (await post('/users/nobody@contoso.com/checkMemberGroups', { groupIds: [DEMO.approvers] }))
        .status,
    ).toBe(404);
  });

  it('checks member objects against groups and directory-role template ids', async () => {
    const grace = await post(`/users/${DEMO.grace}/checkMemberObjects`, {
      ids: [GLOBAL_ADMIN, DEMO.approvers],
    });
    expect(grace.body.value).toEqual([GLOBAL_ADMIN]);
    const ava = await post(`/users/${DEMO.ava}/checkMemberObjects`, {
      ids: [GLOBAL_ADMIN, DEMO.approvers],
    });
    expect(ava.body.value).toEqual([DEMO.approvers]);
  });

  it('lists transitive groups and active roles, with limited role items without RoleManagement.Read.Directory', async () => {
    const kai = await get(`/users/${DEMO.kai}/transitiveMemberOf?$select=id,displayName`);
    expect(kai.body.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.group',
        id: DEMO.responders,
        displayName: 'Security Responders',
      },
      { '@odata.type': '#microsoft.graph.group', id: DEMO.socTier2, displayName: 'SOC Tier 2' },
    ]);
    const grace = await get(`/users/${DEMO.grace}/transitiveMemberOf`);
    expect(grace.body.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.directoryRole',
        displayName: 'Global Administrator',
        roleTemplateId: GLOBAL_ADMIN,
      }),
    ]);
    expect(grace.body.value[0].id).not.toBe(GLOBAL_ADMIN);
    const limited = await get(
      `/users/${DEMO.grace}/transitiveMemberOf?$select=id,roleTemplateId`,
      {},
      userReadOnly,
    );
    expect(limited.body.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: grace.body.value[0].id,
        roleTemplateId: null,
      },
    ]);
  });

  it('requires ConsistencyLevel: eventual and $count=true for an OData cast', async () => {
    const path = `/users/${DEMO.kai}/transitiveMemberOf/microsoft.graph.group`;
    expect((await get(path)).status).toBe(400);
    const answer = await get(`${path}?$count=true&$filter=id eq '${DEMO.socTier2}'`, {
      ConsistencyLevel: 'eventual',
    });
    expect(answer.body['@odata.count']).toBe(1);
    expect(answer.body.value.map((g: { id: string }) => g.id)).toEqual([DEMO.socTier2]);
  });

  it('reports PIM eligibility separately from active roles', async () => {
    const eligible = (id: string) =>
      get(
        `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${id}'`,
      );
    const pat = await eligible(DEMO.pat);
    expect(pat.status).toBe(200);
    expect(pat.body.value).toEqual([
      expect.objectContaining({
        principalId: DEMO.pat,
        roleDefinitionId: PRIVILEGED_ROLE_ADMIN,
        directoryScopeId: '/',
      }),
    ]);
    expect((await eligible(DEMO.grace)).body.value).toEqual([]);
    expect((await get(`/users/${DEMO.pat}/transitiveMemberOf`)).body.value).toEqual([]);
    const active = await get(
      `/roleManagement/directory/roleAssignments?$filter=principalId eq '${DEMO.grace}'`,
    );
    expect(active.body.value).toEqual([
      expect.objectContaining({ principalId: DEMO.grace, roleDefinitionId: GLOBAL_ADMIN }),
    ]);
    expect((await get('/roleManagement/directory/roleEligibilityScheduleInstances')).status).toBe(
      400,
    );
    const denied = await get(
      `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${DEMO.pat}'`,
      {},
      userReadOnly,
    );
    expect(denied.status).toBe(403);
  });

  it('follows role changes made through the admin API', async () => {
    sim.tenant.setDirectoryRoles(DEMO.lee, ['Security Administrator'], {
      eligible: ['Global Administrator'],
    });
    const lee = await post(`/users/${DEMO.lee}/checkMemberObjects`, {
      ids: [SECURITY_ADMIN, GLOBAL_ADMIN],
    });
    expect(lee.body.value).toEqual([SECURITY_ADMIN]);
    // A Security Administrator outranks the app's User Administrator role.
    expect(
      (await graph(sim, token, 'PATCH', `/users/${DEMO.lee}`, { accountEnabled: false })).status,
    ).toBe(403);
  });
});
