import http from 'node:http';
import { type AddressInfo } from 'node:net';

import { type GraphConnection } from '../../../src/adapters/graph/create-graph-directory';
import { DomainError } from '../../../src/domain/errors';
import { isObjectId, toObjectId } from '../../../src/domain/user-ref';
import { type DeltaUser, type DirectoryChanges } from '../../../src/ports/directory-changes';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { connectToSimulator } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';

const HOUR = 3600_000;
const CLIENT_STATE = 'c1ient-state-secret-5b0f2d9e4a7c';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

interface Round {
  users: DeltaUser[];
  pages: { size: number; nextLink?: string; deltaLink?: string }[];
  deltaLink: string;
}

/** Pages a round to its end: from the start, or from a deltaLink. */
async function round(changes: DirectoryChanges, from?: string): Promise<Round> {
  let page = from === undefined ? await changes.startDelta() : await changes.followDelta(from);
  const result: Round = { users: [], pages: [], deltaLink: '' };
  for (;;) {
    result.users.push(...page.users);
    result.pages.push({ size: page.users.length, ...page });
    if (page.nextLink === undefined) break;
    page = await changes.followDelta(page.nextLink);
  }
  result.deltaLink = page.deltaLink!;
  return result;
}

/** A notification endpoint on loopback: echoes the validation token, accepts notifications. */
interface Receiver {
  url: string;
  handshakes: number;
  close(): Promise<void>;
}

async function startReceiver(answersHandshake = true): Promise<Receiver> {
  const receiver = { url: '', handshakes: 0 } as Receiver;
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('validationToken');
    req.resume();
    if (token === null) {
      res.statusCode = 202;
      res.end();
      return;
    }
    receiver.handshakes += 1;
    if (!answersHandshake) return;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(token);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graph`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

describe('GraphDirectoryChanges against the Graph simulator', () => {
  let sim: GraphSimulator;
  let graph: GraphConnection & { restoreEnv: () => void };
  let receiver: Receiver;
  const inHours = (hours: number) => new Date(sim.clock.now().getTime() + hours * HOUR);
  const subscribe = (notificationUrl = receiver.url) =>
    graph.changes.createSubscription({
      notificationUrl: `${notificationUrl}/notifications`,
      lifecycleNotificationUrl: `${notificationUrl}/lifecycle`,
      clientState: CLIENT_STATE,
      expiresAt: inHours(24),
    });

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ handshakeTimeoutMs: 300 });
    graph = connectToSimulator(sim);
    receiver = await startReceiver();
  });
  afterEach(() => {
    for (const s of sim.tenant.listSubscriptions()) sim.tenant.deleteSubscription(s.id);
    sim.calls.clear();
  });
  afterAll(async () => {
    graph.restoreEnv();
    await sim.close();
    await receiver.close();
  });

  describe('delta query on users', () => {
    it('pages a full round with nextLinks and ends it with a deltaLink', async () => {
      const added = sim.tenant.addUsers(250, { userPrincipalName: 'round-{n}@contoso.com' });
      const full = await round(graph.changes);
      expect(full.pages.length).toBeGreaterThanOrEqual(3);
      for (const page of full.pages.slice(0, -1)) {
        expect(page).toMatchObject({ size: 100, nextLink: expect.any(String) });
        expect(page.deltaLink).toBeUndefined();
        expect(page.nextLink!.startsWith(`${sim.baseUrl}/v1.0/users/delta?`)).toBe(true);
      }
      expect(full.pages.at(-1)!.nextLink).toBeUndefined();
      expect(full.deltaLink.startsWith(`${sim.baseUrl}/v1.0/users/delta?$deltatoken=`)).toBe(true);
      const byId = new Map(full.users.map((u) => [u.id, u]));
      expect(byId.size).toBe(full.users.length);
      for (const user of added) {
        expect(byId.get(toObjectId(user.id))).toEqual({
          id: user.id,
          removed: false,
          accountEnabled: true,
          userPrincipalName: user.userPrincipalName,
        });
      }
      expect(full.users.every((u) => isObjectId(u.id))).toBe(true);
      const queries = sim.calls.all().map((c) => decodeURIComponent(c.query));
      expect(queries[0]).toContain('$select=id,accountEnabled,userPrincipalName');
      expect(queries.slice(1).every((q) => !q.includes('$select'))).toBe(true);
    });

    it('reports only the users changed since the deltaLink, disabled ones with accountEnabled false', async () => {
      const [quiet, leaver] = sim.tenant.addUsers(2, {
        userPrincipalName: 'since-{n}@contoso.com',
      });
      const baseline = await round(graph.changes);
      sim.tenant.disableUser(leaver!.userPrincipalName);
      const changes = await round(graph.changes, baseline.deltaLink);
      expect(changes.users).toEqual([
        {
          id: leaver!.id,
          removed: false,
          accountEnabled: false,
          userPrincipalName: leaver!.userPrincipalName,
        },
      ]);
      expect(changes.users.map((u) => u.id)).not.toContain(quiet!.id);
      const none = await round(graph.changes, changes.deltaLink);
      expect(none.users).toEqual([]);
    });

    it('reports a deleted user as removed', async () => {
      const user = sim.tenant.addUser({ userPrincipalName: 'removed-1@contoso.com' });
      const baseline = await round(graph.changes);
      sim.tenant.deleteUser(user.id);
      const changes = await round(graph.changes, baseline.deltaLink);
      expect(changes.users).toEqual([{ id: user.id, removed: true }]);
    });

    it('throws DELTA_TOKEN_EXPIRED for a deltaLink or nextLink once Graph has forgotten the sync state', async () => {
      const baseline = await round(graph.changes);
      const first = await graph.changes.startDelta();
      sim.tenant.expireDeltaTokens();
      for (const link of [baseline.deltaLink, first.nextLink!]) {
        const error = await rejection(graph.changes.followDelta(link));
        expect(error.code).toBe('DELTA_TOKEN_EXPIRED');
        expect(error.context).toMatchObject({ status: 400, graphCode: 'syncStateNotFound' });
        expect(error.context.graphRequestId).toEqual(expect.any(String));
      }
      expect((await round(graph.changes)).users.length).toBeGreaterThan(250);
    });

    it.each([
      ['another host', 'https://graph.example.net/v1.0/users/delta?$deltatoken=abc'],
      [
        'plain http on the Graph host',
        () => `${sim.baseUrl.replace('https:', 'http:')}/v1.0/users/delta`,
      ],
      ['a relative link', '/v1.0/users/delta?$deltatoken=abc'],
    ])('refuses a link to %s without calling it', async (_what, link) => {
      const target = typeof link === 'function' ? link() : link;
      const error = await rejection(graph.changes.followDelta(target));
      expect(error.code).toBe('GRAPH_UNEXPECTED_RESPONSE');
      expect(sim.calls.all()).toEqual([]);
    });
  });

  describe('change notification subscription', () => {
    it('creates a subscription on users/updated after the validation handshake', async () => {
      const before = receiver.handshakes;
      const expiresAt = inHours(24);
      const record = await graph.changes.createSubscription({
        notificationUrl: `${receiver.url}/notifications`,
        lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
        clientState: CLIENT_STATE,
        expiresAt,
      });
      expect(isObjectId(record.id)).toBe(true);
      expect(record).toMatchObject({
        expiresAt: expiresAt.toISOString(),
        notificationUrl: `${receiver.url}/notifications`,
      });
      expect(Math.abs(Date.parse(record.createdAt) - Date.now())).toBeLessThan(60_000);
      expect(receiver.handshakes - before).toBe(2);
      expect(sim.tenant.listSubscriptions()).toEqual([
        expect.objectContaining({
          id: record.id,
          resource: 'users',
          changeType: 'updated',
          clientState: CLIENT_STATE,
          lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
        }),
      ]);
    });

    it('is refused with SUBSCRIPTION_REFUSED when the endpoint does not answer the handshake, and never quotes the clientState', async () => {
      const silent = await startReceiver(false);
      try {
        const error = await rejection(subscribe(silent.url));
        expect(error.code).toBe('SUBSCRIPTION_REFUSED');
        expect(error.params).toEqual({ graphCode: 'InvalidRequest' });
        expect(error.context).toMatchObject({ status: 400, graphCode: 'InvalidRequest' });
        expect(error.message).toContain('timed out');
        const everything = JSON.stringify({
          message: error.message,
          stack: error.stack,
          user: error.userMessage,
          params: error.params,
          context: error.context,
          cause: error.cause,
        });
        expect(everything).not.toContain(CLIENT_STATE);
        expect(sim.tenant.listSubscriptions()).toEqual([]);
      } finally {
        await silent.close();
      }
    });

    it('is refused with SUBSCRIPTION_REFUSED naming the existing one when it already exists', async () => {
      const existing = await subscribe();
      const error = await rejection(subscribe());
      expect(error.code).toBe('SUBSCRIPTION_REFUSED');
      expect(error.context).toMatchObject({
        status: 409,
        subscriptionExists: true,
        existingSubscriptionId: existing.id,
      });
      expect(error.message).toContain('already exists');
      expect(error.message).not.toContain(CLIENT_STATE);
    });

    it('renews a subscription to a new expiry', async () => {
      const created = await subscribe();
      const renewed = await graph.changes.renewSubscription(created.id, inHours(72));
      expect(renewed.id).toBe(created.id);
      expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(created.expiresAt));
      expect(sim.tenant.listSubscriptions()[0]!.expirationDateTime).toBe(renewed.expiresAt);
      expect(sim.calls.mutations().at(-1)).toMatchObject({
        method: 'PATCH',
        path: `/v1.0/subscriptions/${created.id}`,
        body: { expirationDateTime: renewed.expiresAt },
      });
    });

    it('answers SUBSCRIPTION_NOT_FOUND to renewing or reauthorizing a subscription Graph dropped', async () => {
      const created = await subscribe();
      sim.tenant.deleteSubscription(created.id);
      for (const call of [
        graph.changes.renewSubscription(created.id, inHours(48)),
        graph.changes.reauthorizeSubscription(created.id),
      ]) {
        const error = await rejection(call);
        expect(error.code).toBe('SUBSCRIPTION_NOT_FOUND');
        expect(error.params).toEqual({ subscriptionId: created.id });
        expect(error.context).toMatchObject({ status: 404 });
      }
    });

    it('reauthorizes a subscription', async () => {
      const created = await subscribe();
      await expect(graph.changes.reauthorizeSubscription(created.id)).resolves.toBeUndefined();
      expect(sim.calls.mutations().at(-1)).toMatchObject({
        method: 'POST',
        path: `/v1.0/subscriptions/${created.id}/reauthorize`,
        status: 204,
      });
    });

    it('reads a subscription back, and undefined once Graph dropped it', async () => {
      const created = await subscribe();
      expect(await graph.changes.getSubscription(created.id)).toMatchObject({
        id: created.id,
        expiresAt: created.expiresAt,
        notificationUrl: created.notificationUrl,
      });
      sim.tenant.deleteSubscription(created.id);
      expect(await graph.changes.getSubscription(created.id)).toBeUndefined();
    });

    it('refuses a subscription id that is not a GUID without calling Graph', async () => {
      for (const call of [
        graph.changes.renewSubscription('../users/x', inHours(48)),
        graph.changes.reauthorizeSubscription('abc?x=1'),
        graph.changes.getSubscription(''),
      ]) {
        expect((await rejection(call)).code).toBe('GRAPH_UNEXPECTED_RESPONSE');
      }
      expect(sim.calls.all()).toEqual([]);
    });
  });

  describe('who disabled an account', () => {
    it('names the admin who disabled the account, from the directory audit log', async () => {
      const user = sim.tenant.addUser({ userPrincipalName: 'audited-1@contoso.com' });
      sim.tenant.disableUser(user.userPrincipalName, { by: 'ava.chen@contoso.com' });
      const record = await graph.changes.whoDisabled(toObjectId(user.id));
      expect(record).toEqual({ by: 'ava.chen@contoso.com', at: expect.any(String) });
      expect(Math.abs(Date.parse(record!.at) - sim.clock.now().getTime())).toBeLessThan(5_000);
      expect(decodeURIComponent(sim.calls.all()[0]!.query)).toContain(
        `targetResources/any(t:t/id eq '${user.id}')`,
      );
    });

    it('names whoever disabled it last', async () => {
      const user = sim.tenant.addUser({ userPrincipalName: 'audited-2@contoso.com' });
      sim.tenant.disableUser(user.id, { by: 'ava.chen@contoso.com' });
      sim.clock.advance(1_000);
      sim.tenant.enableUser(user.id, { by: 'ava.chen@contoso.com' });
      sim.clock.advance(1_000);
      sim.tenant.disableUser(user.id, { by: 'noah.kim@contoso.com' });
      expect(await graph.changes.whoDisabled(toObjectId(user.id))).toMatchObject({
        by: 'noah.kim@contoso.com',
      });
    });

    it('answers undefined for a user the audit log never shows disabled', async () => {
      const user = sim.tenant.addUser({ userPrincipalName: 'audited-3@contoso.com' });
      expect(await graph.changes.whoDisabled(toObjectId(user.id))).toBeUndefined();
      const enabledLater = sim.tenant.addUser({
        userPrincipalName: 'audited-4@contoso.com',
        accountEnabled: false,
      });
      sim.tenant.enableUser(enabledLater.id, { by: 'ava.chen@contoso.com' });
      expect(await graph.changes.whoDisabled(toObjectId(enabledLater.id))).toBeUndefined();
    });

    it('answers undefined, not an error, when Graph fails', async () => {
      const user = sim.tenant.addUser({ userPrincipalName: 'audited-5@contoso.com' });
      sim.tenant.disableUser(user.id, { by: 'ava.chen@contoso.com' });
      sim.faults.add({ path: '/auditLogs/directoryAudits', status: 500, times: 10 });
      try {
        expect(await graph.changes.whoDisabled(toObjectId(user.id))).toBeUndefined();
      } finally {
        sim.faults.clear();
      }
    });
  });
});
