import { type GraphConnection } from '../../../src/adapters/graph/create-graph-directory';
import { DomainError } from '../../../src/domain/errors';
import { parseUserRef, toObjectId, type UserRef } from '../../../src/domain/user-ref';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { connectToSimulator } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';

const ADELE = toObjectId('a0000000-0000-4000-8000-000000000011');
/** Every path Lockdown may touch: users and devices by GUID, and the read-only helpers. */
const ALLOWED_PATH =
  /^\/v1\.0\/(users\/[0-9a-f-]{36}(\/(revokeSignInSessions|registeredDevices|ownedDevices|checkMemberGroups|transitiveMemberOf))?|devices\/[0-9a-f-]{36}|roleManagement\/directory\/roleEligibilityScheduleInstances|\$batch)$/;

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a rejection');
}

describe('GraphDirectory against the Graph simulator', () => {
  let sim: GraphSimulator;
  let graph: GraphConnection & { restoreEnv: () => void };

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    graph = connectToSimulator(sim, {
      client: { requestTimeoutMs: 1_500 },
      batch: { maxInlineWaitSeconds: 2 },
    });
  });
  afterEach(() => {
    sim.faults.clear();
    sim.calls.clear();
  });
  afterAll(async () => {
    graph.restoreEnv();
    await sim.close();
  });

  describe('typed input never reaches a Graph path raw (threat-model T16)', () => {
    it.each([
      'x/../../servicePrincipals/1',
      'x/../../servicePrincipals/1@contoso.com',
      'a#b@contoso.com',
      'a?$top=1@contoso.com',
      "o'brien@contoso.com' or '1' eq '1",
      '"quoted"@contoso.com',
      'аdele.vance@contoso.com',
      'adele.vance@contoso.com%2F..%2Fdevices',
      `${'a'.repeat(490)}@contoso.com`,
    ])('rejects %j before any Graph call', (input) => {
      expect(() => parseUserRef(input)).toThrow(DomainError);
      expect(sim.calls.all()).toEqual([]);
    });

    it('keeps even a forged reference inside one /users/ segment, so nothing else is touched', async () => {
      const forged = { kind: 'upn', upn: 'x/../../servicePrincipals/1' } as UserRef;
      expect((await rejection(graph.directory.resolveUser(forged))).code).toBe('USER_NOT_FOUND');
      const calls = sim.calls.all();
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ method: 'GET', status: 404 });
      expect(calls[0]!.path.startsWith('/v1.0/users/')).toBe(true);
    });

    it('touches only users and devices by object id during a whole revocation', async () => {
      const user = await graph.directory.resolveUser(parseUserRef('bob.kelly@contoso.com'));
      const devices = await graph.directory.listRegisteredDevices(user.id);
      await graph.directory.listDirectoryRoles(user.id);
      await graph.directory.applyMutations([
        { kind: 'disable-user', userId: user.id },
        { kind: 'revoke-sessions', userId: user.id },
        ...devices.map((d) => ({ kind: 'disable-device', deviceId: d.id }) as const),
      ]);
      const paths = sim.calls
        .all()
        .filter((c) => c.method !== 'GET' || c.viaBatch)
        .map((c) => c.path);
      expect(paths.length).toBeGreaterThan(3);
      for (const path of paths) expect(path).toMatch(ALLOWED_PATH);
    });
  });

  it('reaches Graph through the managed identity configured by environment variables alone', async () => {
    await graph.directory.getUser(ADELE);
    const [call] = sim.calls.all();
    expect(call).toMatchObject({ method: 'GET', path: `/v1.0/users/${ADELE}`, status: 200 });
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    sim.faults.add({ method: 'GET', path: '/users/*', status: 429, retryAfter: 0.5, times: 2 });
    const started = Date.now();
    await graph.directory.getUser(ADELE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sim.calls.all().map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('reports GRAPH_THROTTLED with the wait when Retry-After is too long to wait in line', async () => {
    sim.faults.add({ method: 'GET', path: '/users/*', status: 429, retryAfter: 120, times: 1 });
    const error = await rejection(graph.directory.getUser(ADELE));
    expect(error).toMatchObject({
      code: 'GRAPH_THROTTLED',
      retryable: true,
      context: { retryAfterSeconds: 120, status: 429 },
    });
    expect(sim.calls.all()).toHaveLength(1);
  });

  it('retries only the throttled items of a batch, after their Retry-After', async () => {
    sim.faults.add({
      method: 'POST',
      path: '/users/*/revokeSignInSessions',
      status: 429,
      retryAfter: 0.3,
      times: 1,
    });
    const results = await graph.directory.applyMutations([
      { kind: 'revoke-sessions', userId: ADELE },
      { kind: 'disable-device', deviceId: toObjectId('d0000000-0000-4000-8000-000000000011') },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const items = sim.calls.all().filter((c) => c.viaBatch);
    expect(items.map((c) => [c.method, c.status])).toEqual([
      ['POST', 429],
      ['PATCH', 204],
      ['POST', 200],
    ]);
  });

  it('reports GRAPH_UNAVAILABLE with the request-id after repeated 503s', async () => {
    sim.faults.add({ method: 'GET', path: '/users/*', status: 503, retryAfter: 0.1 });
    const error = await rejection(graph.directory.getUser(ADELE));
    expect(error).toMatchObject({
      code: 'GRAPH_UNAVAILABLE',
      retryable: true,
      context: { status: 503 },
    });
    expect(error.context.graphRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives up on a call that hangs, within its timeout', async () => {
    sim.faults.add({ method: 'GET', path: '/users/*', hang: true, times: 1 });
    const error = await rejection(graph.directory.getUser(ADELE));
    expect(error).toMatchObject({
      code: 'GRAPH_UNAVAILABLE',
      userMessage: expect.stringContaining('no answer in time'),
    });
  });

  it('follows every page of a user with many devices', async () => {
    const owner = sim.tenant.addUser({ userPrincipalName: 'many.devices@contoso.com' });
    sim.tenant.addDevices(250, {
      owner: owner.id,
      displayName: 'DEV-{n}',
      operatingSystem: 'Windows',
    });
    const devices = await graph.directory.listRegisteredDevices(toObjectId(owner.id));
    expect(devices).toHaveLength(250);
    expect(sim.calls.all().filter((c) => c.path.endsWith('/registeredDevices')).length).toBe(3);
  });
});
