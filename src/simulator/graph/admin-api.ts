import {
  type CallLog,
  type Fault,
  type FaultInjector,
  type LifecycleEvent,
  type NewDevice,
  type NewUser,
  type TenantAdmin,
} from './graph-simulator';
import { type SimClock } from './sim-clock';

export interface AdminApiDeps {
  tenant: TenantAdmin;
  faults: FaultInjector;
  calls: CallLog;
  clock: SimClock;
  setGrantedPermissions(permissions: string[]): void;
}

export interface AdminAnswer {
  status: number;
  body?: unknown;
}

type Body = Record<string, unknown>;
type AdminRoute = [
  method: string,
  pattern: RegExp,
  run: (m: string[], body: Body) => AdminAnswer | Promise<AdminAnswer>,
];

const ok = (body: unknown): AdminAnswer => ({ status: 200, body });
const done = (action: () => void): AdminAnswer => {
  action();
  return { status: 204 };
};
const found = (body: unknown): AdminAnswer =>
  body === undefined ? { status: 404, body: { error: 'not found' } } : { status: 200, body };

/**
 * The admin HTTP API under /_simulator/…, mirroring TenantAdmin, faults, the call log, the clock
 * and granted permissions, for tests that drive the simulator from another process. It never
 * serves lastPasswordSet: the plaintext stays in memory, reachable only in-process.
 */
export function createAdminApi(deps: AdminApiDeps) {
  const routes = [...tenantRoutes(deps.tenant), ...toolRoutes(deps)];
  return async (method: string, path: string, body: Body): Promise<AdminAnswer> => {
    const decoded = path.split('/').map(decodeURIComponent).join('/');
    for (const [routeMethod, pattern, run] of routes) {
      const match = pattern.exec(decoded);
      if (match && routeMethod === method) return run(match.slice(1), body);
    }
    return { status: 404, body: { error: `no admin endpoint ${method} /_simulator/${path}` } };
  };
}

/** TenantAdmin over HTTP; users are named by object id or UPN. */
function tenantRoutes(tenant: TenantAdmin): AdminRoute[] {
  const USER = '([^/]+)';
  return [
    [
      'POST',
      re(`users/${USER}/disable`),
      ([id], b) => ok(tenant.disableUser(id, { by: str(b.by) })),
    ],
    ['POST', re(`users/${USER}/enable`), ([id], b) => ok(tenant.enableUser(id, { by: str(b.by) }))],
    [
      'PUT',
      re(`users/${USER}/on-premises-enabled`),
      ([id], b) => done(() => tenant.setOnPremisesEnabled(id, b.enabled === true)),
    ],
    [
      'PUT',
      re(`users/${USER}/roles`),
      ([id], b) => {
        const eligible = b.eligible === undefined ? undefined : list(b.eligible);
        return done(() => tenant.setDirectoryRoles(id, list(b.roles), { eligible }));
      },
    ],
    ['POST', re('sync-cycle'), () => ok({ reverted: tenant.runSyncCycle() })],
    [
      'POST',
      re('users/bulk'),
      (_, b) => ok(tenant.addUsers(Number(b.count), b.template as NewUser)),
    ],
    ['POST', re('users'), (_, b) => ok(tenant.addUser(b as NewUser))],
    ['GET', re(`users/${USER}`), ([id]) => found(tenant.getUser(id))],
    ['DELETE', re(`users/${USER}`), ([id]) => done(() => tenant.deleteUser(id))],
    [
      'POST',
      re('devices/bulk'),
      (_, b) => ok(tenant.addDevices(Number(b.count), b.template as NewDevice)),
    ],
    ['POST', re('devices'), (_, b) => ok(tenant.addDevice(b as NewDevice))],
    ['GET', re('devices/([^/]+)'), ([id]) => found(tenant.getDevice(id))],
    [
      'PUT',
      re('groups/([^/]+)/members/([^/]+)'),
      ([g, m]) => done(() => tenant.addGroupMember(g, m)),
    ],
    [
      'DELETE',
      re('groups/([^/]+)/members/([^/]+)'),
      ([g, m]) => done(() => tenant.removeGroupMember(g, m)),
    ],
    ['POST', re('delta-tokens/expire'), () => done(() => tenant.expireDeltaTokens())],
    ['GET', re('subscriptions'), () => ok(tenant.listSubscriptions())],
    [
      'DELETE',
      re('subscriptions/([^/]+)'),
      ([id]) => (tenant.deleteSubscription(id) ? { status: 204 } : found(undefined)),
    ],
    [
      'POST',
      re('subscriptions/([^/]+)/lifecycle'),
      async ([id], b) => {
        const delivered = await tenant.sendLifecycleNotification(id, b.event as LifecycleEvent);
        return ok({ delivered });
      },
    ],
  ];
}

/** Faults, the call log, the clock and the permissions put in new tokens. */
function toolRoutes(deps: AdminApiDeps): AdminRoute[] {
  const { faults, calls, clock } = deps;
  return [
    ['POST', re('faults'), (_, b) => ({ status: 201, body: { id: faults.add(faultFrom(b)) } })],
    ['DELETE', re('faults'), () => done(() => faults.clear())],
    [
      'DELETE',
      re('faults/([^/]+)'),
      ([id]) => (faults.remove(id) ? { status: 204 } : found(undefined)),
    ],
    ['GET', re('calls'), () => ok(calls.all())],
    ['GET', re('calls/mutations'), () => ok(calls.mutations())],
    ['DELETE', re('calls'), () => done(() => calls.clear())],
    ['GET', re('clock'), () => ok({ now: clock.now().toISOString() })],
    [
      'POST',
      re('clock/advance'),
      (_, b) => {
        clock.advance(Number(b.ms));
        return ok({ now: clock.now().toISOString() });
      },
    ],
    [
      'PUT',
      re('permissions'),
      (_, b) => done(() => deps.setGrantedPermissions(list(b.permissions))),
    ],
  ];
}

function re(pattern: string): RegExp {
  return new RegExp(`^${pattern}$`);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error('expected an array of strings');
  }
  return value;
}

/** JSON cannot carry a RegExp: `pathRegex` stands in for one. */
function faultFrom(body: Body): Fault {
  const { pathRegex, ...rest } = body;
  const path = typeof pathRegex === 'string' ? new RegExp(pathRegex) : rest.path;
  if (typeof path !== 'string' && !(path instanceof RegExp))
    throw new Error('a fault needs path or pathRegex');
  return { ...(rest as Omit<Fault, 'path'>), path };
}
