import { startE2E, type E2E } from '../support/e2e';
import { automaticCardsFor, until, watcherIdle, watcherReady } from '../support/watcher-e2e';

const DAY = 24 * 3600_000;
const LEE = { id: 'a0000000-0000-4000-8000-000000000014', upn: 'lee.gu@contoso.com' };
const ISAIAH = { id: 'a0000000-0000-4000-8000-000000000018', upn: 'isaiah.langer@contoso.com' };

jest.setTimeout(60_000);

/**
 * Keeping the change-notification subscription alive (SPEC section 5; graph-facts §10.4–10.5):
 * Lockdown and the simulator share one clock here, so days pass in a call; the watcher's upkeep
 * round (every ten minutes in production) is run directly.
 */
describe('the watcher keeping its subscription', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ webhooks: true, timeTravel: true });
    await watcherReady(e2e, true);
  });
  afterAll(async () => {
    await e2e.close();
  });

  const graphSubscription = () => {
    const all = e2e.sim.tenant.listSubscriptions();
    expect(all).toHaveLength(1);
    return all[0]!;
  };
  const callsTo = (method: string, pattern: RegExp) =>
    e2e.sim.calls.all().filter((c) => c.method === method && pattern.test(c.path));
  const auditDetails = async () => (await e2e.auditRecords()).map((r) => r.detail ?? '');

  it('renews well before expiry', async () => {
    const before = graphSubscription();
    await e2e.lockdown.watcher!.keepAlive();
    expect(callsTo('PATCH', /\/subscriptions\//)).toEqual([]); // three days left: nothing to do
    e2e.sim.clock.advance(2 * DAY);
    await e2e.lockdown.watcher!.keepAlive();
    const after = graphSubscription();
    expect(after.id).toBe(before.id);
    expect(callsTo('PATCH', new RegExp(`/subscriptions/${before.id}$`))).toHaveLength(1);
    expect(Date.parse(after.expirationDateTime)).toBeGreaterThan(
      e2e.sim.clock.now().getTime() + 2.9 * DAY,
    );
    expect((await e2e.lockdown.watcher!.status()).subscription?.expiresAt).toBe(
      new Date(after.expirationDateTime).toISOString(),
    );
    expect(await auditDetails()).toContain('subscription renewed');
  });

  it('reauthorizes when Graph sends reauthorizationRequired', async () => {
    const { id } = graphSubscription();
    const answer = await e2e.simAdmin('POST', `subscriptions/${id}/lifecycle`, {
      event: 'reauthorizationRequired',
    });
    expect(answer.delivered).toBe(true);
    await until('the reauthorization', () =>
      callsTo('POST', new RegExp(`/subscriptions/${id}/reauthorize$`)).some(
        (c) => c.status === 204,
      ),
    );
    expect(graphSubscription().id).toBe(id);
    expect(await auditDetails()).toContain('lifecycle reauthorizationRequired');
  });

  it('recreates a subscription Graph dropped (404), then catches up on what it missed through delta', async () => {
    const old = graphSubscription();
    expect(e2e.sim.tenant.deleteSubscription(old.id)).toBe(true);
    e2e.sim.tenant.disableUser(LEE.id); // nobody is told: there is no subscription
    e2e.sim.clock.advance(2 * DAY);
    await e2e.lockdown.watcher!.keepAlive();
    const fresh = graphSubscription();
    expect(fresh.id).not.toBe(old.id);
    expect(
      callsTo('PATCH', new RegExp(`/subscriptions/${old.id}$`)).map((c) => c.status),
    ).toContain(404);
    await until('the missed disable acted on', () => automaticCardsFor(e2e, LEE.upn).length > 0);
    expect(await auditDetails()).toContain('subscription recreated');
  });

  it('recreates after the subscription expired on Graph while Lockdown was not renewing it', async () => {
    const old = graphSubscription();
    e2e.sim.clock.advance(4 * DAY); // past its expiry: Graph has dropped it
    await e2e.lockdown.watcher!.keepAlive();
    const fresh = graphSubscription();
    expect(fresh.id).not.toBe(old.id);
    await e2e.simAdmin('POST', `users/${ISAIAH.id}/disable`, { by: 'grace.hill@contoso.com' });
    await until(
      'the revocation through the new subscription',
      () => automaticCardsFor(e2e, ISAIAH.upn).length > 0,
    );
    await watcherIdle(e2e);
  });
});
