import { type TokenCredential } from '@azure/identity';

import { createGraphClient } from '../../../src/adapters/graph/graph-client';
import { GraphDirectoryChanges } from '../../../src/adapters/graph/graph-directory-changes';
import { GraphHttp } from '../../../src/adapters/graph/graph-http';
import { DomainError } from '../../../src/domain/errors';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { issueToken } from '../simulator/graph-test-client';

const DAY = 24 * 3600_000;

// Delta tokens live 7 days on the simulator's clock, and so do its access tokens' lifetimes: a
// token msal cached (by real time) would look expired after the clock moves on. This file
// therefore gives the production client chain a credential that asks the simulator's managed
// identity endpoint for a fresh token on every call.
describe('GraphDirectoryChanges when the delta link outlives its 7 days', () => {
  let sim: GraphSimulator;
  let changes: GraphDirectoryChanges;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    const credential: TokenCredential = {
      getToken: async () => ({
        token: await issueToken(sim),
        expiresOnTimestamp: Date.now() + 60_000,
      }),
    };
    const client = createGraphClient({ endpoint: sim.baseUrl, credential });
    changes = new GraphDirectoryChanges(new GraphHttp(client, new URL(sim.baseUrl).origin));
  });
  afterAll(async () => {
    await sim.close();
  });

  it('throws DELTA_TOKEN_EXPIRED for a deltaLink older than 7 days, then a new round starts', async () => {
    let page = await changes.startDelta();
    while (page.nextLink !== undefined) page = await changes.followDelta(page.nextLink);
    sim.clock.advance(6 * DAY);
    const stillValid = await changes.followDelta(page.deltaLink!);
    expect(stillValid.deltaLink).toEqual(expect.any(String));
    sim.clock.advance(2 * DAY);
    const error = await changes.followDelta(page.deltaLink!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'DELTA_TOKEN_EXPIRED',
      context: { status: 400, graphCode: 'syncStateNotFound' },
    });
    expect((await changes.startDelta()).users.length).toBeGreaterThan(0);
  });
});
