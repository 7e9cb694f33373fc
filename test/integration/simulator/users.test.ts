import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { DEMO, graph, issueToken } from './graph-test-client';

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const STRONG_PASSWORD = 'Corr3ct-Horse-Battery!';

describe('Graph simulator: users', () => {
  let sim: GraphSimulator;
  let token: string;
  const get = (path: string, headers?: Record<string, string>) =>
    graph(sim, token, 'GET', path, undefined, headers);
  const patch = (id: string, body: unknown) => graph(sim, token, 'PATCH', `/users/${id}`, body);

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    token = await issueToken(sim);
  });
  afterAll(() => sim.close());

  it('returns the default property set for a user read by object id', async () => {
    const answer = await get(`/users/${DEMO.sam}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    );
    expect(answer.headers.get('odata-version')).toBe('4.0');
    expect(Object.keys(answer.body).sort()).toEqual(
      [
        '@odata.context',
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
    expect(answer.body['@odata.context']).toBe(
      'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
    );
  });

  it('finds a user by UPN case-insensitively', async () => {
    const answer = await get('/users/Sam.Rivera@CONTOSO.com?$select=id');
    expect(answer.body).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id)/$entity',
      id: DEMO.sam,
    });
  });

  it('returns exactly the selected properties, in canonical casing', async () => {
    const answer = await get(
      `/users/${DEMO.dan}?$select=accountEnabled,ONPREMISESSYNCENABLED,userType`,
    );
    expect(answer.body).toEqual({
      '@odata.context':
        'https://graph.microsoft.com/v1.0/$metadata#users(accountEnabled,onPremisesSyncEnabled,userType)/$entity',
      accountEnabled: true,
      onPremisesSyncEnabled: true,
      userType: 'Member',
    });
  });

  it('answers 400 Request_BadRequest to an unknown $select property', async () => {
    const answer = await get(`/users/${DEMO.sam}?$select=id,shoeSize`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message:
        "Could not find a property named 'shoeSize' on type 'Microsoft.DirectoryServices.User'.",
    });
  });

  it('answers 404 Request_ResourceNotFound, in Graph error shape, to an unknown user', async () => {
    const answer = await get('/users/nobody@contoso.com');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error: {
        code: 'Request_ResourceNotFound',
        message:
          "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
        innerError: {
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
          'request-id': answer.headers.get('request-id'),
          'client-request-id': answer.headers.get('client-request-id'),
        },
      },
    });
  });

  it("reads a guest through %23-encoded #EXT# and needs ('…') for a UPN starting with $", async () => {
    const guest = await get(
      '/users/jordan.lee_fabrikam.com%23EXT%23@contoso.onmicrosoft.com?$select=id,userType',
    );
    expect(guest.body).toMatchObject({ id: DEMO.jordan, userType: 'Guest' });
    const svc = sim.tenant.addUser({ userPrincipalName: '$svc@contoso.com' });
    expect((await get('/users/$svc@contoso.com')).status).toBe(400);
    expect((await get("/users('$svc@contoso.com')?$select=id")).body.id).toBe(svc.id);
    const quoted = sim.tenant.addUser({ userPrincipalName: "o'brien@contoso.com" });
    expect((await get("/users('o''brien@contoso.com')?$select=id")).body.id).toBe(quoted.id);
  });

  it('disables an account with 204 and no body, idempotently, and audits it as the app', async () => {
    const first = await patch(DEMO.bob, { accountEnabled: false });
    expect(first.status).toBe(204);
    expect(first.body).toBeUndefined();
    expect(first.headers.get('content-type')).toBeNull();
    expect((await patch(DEMO.bob, { accountEnabled: false })).status).toBe(204);
    expect((await get(`/users/${DEMO.bob}?$select=accountEnabled`)).body.accountEnabled).toBe(
      false,
    );
    const audits = await get(
      `/auditLogs/directoryAudits?$filter=targetResources/any(t:t/id eq '${DEMO.bob}')`,
    );
    expect(audits.body.value).toHaveLength(1);
    expect(audits.body.value[0]).toMatchObject({
      activityDisplayName: 'Disable account',
      category: 'UserManagement',
      result: 'success',
      initiatedBy: { user: null, app: { appId: sim.clientId, displayName: 'Lockdown' } },
      targetResources: [
        {
          id: DEMO.bob,
          type: 'User',
          modifiedProperties: [
            { displayName: 'AccountEnabled', oldValue: '[true]', newValue: '[false]' },
          ],
        },
      ],
    });
  });

  it('revokes sessions with 200 {value:true} and moves signInSessionsValidFromDateTime to now', async () => {
    sim.clock.advance(24 * 3600_000);
    token = await issueToken(sim);
    const before = sim.tenant.getUser(DEMO.lee)?.signInSessionsValidFromDateTime;
    const answer = await graph(sim, token, 'POST', `/users/${DEMO.lee}/revokeSignInSessions`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean',
      value: true,
    });
    const after = sim.tenant.getUser(DEMO.lee)?.signInSessionsValidFromDateTime;
    expect(after).toMatch(ISO_SECONDS);
    expect(after).not.toBe(before);
    expect(after).toBe(`${sim.clock.now().toISOString().slice(0, 19)}Z`);
    expect(
      (await graph(sim, token, 'POST', `/users/${DEMO.jordan}/revokeSignInSessions`)).status,
    ).toBe(200);
  });

  it('refuses to disable a Global Administrator but disables a helpdesk admin and a PIM-eligible user', async () => {
    const grace = await patch(DEMO.grace, { accountEnabled: false });
    expect(grace.status).toBe(403);
    expect(grace.body.error.code).toBe('Authorization_RequestDenied');
    expect(sim.tenant.getUser(DEMO.grace)?.accountEnabled).toBe(true);
    expect((await patch(DEMO.diego, { accountEnabled: false })).status).toBe(204);
    expect((await patch(DEMO.pat, { accountEnabled: false })).status).toBe(204);
  });

  it('resets a password, never logs it, and rejects weak, synced and guest targets', async () => {
    const weak = await patch(DEMO.alex, {
      passwordProfile: { password: 'short', forceChangePasswordNextSignIn: true },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/password complexity requirements/);
    const reset = await patch(DEMO.alex, {
      passwordProfile: { password: STRONG_PASSWORD, forceChangePasswordNextSignIn: true },
    });
    expect(reset.status).toBe(204);
    expect(sim.tenant.lastPasswordSet(DEMO.alex)).toBe(STRONG_PASSWORD);
    expect(sim.tenant.getUser(DEMO.alex)?.lastPasswordChangeDateTime).toBe(
      `${sim.clock.now().toISOString().slice(0, 19)}Z`,
    );
    const logged = sim.calls.all().filter((c) => c.path === `/v1.0/users/${DEMO.alex}`);
    expect(logged.at(-1)?.body).toEqual({
      passwordProfile: { password: '[redacted]', forceChangePasswordNextSignIn: true },
    });
    expect(JSON.stringify(sim.calls.all())).not.toContain(STRONG_PASSWORD);
    const synced = await patch(DEMO.dan, { passwordProfile: { password: STRONG_PASSWORD } });
    expect(synced.body.error.message).toMatch(/on-premises mastered Directory Sync objects/);
    expect(
      (await patch(DEMO.jordan, { passwordProfile: { password: STRONG_PASSWORD } })).status,
    ).toBe(400);
  });

  it('lets a cloud disable of a synced user stand only until the next sync cycle', async () => {
    expect((await patch(DEMO.dan, { accountEnabled: false })).status).toBe(204);
    expect(sim.tenant.runSyncCycle()).toEqual([DEMO.dan]);
    expect(sim.tenant.getUser(DEMO.dan)?.accountEnabled).toBe(true);
    const audits = await get(
      `/auditLogs/directoryAudits?$filter=targetResources/any(t:t/id eq '${DEMO.dan}')&$top=1`,
    );
    expect(audits.body.value[0]).toMatchObject({
      activityDisplayName: 'Enable account',
      initiatedBy: { app: { displayName: 'Microsoft Entra Connect' } },
    });
    sim.tenant.setOnPremisesEnabled(DEMO.dan, false);
    expect(sim.tenant.runSyncCycle()).toEqual([DEMO.dan]);
    expect(sim.tenant.getUser(DEMO.dan)?.accountEnabled).toBe(false);
  });

  it('records a portal disable in the audit log, initiated by the named admin', async () => {
    sim.tenant.disableUser('megan.bowen@contoso.com', { by: 'grace.hill@contoso.com' });
    const audits = await get(
      `/auditLogs/directoryAudits?$filter=targetResources/any(x:x/id eq '${DEMO.megan}')`,
    );
    expect(audits.body.value[0].initiatedBy).toEqual({
      app: null,
      user: {
        id: DEMO.grace,
        userPrincipalName: 'grace.hill@contoso.com',
        displayName: 'Grace Hill',
        ipAddress: null,
      },
    });
    expect((await get('/auditLogs/directoryAudits')).status).toBe(400);
  });

  it('answers 404 for a soft-deleted user and 400 for a read-only property', async () => {
    const temp = sim.tenant.addUser({ userPrincipalName: 'temp.worker@contoso.com' });
    sim.tenant.deleteUser(temp.id);
    expect((await get(`/users/${temp.id}`)).status).toBe(404);
    expect(sim.tenant.getUser(temp.id)?.deletedDateTime).toMatch(ISO_SECONDS);
    const readOnly = await patch(DEMO.sam, {
      signInSessionsValidFromDateTime: '2020-01-01T00:00:00Z',
    });
    expect(readOnly.status).toBe(400);
  });
});
