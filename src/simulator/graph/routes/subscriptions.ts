import { GraphRequestError, type GraphResult } from '../graph-response';
import { contextUrl } from '../odata';
import { requirePermissions } from '../permissions';
import { type GraphRequest, type Route } from '../router';
import { type SimulatorContext } from '../simulator-context';
import { type SubscriptionRecord } from '../subscription-service';
import { GUID } from '../user-representation';

const MINUTE = 60_000;
const MIN_LIFETIME_MS = 45 * MINUTE;
const MAX_LIFETIME_MINUTES = 41_760;
const MAX_PER_APP = 100;

const invalid = (message: string): GraphRequestError =>
  new GraphRequestError(400, 'InvalidRequest', message);

const notFound = (): GraphRequestError =>
  new GraphRequestError(404, 'ResourceNotFound', 'The object was not found.');

function bodyOf(req: GraphRequest): Record<string, unknown> {
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('A subscription object is required in the request body.');
  }
  return body as Record<string, unknown>;
}

/** https, or http on a loopback host (the simulator's allowance for local receivers). */
function checkUrl(value: unknown, field: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalid(`Invalid '${field}': it must be an absolute https URL.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalid(`Invalid '${field}': it must be an absolute https URL.`);
  }
  return String(value);
}

/** Below 45 minutes is silently raised; beyond 41,760 minutes is refused (graph-facts §10.1). */
function expirationOf(value: unknown, sim: SimulatorContext): Date {
  const requested = new Date(String(value));
  if (typeof value !== 'string' || Number.isNaN(requested.getTime())) {
    throw invalid("'expirationDateTime' is required and must be a valid date.");
  }
  const now = sim.clock.now().getTime();
  if (requested.getTime() > now + MAX_LIFETIME_MINUTES * MINUTE) {
    throw invalid(
      `Subscription expiration can only be ${MAX_LIFETIME_MINUTES} minutes in the future.`,
    );
  }
  return new Date(Math.max(requested.getTime(), now + MIN_LIFETIME_MS));
}

function changeTypesOf(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') throw invalid("'changeType' is required.");
  const types = value.split(',').map((t) => t.trim());
  const bad = types.find((t) => t !== 'updated' && t !== 'deleted');
  if (bad !== undefined) throw invalid(`Invalid 'changeType' attribute: '${bad}'.`);
  return [...new Set(types)];
}

function resourceOf(value: unknown, sim: SimulatorContext): string {
  const resource = String(value ?? '').replace(/^\/+/, '');
  const [set, id, extra] = resource.split('/');
  const supported = set?.toLowerCase() === 'users' && extra === undefined;
  if (!supported || (id !== undefined && !(GUID.test(id) && sim.model.findUser(id)))) {
    throw invalid(
      `Resource '${resource}' is not supported for change notifications by this tenant.`,
    );
  }
  return resource;
}

async function create(req: GraphRequest, sim: SimulatorContext): Promise<GraphResult> {
  requirePermissions(req.roles, 'User.Read.All');
  const body = bodyOf(req);
  const changeTypes = changeTypesOf(body.changeType);
  const resource = resourceOf(body.resource, sim);
  const notificationUrl = checkUrl(body.notificationUrl, 'notificationUrl');
  const lifecycleNotificationUrl =
    body.lifecycleNotificationUrl == null
      ? null
      : checkUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
  const clientState = body.clientState == null ? null : String(body.clientState);
  if (clientState !== null && clientState.length > 128) {
    throw invalid("'clientState' must be at most 128 characters.");
  }
  if (body.includeResourceData === true) {
    throw invalid("Rich notifications ('includeResourceData') are not supported for users.");
  }
  const expiration = expirationOf(body.expirationDateTime, sim);
  const live = sim.subscriptions.live();
  const duplicate = live.find((s) => sameCombination(s, resource, changeTypes));
  if (duplicate !== undefined) {
    const message = `Subscription Id ${duplicate.id} already exists for the requested combination`;
    throw new GraphRequestError(409, 'Conflict', message);
  }
  if (live.length >= MAX_PER_APP) {
    throw new GraphRequestError(
      403,
      'Forbidden',
      `Subscription limit of ${MAX_PER_APP} per app and tenant reached.`,
    );
  }
  await sim.validateEndpoint(notificationUrl);
  if (lifecycleNotificationUrl !== null) await sim.validateEndpoint(lifecycleNotificationUrl);
  const record = sim.subscriptions.add({
    resource,
    changeTypes,
    notificationUrl,
    lifecycleNotificationUrl,
    clientState,
    expiration,
  });
  return { status: 201, body: sim.subscriptions.toGraph(record) };
}

/** Same changeType set and resource as an existing subscription → 409 (Learn, graph-facts §10.1). */
function sameCombination(s: SubscriptionRecord, resource: string, types: string[]): boolean {
  const sameTypes =
    s.changeTypes.length === types.length && types.every((t) => s.changeTypes.includes(t));
  return sameTypes && s.resource.toLowerCase() === resource.toLowerCase();
}

/** PATCH renews (and thereby reauthorises); a new notificationUrl is validated first. */
async function renew(req: GraphRequest, sim: SimulatorContext): Promise<GraphResult> {
  requirePermissions(req.roles, 'User.Read.All');
  const record = sim.subscriptions.get(req.params.id);
  if (record === undefined) throw notFound();
  const body = bodyOf(req);
  const expiration =
    body.expirationDateTime === undefined
      ? record.expiration
      : expirationOf(body.expirationDateTime, sim);
  if (body.notificationUrl !== undefined) {
    const url = checkUrl(body.notificationUrl, 'notificationUrl');
    await sim.validateEndpoint(url);
    record.notificationUrl = url;
  }
  record.expiration = expiration;
  return { status: 200, body: sim.subscriptions.toGraph(record) };
}

function withRecord(handle: (record: SubscriptionRecord, sim: SimulatorContext) => GraphResult) {
  return (req: GraphRequest, sim: SimulatorContext): GraphResult => {
    requirePermissions(req.roles, 'User.Read.All');
    const record = sim.subscriptions.get(req.params.id);
    if (record === undefined) throw notFound();
    return handle(record, sim);
  };
}

export const SUBSCRIPTION_ROUTES: readonly Route[] = [
  { method: 'POST', pattern: '/subscriptions', mutates: true, handler: create },
  {
    method: 'GET',
    pattern: '/subscriptions',
    mutates: false,
    handler: (req, sim) => {
      requirePermissions(req.roles, 'User.Read.All');
      const value = sim.subscriptions.live().map((s) => {
        const { '@odata.context': _context, ...rest } = sim.subscriptions.toGraph(s);
        return rest;
      });
      return { status: 200, body: { '@odata.context': contextUrl('subscriptions'), value } };
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/:id',
    mutates: false,
    handler: withRecord((record, sim) => ({
      status: 200,
      body: sim.subscriptions.toGraph(record),
    })),
  },
  { method: 'PATCH', pattern: '/subscriptions/:id', mutates: true, handler: renew },
  {
    method: 'DELETE',
    pattern: '/subscriptions/:id',
    mutates: true,
    handler: withRecord((record, sim) => {
      sim.subscriptions.delete(record.id);
      return { status: 204 };
    }),
  },
  {
    method: 'POST',
    pattern: '/subscriptions/:id/reauthorize',
    mutates: true,
    handler: withRecord(() => ({ status: 204 })),
  },
];
