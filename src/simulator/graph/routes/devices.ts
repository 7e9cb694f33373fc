import { appInitiator } from '../directory-audits';
import {
  DEVICE_PROPERTIES,
  deviceItem,
  deviceProperties,
  resolveDevice,
} from '../device-representation';
import { badRequest, forbidden, type GraphResult } from '../graph-response';
import { contextUrl, pageOf, parseSelect } from '../odata';
import { hasPermission, requirePermissions } from '../permissions';
import { type GraphRequest, type Route } from '../router';
import { type SimulatorContext } from '../simulator-context';
import { resolveUser } from '../user-representation';

/** A user's devices: a paged directoryObject collection (graph-facts §4.1). */
function listUserDevices(owned: boolean) {
  return (req: GraphRequest, sim: SimulatorContext): GraphResult => {
    requirePermissions(req.roles, 'User.Read.All');
    const select = parseSelect(req.query, DEVICE_PROPERTIES, 'Device');
    const user = resolveUser(req, sim.model);
    const limited = !hasPermission(req.roles, 'Device.Read.All');
    const { page, nextLink } = pageOf(sim.model.devicesOf(user.id, owned), pagingOf(req, sim));
    return {
      status: 200,
      body: {
        '@odata.context': contextUrl('directoryObjects', select),
        ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
        value: page.map((d) => deviceItem(d, select ?? DEVICE_PROPERTIES, limited)),
      },
    };
  };
}

export function pagingOf(req: GraphRequest, sim: SimulatorContext) {
  return { ...req, baseUrl: sim.baseUrl, pageSize: sim.pageSize, tokens: sim.tokens };
}

/** /users/{id}/registeredDevices|ownedDevices, GET and PATCH /devices/{id}. */
export const DEVICE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/registeredDevices',
    mutates: false,
    handler: listUserDevices(false),
  },
  {
    method: 'GET',
    pattern: '/users/:user/ownedDevices',
    mutates: false,
    handler: listUserDevices(true),
  },
  {
    method: 'GET',
    pattern: '/devices/:device',
    mutates: false,
    handler: (req, sim): GraphResult => {
      requirePermissions(req.roles, 'Device.Read.All');
      const select = parseSelect(req.query, DEVICE_PROPERTIES, 'Device');
      const device = resolveDevice(req.params.device, sim.model);
      const body = {
        '@odata.context': contextUrl('devices', select, '/$entity'),
        ...deviceProperties(device, select ?? DEVICE_PROPERTIES),
      };
      return { status: 200, body };
    },
  },
  {
    method: 'PATCH',
    pattern: '/devices/:device',
    mutates: true,
    handler: (req, sim): GraphResult => {
      requirePermissions(req.roles, 'Device.ReadWrite.All');
      const device = resolveDevice(req.params.device, sim.model);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const unknown = Object.keys(body).find((key) => key !== 'accountEnabled');
      if (unknown !== undefined) {
        throw badRequest(`Property '${unknown}' is not supported by the Graph simulator.`);
      }
      if (body.accountEnabled === undefined) return { status: 204 };
      if (typeof body.accountEnabled !== 'boolean') {
        throw badRequest(
          "Invalid value specified for property 'accountEnabled' of resource 'Device'.",
        );
      }
      // App-only callers may change only extensionAttributes on non-Windows devices (§4.2).
      if (device.operatingSystem.toLowerCase() !== 'windows') throw forbidden();
      const before = device.accountEnabled;
      device.accountEnabled = body.accountEnabled;
      if (before !== device.accountEnabled)
        recordDeviceAudit(sim, device.id, device.displayName, before);
      return { status: 204 };
    },
  },
];

function recordDeviceAudit(sim: SimulatorContext, id: string, name: string, before: boolean): void {
  const app = sim.model.seed.app;
  sim.model.audits.record({
    activity: 'Update device',
    initiatedBy: appInitiator(app),
    target: { id, displayName: name, userPrincipalName: null },
    targetType: 'Device',
    modifiedProperties: [
      { displayName: 'AccountEnabled', oldValue: `[${before}]`, newValue: `[${!before}]` },
    ],
  });
}
