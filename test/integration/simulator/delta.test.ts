import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { DEMO, graph, issueToken } from './graph-test-client';

const DEMO_USER_COUNT = 18;
const DAY_MS = 24 * 3600_000;

describe('Graph simulator: users delta query', () => {
  let sim: GraphSimulator;
  let token: string;
  const get = (url: string, headers?: Record<string, string>) =>
    graph(sim, token, 'GET', url, undefined, headers);

  /** Follows nextLinks to the deltaLink; returns every item and the deltaLink. */
  async function sync(start: string, headers?: Record<string, string>) {
    const items: Record<string, unknown>[] = [];
    let url = start;
    let pages = 0;
    for (;;) {
      const answer = await get(url, headers);
      expect(answer.status).toBe(200);
      items.push(...answer.body.value);
      pages += 1;
      if (answer.body['@odata.deltaLink'])
        return { items, pages, deltaLink: answer.body['@odata.deltaLink'] as string };
      url = answer.body['@odata.nextLink'] as string;
      expect(url).toMatch(new RegExp(`^${sim.baseUrl}/v1\\.0/users/delta\\?\\$skiptoken=`));
    }
  }

  beforeEach(async () => {
    sim = await startTestGraphSimulator({ pageSize: 5 });
    token = await issueToken(sim);
  });
  afterEach(() => sim.close());

  it('pages a full sync with skip tokens and ends with a deltaLink; items carry only id and selected properties', async () => {
    const { items, pages, deltaLink } = await sync(
      '/users/delta?$select=accountEnabled,displayName',
    );
    expect(items).toHaveLength(DEMO_USER_COUNT);
    expect(pages).toBe(Math.ceil(DEMO_USER_COUNT / 5));
    expect(deltaLink).toMatch(new RegExp(`^${sim.baseUrl}/v1\\.0/users/delta\\?\\$deltatoken=`));
    expect(Object.keys(items[0]).sort()).toEqual(['accountEnabled', 'displayName', 'id']);
    expect(items.find((u) => u.id === DEMO.henrietta)).toMatchObject({ accountEnabled: false });
  });

  it('returns only users whose selected properties changed, each once in its latest state', async () => {
    const baseline = await sync('/users/delta?$select=accountEnabled');
    await graph(sim, token, 'PATCH', `/users/${DEMO.bob}`, { accountEnabled: false });
    await graph(sim, token, 'PATCH', `/users/${DEMO.bob}`, { accountEnabled: true });
    await graph(sim, token, 'PATCH', `/users/${DEMO.bob}`, { accountEnabled: false });
    sim.tenant.disableUser(DEMO.megan);
    await graph(sim, token, 'POST', `/users/${DEMO.lee}/revokeSignInSessions`);
    const changes = await sync(baseline.deltaLink);
    expect(changes.items.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([
      { id: DEMO.bob, accountEnabled: false },
      { id: DEMO.megan, accountEnabled: false },
    ]);
    expect((await sync(changes.deltaLink)).items).toEqual([]);
  });

  it('returns only the changed properties under Prefer: return=minimal', async () => {
    const baseline = await sync(
      '/users/delta?$select=accountEnabled,displayName,signInSessionsValidFromDateTime',
    );
    sim.clock.advance(60_000);
    await graph(sim, token, 'POST', `/users/${DEMO.ava}/revokeSignInSessions`);
    const answer = await get(baseline.deltaLink, { Prefer: 'return=minimal' });
    expect(answer.body.value).toEqual([
      {
        id: DEMO.ava,
        signInSessionsValidFromDateTime: `${sim.clock.now().toISOString().slice(0, 19)}Z`,
      },
    ]);
  });

  it('starts from now with $deltatoken=latest and reports soft-deleted users as @removed', async () => {
    const latest = await get('/users/delta?$deltatoken=latest&$select=accountEnabled');
    expect(latest.body.value).toEqual([]);
    sim.tenant.deleteUser(DEMO.lee);
    const changes = await sync(latest.body['@odata.deltaLink']);
    expect(changes.items).toEqual([{ id: DEMO.lee, '@removed': { reason: 'changed' } }]);
  });

  it('answers 400 syncStateNotFound to tokens invalidated by expireDeltaTokens', async () => {
    const baseline = await sync('/users/delta?$select=accountEnabled');
    sim.tenant.expireDeltaTokens();
    const answer = await get(baseline.deltaLink);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('syncStateNotFound');
  });

  it('answers 400 syncStateNotFound to a deltaLink older than 7 simulated days, and 400 to a forged token', async () => {
    const baseline = await sync('/users/delta?$select=accountEnabled');
    sim.clock.advance(6 * DAY_MS);
    token = await issueToken(sim);
    const stillValid = await sync(baseline.deltaLink);
    sim.clock.advance(7 * DAY_MS + 1000);
    token = await issueToken(sim);
    expect((await get(baseline.deltaLink)).body.error.code).toBe('syncStateNotFound');
    expect((await get(stillValid.deltaLink)).body.error.code).toBe('syncStateNotFound');
    const forged = await get('/users/delta?$deltatoken=eyJwaGFzZSI6ImxpbmsifQ.AAAA');
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('Request_BadRequest');
  });
});
