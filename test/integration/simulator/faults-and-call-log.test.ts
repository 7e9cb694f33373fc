import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { admin, DEMO, graph, issueToken } from './graph-test-client';

describe('Graph simulator: faults, the call log and the admin API', () => {
  let sim: GraphSimulator;
  let token: string;
  const revoke = (id: string) => graph(sim, token, 'POST', `/users/${id}/revokeSignInSessions`);

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    token = await issueToken(sim);
  });
  afterAll(() => sim.close());
  afterEach(() => sim.faults.clear());

  it('throttles with 429, Retry-After and Graph’s throttling body for `times` calls, then succeeds', async () => {
    sim.faults.add({
      method: 'POST',
      path: '/users/*/revokeSignInSessions',
      status: 429,
      retryAfter: 2,
      times: 2,
    });
    const first = await revoke(DEMO.sam);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.body).toEqual({
      error: {
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        innerError: {
          code: '429',
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
          message: 'Please retry after',
          'request-id': first.headers.get('request-id'),
          status: '429',
        },
      },
    });
    expect((await revoke(DEMO.sam)).status).toBe(429);
    expect((await revoke(DEMO.sam)).status).toBe(200);
  });

  it('omits Retry-After when told to, and answers 503 serviceNotAvailable', async () => {
    sim.faults.add({ path: '/users/*', status: 429, retryAfter: null, times: 1 });
    sim.faults.add({ path: '/users/*', status: 503, times: 1 });
    const throttled = await graph(sim, token, 'GET', `/users/${DEMO.sam}`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
    const unavailable = await graph(sim, token, 'GET', `/users/${DEMO.sam}`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.code).toBe('serviceNotAvailable');
  });

  it('applies the change and then answers 504 when a fault says applyThenFail', async () => {
    sim.clock.advance(5000);
    sim.faults.add({
      path: '/users/*/revokeSignInSessions',
      status: 504,
      applyThenFail: true,
      times: 1,
    });
    sim.calls.clear();
    const answer = await revoke(DEMO.noah);
    expect(answer.status).toBe(504);
    expect(sim.tenant.getUser(DEMO.noah)?.signInSessionsValidFromDateTime).toBe(
      `${sim.clock.now().toISOString().slice(0, 19)}Z`,
    );
    expect(sim.calls.mutations()).toEqual([
      expect.objectContaining({ method: 'POST', status: 504, applied: true, viaBatch: false }),
    ]);
  });

  it('delays a call by the fault latency but still answers it', async () => {
    sim.faults.add({ path: '/users/*', latencyMs: 300, times: 1 });
    const started = Date.now();
    expect((await graph(sim, token, 'GET', `/users/${DEMO.sam}`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('never answers a hanging call, and logs it with status 0', async () => {
    sim.faults.add({ path: '/devices/*', hang: true, times: 1 });
    const call = fetch(`${sim.baseUrl}/v1.0/devices/${DEMO.bobsLaptop}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(300),
    });
    await expect(call).rejects.toThrow();
    expect(sim.calls.all().at(-1)).toMatchObject({
      path: `/v1.0/devices/${DEMO.bobsLaptop}`,
      status: 0,
    });
  });

  it('logs every call, including unknown paths, with decoded paths and queries', async () => {
    sim.calls.clear();
    const waiting = sim.calls.waitFor((c) => c.path.startsWith('/v1.0/servicePrincipals'), 2000);
    const unknown = await graph(sim, token, 'GET', '/servicePrincipals/x?$select=id');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('Request_ResourceNotFound');
    expect(await waiting).toMatchObject({
      method: 'GET',
      path: '/v1.0/servicePrincipals/x',
      query: '$select=id',
    });
    await graph(
      sim,
      token,
      'GET',
      '/users/jordan.lee_fabrikam.com%23EXT%23@contoso.onmicrosoft.com?$select=id',
    );
    expect((await graph(sim, token, 'GET', `${sim.baseUrl}/beta/users`)).status).toBe(400);
    expect(sim.calls.all().map((c) => `${c.status} ${c.path}`)).toEqual([
      '404 /v1.0/servicePrincipals/x',
      '200 /v1.0/users/jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      '400 /beta/users',
    ]);
    expect(sim.calls.mutations()).toEqual([]);
    await expect(sim.calls.waitFor(() => false, 50)).rejects.toThrow(/No matching Graph call/);
  });

  it('refuses request bodies above 4 MB with 413', async () => {
    const answer = await graph(sim, token, 'PATCH', `/users/${DEMO.sam}`, {
      displayName: 'x'.repeat(4 * 1024 * 1024 + 10),
    });
    expect(answer.status).toBe(413);
  });

  it('serves the admin API only with the key, without logging or delaying it', async () => {
    expect((await admin(sim, 'GET', `users/${DEMO.sam}`, undefined, 'wrong')).status).toBe(401);
    sim.calls.clear();
    const disabled = await admin(sim, 'POST', 'users/isaiah.langer@contoso.com/disable', {
      by: 'grace.hill@contoso.com',
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({
      userPrincipalName: 'isaiah.langer@contoso.com',
      accountEnabled: false,
    });
    const fault = await admin(sim, 'POST', 'faults', {
      pathRegex: '^/users/[^/]+$',
      method: 'GET',
      status: 500,
      times: 1,
    });
    expect(fault.status).toBe(201);
    expect((await graph(sim, token, 'GET', `/users/${DEMO.sam}`)).status).toBe(500);
    const calls = await admin(sim, 'GET', 'calls');
    expect(calls.body.map((c: { path: string }) => c.path)).toEqual([`/v1.0/users/${DEMO.sam}`]);
    const before = sim.clock.now().getTime();
    await admin(sim, 'POST', 'clock/advance', { ms: 60_000 });
    expect(sim.clock.now().getTime() - before).toBeGreaterThanOrEqual(60_000);
    expect((await admin(sim, 'POST', 'sync-cycle')).body).toEqual({ reverted: [] });
    expect((await admin(sim, 'GET', 'users/nobody@contoso.com')).status).toBe(404);
  });

  it('adds the configured latency to Graph answers only', async () => {
    const slow = await startTestGraphSimulator({ latencyMs: [150, 200] });
    try {
      const slowToken = await issueToken(slow);
      let started = Date.now();
      expect((await graph(slow, slowToken, 'GET', `/users/${DEMO.sam}`)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      started = Date.now();
      expect((await admin(slow, 'GET', 'clock')).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(140);
    } finally {
      await slow.close();
    }
  });
});
