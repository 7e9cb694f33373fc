import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { DEMO, graph, issueToken } from './graph-test-client';

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

describe('Graph simulator: JSON batching', () => {
  let sim: GraphSimulator;
  let token: string;
  const batch = (requests: unknown[]) => graph(sim, token, 'POST', '/$batch', { requests });
  const byId = (responses: ItemResponse[], id: string) =>
    responses.find((r) => r.id === id) as ItemResponse;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    token = await issueToken(sim);
  });
  afterAll(() => sim.close());
  afterEach(() => sim.faults.clear());

  it('answers every item by id, in a shuffled order, with Content-Type on JSON bodies', async () => {
    const users = [DEMO.sam, DEMO.ava, DEMO.noah, DEMO.kai, DEMO.lee];
    const answer = await batch(
      users.map((id, i) => ({ id: `${i + 1}`, method: 'GET', url: `/users/${id}?$select=id` })),
    );
    expect(answer.status).toBe(200);
    const responses = answer.body.responses as ItemResponse[];
    expect(responses.map((r) => r.id).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(responses.map((r) => r.id)).not.toEqual(['1', '2', '3', '4', '5']);
    for (const [i, id] of users.entries()) {
      const item = byId(responses, `${i + 1}`);
      expect(item.status).toBe(200);
      expect(item.body.id).toBe(id);
      expect(item.headers['Content-Type']).toMatch(/^application\/json(;|$)/);
    }
  });

  it("accepts '/v1.0'-prefixed and bare urls and lower-case header names, and logs each item", async () => {
    sim.calls.clear();
    const answer = await batch([
      {
        id: 'a',
        method: 'PATCH',
        url: `/v1.0/users/${DEMO.lynne}`,
        headers: { 'content-type': 'application/json' },
        body: { accountEnabled: false },
      },
      { id: 'b', method: 'POST', url: `users/${DEMO.lynne}/revokeSignInSessions` },
    ]);
    const responses = answer.body.responses as ItemResponse[];
    expect(byId(responses, 'a')).toMatchObject({ status: 204, body: null });
    expect(byId(responses, 'a').headers['Content-Type']).toBeUndefined();
    expect(byId(responses, 'b')).toMatchObject({ status: 200, body: { value: true } });
    expect(sim.tenant.getUser(DEMO.lynne)?.accountEnabled).toBe(false);
    const items = sim.calls.all().filter((c) => c.viaBatch);
    expect(items.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      `PATCH /v1.0/users/${DEMO.lynne}`,
      `POST /v1.0/users/${DEMO.lynne}/revokeSignInSessions`,
    ]);
    expect(sim.calls.mutations().map((c) => c.viaBatch)).toEqual([true, true]);
  });

  it('answers 424 to an item whose dependency failed', async () => {
    const answer = await batch([
      { id: '1', method: 'GET', url: '/users/nobody@contoso.com' },
      {
        id: '2',
        method: 'POST',
        url: '/users/nobody@contoso.com/revokeSignInSessions',
        dependsOn: ['1'],
      },
      { id: '3', method: 'GET', url: `/users/${DEMO.sam}?$select=id` },
      { id: '4', method: 'GET', url: `/users/${DEMO.sam}?$select=id`, dependsOn: ['3'] },
    ]);
    const responses = answer.body.responses as ItemResponse[];
    expect(byId(responses, '1').status).toBe(404);
    expect(byId(responses, '2').status).toBe(424);
    expect(byId(responses, '4').status).toBe(200);
  });

  it('rejects more than 20 items, duplicate ids, and a body without Content-Type with 400', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      id: `${i}`,
      method: 'GET',
      url: `/users/${DEMO.sam}`,
    }));
    expect((await batch(many)).status).toBe(400);
    const dup = [
      { id: '1', method: 'GET', url: `/users/${DEMO.sam}` },
      { id: '1', method: 'GET', url: `/users/${DEMO.ava}` },
    ];
    expect((await batch(dup)).status).toBe(400);
    const noType = await batch([
      { id: '1', method: 'PATCH', url: `/users/${DEMO.sam}`, body: { accountEnabled: false } },
    ]);
    expect(noType.status).toBe(400);
    expect(sim.tenant.getUser(DEMO.sam)?.accountEnabled).toBe(true);
  });

  it('throttles matching items with 429 and Retry-After in the item headers, outer status 200', async () => {
    sim.faults.add({
      method: 'POST',
      path: '/users/*/revokeSignInSessions',
      status: 429,
      retryAfter: 7,
      times: 1,
    });
    const answer = await batch([
      { id: '1', method: 'POST', url: `/users/${DEMO.megan}/revokeSignInSessions` },
      { id: '2', method: 'POST', url: `/users/${DEMO.adele}/revokeSignInSessions` },
    ]);
    expect(answer.status).toBe(200);
    const statuses = (answer.body.responses as ItemResponse[]).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 429]);
    const throttled = (answer.body.responses as ItemResponse[]).find(
      (r) => r.status === 429,
    ) as ItemResponse;
    expect(throttled.headers['Retry-After']).toBe('7');
    expect(throttled.body.error.code).toBe('TooManyRequests');
  });

  it('leaves batch items alone when a fault says inBatch: false', async () => {
    sim.faults.add({ path: '/users/*', status: 503, inBatch: false });
    const answer = await batch([{ id: '1', method: 'GET', url: `/users/${DEMO.sam}` }]);
    expect(answer.body.responses[0].status).toBe(200);
    expect((await graph(sim, token, 'GET', `/users/${DEMO.sam}`)).status).toBe(503);
  });
});
