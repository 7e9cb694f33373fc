import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { DEMO, graph, issueToken } from './graph-test-client';

describe('Graph simulator: devices', () => {
  let sim: GraphSimulator;
  let token: string;
  const get = (path: string) => graph(sim, token, 'GET', path);

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    token = await issueToken(sim);
  });
  afterAll(() => sim.close());

  it('pages 250 registered devices over 3 pages with absolute https nextLinks', async () => {
    const owner = sim.tenant.addUser({ userPrincipalName: 'many.devices@contoso.com' });
    sim.tenant.addDevices(250, { owner: owner.id, displayName: 'LAB-{n}' });
    const pages: unknown[][] = [];
    let next: string | undefined = `/users/${owner.id}/registeredDevices?$select=id,accountEnabled`;
    while (next !== undefined) {
      const answer = await get(next);
      expect(answer.status).toBe(200);
      pages.push(answer.body.value);
      next = answer.body['@odata.nextLink'];
      if (next !== undefined) {
        expect(next).toMatch(
          new RegExp(
            `^${sim.baseUrl}/v1\\.0/users/${owner.id}/registeredDevices\\?\\$select=id,accountEnabled&\\$skiptoken=[\\w.-]+$`,
          ),
        );
      }
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    const ids = new Set(pages.flat().map((d) => (d as { id: string }).id));
    expect(ids.size).toBe(250);
    expect(pages[0][0]).toEqual({
      '@odata.type': '#microsoft.graph.device',
      id: expect.any(String),
      accountEnabled: true,
    });
  });

  it('honours $top up to 999 and rejects larger pages', async () => {
    const answer = await get(`/users/${DEMO.adele}/registeredDevices?$top=2`);
    expect(answer.body.value).toHaveLength(2);
    expect(answer.body['@odata.nextLink']).toContain('$top=2&$skiptoken=');
    const rest = await get(answer.body['@odata.nextLink']);
    expect(rest.body.value).toHaveLength(1);
    expect(rest.body['@odata.nextLink']).toBeUndefined();
    expect((await get(`/users/${DEMO.adele}/registeredDevices?$top=1000`)).status).toBe(400);
  });

  it('returns limited information (type and id, the rest null) without Device.Read.All', async () => {
    sim.setGrantedPermissions(['User.Read.All']);
    const limitedToken = await issueToken(sim);
    sim.setGrantedPermissions(['User.Read.All', 'Device.ReadWrite.All']);
    const answer = await graph(
      sim,
      limitedToken,
      'GET',
      `/users/${DEMO.bob}/registeredDevices?$select=id,displayName,operatingSystem`,
    );
    expect(answer.body.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.device',
        id: DEMO.bobsLaptop,
        displayName: null,
        operatingSystem: null,
      },
    ]);
    const full = await get(
      `/users/${DEMO.bob}/ownedDevices?$select=id,displayName,operatingSystem`,
    );
    expect(full.body.value[0]).toMatchObject({
      displayName: 'BOBK-LAPTOP',
      operatingSystem: 'Windows',
    });
  });

  it('reads a device by object id or deviceId and rejects a non-GUID id with 400', async () => {
    const device = await get(`/devices/${DEMO.bobsLaptop}?$select=id,deviceId,trustType`);
    expect(device.body).toEqual({
      '@odata.context':
        'https://graph.microsoft.com/v1.0/$metadata#devices(id,deviceId,trustType)/$entity',
      id: DEMO.bobsLaptop,
      deviceId: 'e0000000-0000-4000-8000-000000000021',
      trustType: 'AzureAd',
    });
    const byDeviceId = await get(
      "/devices(deviceId='e0000000-0000-4000-8000-000000000021')?$select=id",
    );
    expect(byDeviceId.body.id).toBe(DEMO.bobsLaptop);
    const malformed = await get('/devices/BOBK-LAPTOP');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Invalid object identifier 'BOBK-LAPTOP'.",
    });
    expect((await get('/devices/d0000000-0000-4000-8000-00000000ffff')).status).toBe(404);
  });

  it('disables a Windows device with 204 but refuses an iOS device to an app (403)', async () => {
    const windows = await graph(sim, token, 'PATCH', `/devices/${DEMO.bobsLaptop}`, {
      accountEnabled: false,
    });
    expect(windows.status).toBe(204);
    expect(sim.tenant.getDevice(DEMO.bobsLaptop)?.accountEnabled).toBe(false);
    const ios = await graph(sim, token, 'PATCH', `/devices/${DEMO.megansIphone}`, {
      accountEnabled: false,
    });
    expect(ios.status).toBe(403);
    expect(ios.body.error.code).toBe('Authorization_RequestDenied');
    expect(sim.tenant.getDevice(DEMO.megansIphone)?.accountEnabled).toBe(true);
  });
});
