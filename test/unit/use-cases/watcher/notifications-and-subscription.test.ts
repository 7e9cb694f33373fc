import { DomainError } from '../../../../src/domain/errors';
import {
  RENEW_WHEN_LEFT_MS,
  SUBSCRIPTION_LIFETIME_MS,
  SubscriptionKeeper,
} from '../../../../src/use-cases/watcher/subscription-keeper';
import { PEOPLE } from '../../../support/core-harness';
import {
  HOME_TENANT,
  SECRET,
  watcherHarness,
  type WatcherHarness,
} from '../../../support/watcher-harness';

async function subscribed(h: WatcherHarness): Promise<string> {
  const created = await h.keeper.ensure();
  return created!.id;
}

const notification = (subscriptionId: string, change: Record<string, unknown> = {}) => ({
  subscriptionId,
  clientState: SECRET,
  changeType: 'updated',
  resource: `Users/${PEOPLE.target.id}`,
  tenantId: HOME_TENANT,
  resourceData: {
    '@odata.type': '#Microsoft.Graph.User',
    id: PEOPLE.target.id,
    organizationId: HOME_TENANT,
  },
  ...change,
});

describe('NotificationReceiver', () => {
  it('queues a valid notification as a hint, once per user', async () => {
    const h = watcherHarness();
    const id = await subscribed(h);
    const received = await h.receiver.receive({
      value: [notification(id), notification(id), notification(id, { resourceData: undefined })],
    });
    expect(received).toEqual({ queued: 1, refused: 0, lifecycle: [] });
    expect(await h.watch.pendingHints()).toBe(1);
  });

  it.each([
    [
      'a wrong clientState',
      { clientState: 'guessed-client-state-value-0000' },
      'clientState does not match',
    ],
    ['no clientState', { clientState: undefined }, 'clientState does not match'],
    [
      'a foreign tenant',
      { tenantId: '0badc0de-0000-4000-8000-000000000000', resourceData: { id: PEOPLE.target.id } },
      'foreign tenant',
    ],
    ['an unknown subscription', { subscriptionId: 'not-ours' }, 'unknown subscription'],
    [
      'a resource that is not a user id',
      { resource: 'Users/../../servicePrincipals/1', resourceData: { id: 'x/../y' } },
      'no user id',
    ],
  ])('refuses %s, audits it and queues nothing', async (_case, change, reason) => {
    const h = watcherHarness();
    const id = await subscribed(h);
    const received = await h.receiver.receive({ value: [notification(id, change)] });
    expect(received).toEqual({ queued: 0, refused: 1, lifecycle: [] });
    expect(await h.watch.pendingHints()).toBe(0);
    expect(h.audit.ofType('notification_refused')).toEqual([
      expect.objectContaining({ reason, outcome: 'refused' }),
    ]);
    expect(h.directory.calls).toEqual([]);
    expect(JSON.stringify(h.audit.entries)).not.toContain(SECRET);
  });

  it('hands lifecycle events on', async () => {
    const h = watcherHarness();
    const id = await subscribed(h);
    const received = await h.receiver.receive({
      value: [
        {
          subscriptionId: id,
          clientState: SECRET,
          tenantId: HOME_TENANT,
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
    });
    expect(received.lifecycle).toEqual([{ event: 'reauthorizationRequired', subscriptionId: id }]);
  });

  it('throws on a body that is not a batch of notifications', async () => {
    const h = watcherHarness();
    await expect(h.receiver.receive({ notifications: [] })).rejects.toThrow();
    await expect(h.receiver.receive([1, 2])).rejects.toThrow();
  });
});

/** The subscription calls only; delta calls are the catch-ups, checked where they matter. */
const subscriptionCalls = (h: WatcherHarness) =>
  h.changes.calls.filter((c) => /Subscription/.test(c));
const catchUps = (h: WatcherHarness) => h.changes.calls.filter((c) => /Delta/.test(c)).length;

describe('SubscriptionKeeper', () => {
  it('creates the subscription when there is none, catches up, and keeps it while it has time left', async () => {
    const h = watcherHarness();
    const first = await h.keeper.ensure();
    expect(first?.expiresAt).toBe(
      new Date(h.clock.now().getTime() + SUBSCRIPTION_LIFETIME_MS).toISOString(),
    );
    expect(catchUps(h)).toBeGreaterThan(0);
    h.clock.advance(SUBSCRIPTION_LIFETIME_MS - RENEW_WHEN_LEFT_MS - 60_000);
    expect((await h.keeper.ensure())?.id).toBe(first?.id);
    expect(subscriptionCalls(h)).toEqual(['createSubscription']);
  });

  it('renews well before expiry', async () => {
    const h = watcherHarness();
    const first = (await h.keeper.ensure())!;
    h.clock.advance(SUBSCRIPTION_LIFETIME_MS - RENEW_WHEN_LEFT_MS + 60_000);
    const renewed = (await h.keeper.ensure())!;
    expect(renewed.id).toBe(first.id);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
    expect(subscriptionCalls(h)).toEqual(['createSubscription', 'renewSubscription']);
  });

  it('recreates a subscription Graph no longer has, then catches up through delta', async () => {
    const h = watcherHarness();
    const first = (await h.keeper.ensure())!;
    h.changes.dropSubscription(first.id);
    h.clock.advance(SUBSCRIPTION_LIFETIME_MS - RENEW_WHEN_LEFT_MS + 60_000);
    const before = h.changes.calls.length;
    const second = (await h.keeper.ensure())!;
    expect(second.id).not.toBe(first.id);
    expect(h.changes.calls.slice(before)).toEqual([
      'renewSubscription',
      'createSubscription',
      expect.stringMatching(/Delta/),
    ]);
  });

  it('replaces its subscription when PUBLIC_BASE_URL changed', async () => {
    const h = watcherHarness();
    const first = (await h.keeper.ensure())!;
    const moved = new SubscriptionKeeper(
      h.watcherDeps,
      { ...h.settings.watcher, notificationUrl: 'https://new.example.com/api/graph/notifications' },
      async () => undefined,
    );
    const second = (await moved.ensure())!;
    expect(second.id).not.toBe(first.id);
    expect(second.notificationUrl).toBe('https://new.example.com/api/graph/notifications');
    expect(subscriptionCalls(h)).toEqual([
      'createSubscription',
      'deleteSubscription',
      'createSubscription',
    ]);
  });

  it('reauthorizes on reauthorizationRequired, and recreates when that subscription is gone', async () => {
    const h = watcherHarness();
    const first = (await h.keeper.ensure())!;
    await h.keeper.onLifecycle('reauthorizationRequired', first.id);
    expect(subscriptionCalls(h)).toEqual(['createSubscription', 'reauthorizeSubscription']);
    h.changes.dropSubscription(first.id);
    await h.keeper.onLifecycle('reauthorizationRequired', first.id);
    expect((await h.watch.subscription())?.id).not.toBe(first.id);
  });

  it('marks the subscription due when reauthorizing fails, so the next upkeep renews it', async () => {
    const h = watcherHarness();
    const first = (await h.keeper.ensure())!;
    h.changes.failNext(
      'reauthorizeSubscription',
      new DomainError('GRAPH_UNAVAILABLE', { operation: 'reauthorize', status: 'HTTP 503' }),
    );
    await expect(h.keeper.onLifecycle('reauthorizationRequired', first.id)).rejects.toMatchObject({
      code: 'GRAPH_UNAVAILABLE',
    });
    expect(Date.parse((await h.watch.subscription())!.expiresAt)).toBe(0);
    const renewed = (await h.keeper.ensure())!;
    expect(renewed.id).toBe(first.id);
    expect(subscriptionCalls(h).at(-1)).toBe('renewSubscription');
  });

  it('recreates after subscriptionRemoved and catches up after missed', async () => {
    const h = watcherHarness();
    const first = (await h.keeper.ensure())!;
    await h.keeper.onLifecycle('missed', first.id);
    expect(h.changes.calls.at(-1)).toMatch(/Delta/);
    h.changes.dropSubscription(first.id); // Graph removed it
    await h.keeper.onLifecycle('subscriptionRemoved', first.id);
    expect((await h.watch.subscription())?.id).not.toBe(first.id);
  });

  it('adopts the subscription Graph already has (409) when it reports here', async () => {
    const h = watcherHarness();
    const first = (await h.keeper.ensure())!;
    await h.watch.setSubscription(undefined); // e.g. a fresh store after a redeploy
    expect((await h.keeper.ensure())?.id).toBe(first.id);
    expect(subscriptionCalls(h)).toEqual([
      'createSubscription',
      'createSubscription',
      'renewSubscription',
    ]);
  });

  it('replaces, rather than adopts, an existing subscription that reports elsewhere', async () => {
    const h = watcherHarness();
    const elsewhere = new SubscriptionKeeper(
      h.watcherDeps,
      { ...h.settings.watcher, notificationUrl: 'https://old.example.com/api/graph/notifications' },
      async () => undefined,
    );
    const old = (await elsewhere.ensure())!;
    await h.watch.setSubscription(undefined);
    const mine = (await h.keeper.ensure())!;
    expect(mine.id).not.toBe(old.id);
    expect(mine.notificationUrl).toBe(h.settings.watcher.notificationUrl);
    expect(await h.changes.getSubscription(old.id)).toBeUndefined();
  });

  it('ignores lifecycle events for a subscription that is not its own', async () => {
    const h = watcherHarness();
    await h.keeper.ensure();
    await h.keeper.onLifecycle('subscriptionRemoved', 'someone-elses');
    expect(subscriptionCalls(h)).toEqual(['createSubscription']);
  });
});
