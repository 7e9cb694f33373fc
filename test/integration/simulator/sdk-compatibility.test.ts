import { ManagedIdentityCredential } from '@azure/identity';
import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  type GraphError,
  PageIterator,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { DEMO } from './graph-test-client';

/**
 * The simulator must work with the client stack production uses: ManagedIdentityCredential over
 * the App Service protocol, and the Graph SDK's paging, batching and error parsing.
 */
describe('Graph simulator: official SDK compatibility', () => {
  let sim: GraphSimulator;
  let client: Client;
  const savedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ pageSize: 2 });
    for (const [name, value] of Object.entries(sim.env())) {
      savedEnv[name] = process.env[name];
      process.env[name] = value;
    }
    const credential = new ManagedIdentityCredential({ clientId: sim.clientId });
    client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(credential, {
        scopes: [`${sim.baseUrl}/.default`],
      }),
      baseUrl: `${sim.baseUrl}/`,
      defaultVersion: 'v1.0',
      customHosts: new Set(['127.0.0.1']),
    });
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await sim.close();
  });

  it('authenticates through ManagedIdentityCredential and pages with PageIterator', async () => {
    const user = await client
      .api('/users/adele.vance@contoso.com')
      .select('id,accountEnabled')
      .get();
    expect(user).toMatchObject({ id: DEMO.adele, accountEnabled: true });
    const first = await client.api(`/users/${DEMO.adele}/registeredDevices`).select('id').get();
    const devices: unknown[] = [];
    await new PageIterator(client, first, (device) => devices.push(device) > 0).iterate();
    expect(devices).toHaveLength(3);
  });

  it('round-trips a JSON batch built by BatchRequestContent', async () => {
    const batch = new BatchRequestContent([
      {
        id: '1',
        request: new Request(`${sim.baseUrl}/v1.0/users/${DEMO.bob}`, {
          method: 'PATCH',
          body: JSON.stringify({ accountEnabled: false }),
          headers: { 'Content-Type': 'application/json' },
        }),
      },
      { id: '2', request: new Request(`${sim.baseUrl}/v1.0/users/${DEMO.sam}?$select=id`) },
    ]);
    const responses = new BatchResponseContent(
      await client.api('/$batch').post(await batch.getContent()),
    );
    expect(responses.getResponseById('1').status).toBe(204);
    expect(await responses.getResponseById('2').json()).toMatchObject({ id: DEMO.sam });
  });

  it('produces GraphErrors carrying the code, request id and date', async () => {
    const error = (await client
      .api('/users/nobody@contoso.com')
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('Request_ResourceNotFound');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.date).toBeInstanceOf(Date);
  });
});
