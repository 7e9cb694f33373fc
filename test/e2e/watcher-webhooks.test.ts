import { performance } from 'node:perf_hooks';
import { VERBS } from '../../src/teams/cards/verbs';
import { channelMessage, PEOPLE } from '../support/activities';
import { printFigure } from '../support/print-figure';
import { NOTIFICATION_SECRET, startE2E, textOf, type E2E } from '../support/e2e';
import {
  automaticCardsFor,
  newThreads,
  postNotifications,
  until,
  userNotification,
  watcherIdle,
  watcherReady,
} from '../support/watcher-e2e';

const USERS = {
  adele: { id: 'a0000000-0000-4000-8000-000000000011', upn: 'adele.vance@contoso.com' },
  megan: { id: 'a0000000-0000-4000-8000-000000000013', upn: 'megan.bowen@contoso.com' },
  lee: { id: 'a0000000-0000-4000-8000-000000000014', upn: 'lee.gu@contoso.com' },
  alex: { id: 'a0000000-0000-4000-8000-000000000015', upn: 'alex.wilber@contoso.com' },
  lynne: { id: 'a0000000-0000-4000-8000-000000000016', upn: 'lynne.robbins@contoso.com' },
  isaiah: { id: 'a0000000-0000-4000-8000-000000000018', upn: 'isaiah.langer@contoso.com' },
  breakGlass: {
    id: 'a0000000-0000-4000-8000-000000000052',
    upn: 'breakglass01@contoso.onmicrosoft.com',
  },
} as const;

jest.setTimeout(60_000);

/**
 * The watcher's webhook path (SPEC section 5), end to end: the simulator creates the
 * subscription against Lockdown's real endpoint (validation handshake included) and delivers
 * change notifications to it over loopback; Lockdown re-reads, revokes and posts to the
 * recording Bot Connector.
 */
describe('the watcher with change notifications', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ webhooks: true, env: { AUTO_REVOKE_MAX_PER_HOUR: '20' } });
    await watcherReady(e2e, true);
  });
  afterAll(async () => {
    await e2e.close();
  });

  const mutationsOn = (id: string) =>
    e2e.sim.calls.mutations().filter((c) => JSON.stringify(c).includes(id));
  const readsOf = (id: string) =>
    e2e.sim.calls.all().filter((c) => c.method === 'GET' && c.path.includes(`/users/${id}`));

  it('subscribed at start, through the validation handshake, and shows it in status', async () => {
    const [subscription] = e2e.sim.tenant.listSubscriptions();
    expect(subscription).toMatchObject({
      resource: expect.stringMatching(/^\/?users$/i),
      changeType: 'updated',
      notificationUrl: `${e2e.lockdown.url}/api/graph/notifications`,
      lifecycleNotificationUrl: `${e2e.lockdown.url}/api/graph/notifications`,
    });
    await e2e.post(channelMessage(PEOPLE.sam, 'status', { serviceUrl: e2e.serviceUrl }));
    const reply = await e2e.connector.waitFor((c) =>
      String(c.body?.text ?? '').startsWith('**Watcher:**'),
    );
    expect(reply.body!.text).toMatch(/change notifications on \(subscription renews before/);
    expect(reply.body!.text).toMatch(/automatic revocation active/);
  });

  it('echoes a validation token as plain text only, and refuses abuse (threat-model T19)', async () => {
    const endpoint = `${e2e.lockdown.url}/api/graph/notifications`;
    const token = '<script>alert(1)</script> Validation: Testing client application reachability';
    const echoed = await fetch(`${endpoint}?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
    });
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(echoed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await echoed.text()).toBe(token);
    const huge = await fetch(`${endpoint}?validationToken=${'x'.repeat(10_240)}`, {
      method: 'POST',
    });
    expect(huge.status).toBe(400);
    expect((await fetch(endpoint)).status).toBe(405);
    const notJson = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"value": [',
    });
    expect(notJson.status).toBe(400);
    const notABatch = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ value: 'nope' }),
    });
    expect(notABatch.status).toBe(400);
  });

  it('an account disabled in the portal: sessions revoked, devices disabled, the channel told', async () => {
    const before = e2e.sim.tenant.getUser(USERS.adele.id)!;
    e2e.sim.clock.advance(1_000);
    const started = performance.now();
    await e2e.simAdmin('POST', `users/${USERS.adele.id}/disable`, {
      by: 'grace.hill@contoso.com',
    });
    const [card] = await until('the automatic revocation card', () => {
      const cards = automaticCardsFor(e2e, USERS.adele.upn);
      return cards.length > 0 && cards;
    });
    const summary = await until('the finished run', () =>
      e2e.connector.calls.find(
        (c) =>
          c.method === 'POST' &&
          c.path.startsWith(`/v3/conversations/${card!.conversationId.split(';')[0]}`) &&
          /completed/.test(String(c.body?.text ?? '')),
      ),
    );
    const elapsed = performance.now() - started;
    printFigure(
      `watcher, webhook path: disabled in the portal → sessions revoked, ${before.devices.length} devices disabled, channel told in ${elapsed.toFixed(0)} ms (target: 2,000 ms)`,
    );
    const after = e2e.sim.tenant.getUser(USERS.adele.id)!;
    expect(Date.parse(after.signInSessionsValidFromDateTime)).toBeGreaterThan(
      Date.parse(before.signInSessionsValidFromDateTime),
    );
    expect(after.devices.map((d) => d.accountEnabled)).toEqual(before.devices.map(() => false));
    // Who, when, what was done, and who disabled it (from the directory audit log).
    for (const fact of [
      'Adele Vance',
      USERS.adele.upn,
      'grace.hill@contoso.com',
      'Automatic: the account was disabled outside Lockdown',
      'Revoke sessions',
      'Disable devices',
    ])
      expect(card!.text).toContain(fact);
    expect(summary.body!.text).toMatch(/completed/);
    expect(card!.text).not.toContain('Disable account');
  });

  it('acts once on a transition, however many notifications arrive (threat-model R29, T20)', async () => {
    await e2e.simAdmin('POST', `users/${USERS.alex.id}/disable`, { by: 'grace.hill@contoso.com' });
    const item = await userNotification(e2e, USERS.alex.id);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postNotifications(e2e, Array(20).fill(item))),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    await until('the automatic revocation card', () =>
      automaticCardsFor(e2e, USERS.alex.upn).length > 0 ? true : undefined,
    );
    await watcherIdle(e2e);
    await postNotifications(e2e, [item, item]);
    await watcherIdle(e2e);
    expect(automaticCardsFor(e2e, USERS.alex.upn)).toHaveLength(1);
    expect(
      mutationsOn(USERS.alex.id).filter((c) => c.path.includes('revokeSignInSessions')),
    ).toHaveLength(1);
  });

  it('10,000 notifications for 3 users: at most 3 revocations, and the queue stays small (T20)', async () => {
    const three = [USERS.lynne, USERS.isaiah, USERS.megan];
    for (const user of three.slice(0, 2))
      await e2e.simAdmin('POST', `users/${user.id}/disable`, { by: 'grace.hill@contoso.com' });
    const items = await Promise.all(three.map((u) => userNotification(e2e, u.id)));
    const started = performance.now();
    let most = 0;
    for (let post = 0; post < 100; post++) {
      const answer = await postNotifications(
        e2e,
        Array.from({ length: 100 }, (_, i) => items[(post + i) % 3]),
      );
      expect(answer.status).toBe(202);
      if (post % 10 === 0)
        most = Math.max(most, (await e2e.lockdown.watcher!.status()).pendingHints);
    }
    const ms = performance.now() - started;
    await watcherIdle(e2e);
    printFigure(
      `watcher: 10,000 notifications in 100 POSTs acknowledged in ${ms.toFixed(0)} ms (${(ms / 100).toFixed(1)} ms per POST; target < 100 ms); at most ${most} hints waiting`,
    );
    // Per user, at most one hint waits while another is being worked on.
    expect(most).toBeLessThanOrEqual(2 * three.length);
    const revoked = three.filter((u) => automaticCardsFor(e2e, u.upn).length > 0);
    expect(revoked.map((u) => u.upn)).toEqual([USERS.lynne.upn, USERS.isaiah.upn]);
    expect(mutationsOn(USERS.megan.id)).toEqual([]);
  });

  it('refuses and audits a notification with the wrong clientState, reading nothing (T18)', async () => {
    await e2e.simAdmin('POST', `users/${USERS.lee.id}/disable`, { by: 'grace.hill@contoso.com' });
    await watcherIdle(e2e); // the genuine notification for this change is handled first
    const readsBefore = readsOf(USERS.lee.id).length;
    const cardsBefore = automaticCardsFor(e2e, USERS.lee.upn).length;
    const forged = await userNotification(e2e, USERS.lee.id, {
      clientState: `${NOTIFICATION_SECRET}-but-not-quite`,
    });
    const foreign = await userNotification(e2e, USERS.lee.id, {
      tenantId: '99999999-0000-4000-8000-000000000000',
      resourceData: { id: USERS.lee.id, organizationId: '99999999-0000-4000-8000-000000000000' },
    });
    const unknown = await userNotification(e2e, USERS.lee.id, {
      subscriptionId: '00000000-dead-4000-8000-000000000000',
    });
    const answer = await postNotifications(e2e, [forged, foreign, unknown]);
    expect(answer.status).toBe(202);
    await watcherIdle(e2e);
    expect(readsOf(USERS.lee.id)).toHaveLength(readsBefore);
    expect(automaticCardsFor(e2e, USERS.lee.upn)).toHaveLength(cardsBefore);
    // One audit record for the POST, naming every reason, however many items it carried.
    const refusals = (await e2e.auditRecords()).filter(
      (r) => r.eventType === 'notification_refused',
    );
    expect(refusals).toHaveLength(1);
    for (const reason of ['clientState does not match', 'foreign tenant', 'unknown subscription'])
      expect(refusals[0]!.reason).toContain(reason);
    const logs = e2e.logLines.join('\n');
    expect(logs).not.toContain(NOTIFICATION_SECRET);
  });

  it('reads, and leaves alone, a user who is enabled (R29)', async () => {
    const readsBefore = readsOf(USERS.megan.id).length;
    await postNotifications(e2e, [await userNotification(e2e, USERS.megan.id)]);
    await until('the re-read', () => readsOf(USERS.megan.id).length > readsBefore);
    await watcherIdle(e2e);
    expect(mutationsOn(USERS.megan.id)).toEqual([]);
    expect(automaticCardsFor(e2e, USERS.megan.upn)).toEqual([]);
  });

  it("does not process Lockdown's own disable a second time", async () => {
    const posted = await e2e.openRequest(PEOPLE.sam, 'revoke bob.kelly@contoso.com token theft');
    const received = e2e.logLines.filter((l) => l.includes('change notifications received')).length;
    await e2e.click(PEOPLE.noah, VERBS.approve, { token: posted.token }, posted.place);
    await e2e.lockdown.settle();
    expect(e2e.sim.tenant.getUser('bob.kelly@contoso.com')!.accountEnabled).toBe(false);
    await until(
      'the notification for Lockdown’s own change',
      () =>
        e2e.logLines.filter((l) => l.includes('change notifications received')).length > received,
    );
    await watcherIdle(e2e);
    expect(automaticCardsFor(e2e, 'bob.kelly@contoso.com')).toEqual([]);
  });

  it('only alerts when a break-glass account is disabled elsewhere (T21)', async () => {
    await e2e.simAdmin('POST', `users/${USERS.breakGlass.id}/disable`, {
      by: 'grace.hill@contoso.com',
    });
    const alert = await until('the break-glass alert', () =>
      newThreads(e2e).find((t) => t.text.includes(USERS.breakGlass.upn)),
    );
    await watcherIdle(e2e);
    expect(textOf(alert.card)).toContain('grace.hill@contoso.com');
    expect(JSON.stringify(alert.card)).not.toContain('Action.Execute');
    expect(mutationsOn(USERS.breakGlass.id)).toEqual([]);
  });
});
