import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import {
  DEMO,
  graph,
  issueToken,
  reply,
  type Receiver,
  startReceiver,
  wellBehaved,
} from './graph-test-client';

const MINUTE = 60_000;

describe('Graph simulator: change notification subscriptions', () => {
  let sim: GraphSimulator;
  let token: string;
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  const inMinutes = (minutes: number) =>
    new Date(sim.clock.now().getTime() + minutes * MINUTE).toISOString();
  const subscribe = (body: Record<string, unknown>) =>
    graph(sim, token, 'POST', '/subscriptions', {
      changeType: 'updated',
      resource: 'users',
      expirationDateTime: inMinutes(120),
      clientState: 'client-state-secret',
      ...body,
    });
  const unsubscribeAll = async () => {
    for (const s of sim.tenant.listSubscriptions()) sim.tenant.deleteSubscription(s.id);
  };

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ handshakeTimeoutMs: 400 });
    token = await issueToken(sim);
  });
  afterEach(unsubscribeAll);
  afterAll(async () => {
    await sim.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('validates both endpoints with the text/plain handshake and answers 201 with the subscription', async () => {
    const endpoint = await receiver();
    const answer = await subscribe({
      notificationUrl: endpoint.url,
      lifecycleNotificationUrl: `${endpoint.url}/lifecycle?tag=1`,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
      id: expect.any(String),
      resource: 'users',
      changeType: 'updated',
      clientState: 'client-state-secret',
      notificationUrl: endpoint.url,
      applicationId: sim.clientId,
    });
    expect(endpoint.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    const [first, second] = endpoint.requests;
    expect(first.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(first.url).toMatch(/^\/notify\?validationToken=Validation%3A\+Testing\+client/);
    expect(second.url).toMatch(/^\/notify\/lifecycle\?tag=1&validationToken=/);
  });

  it.each([
    [
      'answers 200 with something else',
      'Response must exactly match validationToken query parameter.',
    ],
    ['answers 500', 'Notification endpoint must respond with 200 OK to validation request.'],
    ['never answers', 'Subscription validation request timed out.'],
  ])(
    'fails the subscription with 400 InvalidRequest when the endpoint %s',
    async (behaviour, message) => {
      const endpoint = await receiver((_request, res) => {
        if (behaviour === 'answers 500') reply(res, 500);
        else if (behaviour.startsWith('answers 200')) reply(res, 200, 'nope', 'text/plain');
        else setTimeout(() => reply(res, 200), 1500);
      });
      const answer = await subscribe({ notificationUrl: endpoint.url });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('InvalidRequest');
      expect(answer.body.error.message).toContain(message);
      expect(sim.tenant.listSubscriptions()).toEqual([]);
    },
  );

  it("rejects changeType 'created' on users", async () => {
    const endpoint = await receiver();
    const answer = await subscribe({
      notificationUrl: endpoint.url,
      changeType: 'created,updated',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'InvalidRequest',
      message: "Invalid 'changeType' attribute: 'created'.",
    });
  });

  it('raises a short expiration to 45 minutes, refuses one beyond 41,760 minutes, and answers 409 to a duplicate', async () => {
    const endpoint = await receiver();
    expect(
      (await subscribe({ notificationUrl: endpoint.url, expirationDateTime: inMinutes(41_761) }))
        .status,
    ).toBe(400);
    const created = await subscribe({
      notificationUrl: endpoint.url,
      expirationDateTime: inMinutes(5),
    });
    const expiry = new Date(created.body.expirationDateTime).getTime();
    expect(Math.abs(expiry - (sim.clock.now().getTime() + 45 * MINUTE))).toBeLessThan(5000);
    const duplicate = await subscribe({ notificationUrl: `${endpoint.url}/other` });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe(
      `Subscription Id ${created.body.id} already exists for the requested combination`,
    );
  });

  it('renews, lists, reauthorizes and deletes a subscription; an expired one vanishes', async () => {
    const endpoint = await receiver();
    const { body: created } = await subscribe({ notificationUrl: endpoint.url });
    const renewed = await graph(sim, token, 'PATCH', `/subscriptions/${created.id}`, {
      expirationDateTime: inMinutes(600),
    });
    expect(renewed.status).toBe(200);
    expect(new Date(renewed.body.expirationDateTime).getTime()).toBeGreaterThan(
      new Date(created.expirationDateTime).getTime(),
    );
    expect(
      (await graph(sim, token, 'GET', '/subscriptions')).body.value.map(
        (s: { id: string }) => s.id,
      ),
    ).toEqual([created.id]);
    expect(
      (await graph(sim, token, 'POST', `/subscriptions/${created.id}/reauthorize`)).status,
    ).toBe(204);
    expect((await graph(sim, token, 'DELETE', `/subscriptions/${created.id}`)).status).toBe(204);
    expect((await graph(sim, token, 'GET', `/subscriptions/${created.id}`)).status).toBe(404);
    const { body: shortLived } = await subscribe({
      notificationUrl: endpoint.url,
      expirationDateTime: inMinutes(50),
    });
    sim.clock.advance(51 * MINUTE);
    token = await issueToken(sim);
    expect((await graph(sim, token, 'GET', `/subscriptions/${shortLived.id}`)).status).toBe(404);
  });

  it('notifies a disable made in the portal, with the clientState, after retrying a failed delivery', async () => {
    let calls = 0;
    const endpoint = await receiver((request, res) => {
      if (request.url.includes('validationToken')) return wellBehaved(request, res);
      calls += 1;
      reply(res, calls === 1 ? 503 : 202);
    });
    const { body: created } = await subscribe({ notificationUrl: endpoint.url });
    sim.tenant.disableUser(DEMO.adele);
    const requests = await endpoint.waitFor(3);
    expect(requests[1].body).toBe(requests[2].body);
    expect(JSON.parse(requests[2].body)).toEqual({
      value: [
        {
          subscriptionId: created.id,
          subscriptionExpirationDateTime: expect.stringMatching(/\+00:00$/),
          clientState: 'client-state-secret',
          changeType: 'updated',
          resource: `Users/${DEMO.adele}`,
          tenantId: sim.tenantId,
          resourceData: {
            '@odata.type': '#Microsoft.Graph.User',
            '@odata.id': `Users/${DEMO.adele}`,
            id: DEMO.adele,
            organizationId: sim.tenantId,
          },
        },
      ],
    });
  });

  it('notifies only subscriptions on the changed user, and sends lifecycle notifications', async () => {
    const endpoint = await receiver();
    const lifecycle = await receiver();
    const { body: onNoah } = await subscribe({
      notificationUrl: endpoint.url,
      lifecycleNotificationUrl: lifecycle.url,
      resource: `users/${DEMO.noah}`,
    });
    await graph(sim, token, 'PATCH', `/users/${DEMO.kai}`, { accountEnabled: false });
    await graph(sim, token, 'PATCH', `/users/${DEMO.noah}`, { accountEnabled: false });
    await endpoint.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const notifications = endpoint.requests.slice(1).flatMap((r) => JSON.parse(r.body).value);
    expect(notifications.map((n: { resource: string }) => n.resource)).toEqual([
      `Users/${DEMO.noah}`,
    ]);
    expect(await sim.tenant.sendLifecycleNotification(onNoah.id, 'reauthorizationRequired')).toBe(
      true,
    );
    const lifecycleBody = JSON.parse(lifecycle.requests[1].body);
    expect(lifecycleBody.value).toEqual([
      {
        subscriptionId: onNoah.id,
        subscriptionExpirationDateTime: expect.any(String),
        tenantId: sim.tenantId,
        organizationId: sim.tenantId,
        clientState: 'client-state-secret',
        lifecycleEvent: 'reauthorizationRequired',
      },
    ]);
  });
});
