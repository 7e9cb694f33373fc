import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE } from '../support/activities';
import { startE2E, textOf, type E2E } from '../support/e2e';

const ADELE = 'a0000000-0000-4000-8000-000000000011';
const ADELE_DEVICES = [
  'd0000000-0000-4000-8000-000000000011',
  'd0000000-0000-4000-8000-000000000012',
  'd0000000-0000-4000-8000-000000000013',
];

jest.setTimeout(30_000);

describe('the whole story, through /api/messages', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('a requester asks, a second member approves, Lockdown revokes and reports every step', async () => {
    const before = e2e.sim.tenant.getUser(ADELE)!.signInSessionsValidFromDateTime;
    e2e.sim.clock.advance(2_000);

    // 1. Sam asks in the security channel; one request card goes to the channel as a new thread.
    const posted = await e2e.openRequest(
      PEOPLE.sam,
      'revoke adele.vance@contoso.com phishing, see INC-4411',
    );
    const shown = textOf(posted.card);
    for (const fact of [
      'Adele Vance',
      'adele.vance@contoso.com',
      ADELE,
      'Enabled',
      'Cloud-only',
      'Member',
      'phishing, see INC-4411',
      'Sam Rivera',
      posted.requestId,
    ]) {
      expect(shown).toContain(fact);
    }
    expect(JSON.stringify(posted.card)).not.toContain(VERBS.approve); // the channel's card has no decision buttons
    expect(e2e.sim.calls.mutations()).toEqual([]);

    // Sam gets a confirmation where he asked.
    const confirmation = await e2e.connector.waitFor(
      (c) =>
        c.method === 'POST' &&
        c.path.includes('/activities') &&
        String(c.body?.text ?? '').includes(posted.requestId),
    );
    expect(confirmation.body?.text).toMatch(/A second member of the security team must approve it/);

    // 2. Noah (an approver) asks for his options and gets Approve and Reject.
    const options = await e2e.click(
      PEOPLE.noah,
      VERBS.refresh,
      { token: posted.token },
      posted.place,
      { trigger: 'manual' },
    );
    expect(options.status).toBe(200);
    expect(JSON.stringify(options.body)).toContain(VERBS.approve);

    // 3. Noah approves: answered with a card, the pipeline runs in the background (how fast the
    // answer comes is measured and printed by approval-latency.test.ts, not asserted here).
    const approved = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
    );
    expect(approved).toMatchObject({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
    });
    await e2e.lockdown.settle();

    // 4. The directory: disabled, sessions revoked, every device disabled.
    const adele = e2e.sim.tenant.getUser(ADELE)!;
    expect(adele.accountEnabled).toBe(false);
    expect(Date.parse(adele.signInSessionsValidFromDateTime)).toBeGreaterThan(Date.parse(before));
    expect(ADELE_DEVICES.map((id) => e2e.sim.tenant.getDevice(id)!.accountEnabled)).toEqual([
      false,
      false,
      false,
    ]);

    // 5. The channel card, updated in place for everyone, ends finished with every step done.
    const updates = e2e.connector.calls.filter(
      (c) =>
        c.method === 'PUT' &&
        c.path ===
          `/v3/conversations/${posted.place.conversationId}/activities/${posted.place.replyToId}`,
    );
    expect(updates.length).toBeGreaterThan(0);
    const final = textOf(
      (updates.at(-1)!.body!.attachments as Array<{ content: unknown }>)[0]!.content,
    );
    expect(final).toContain('Completed');
    expect(final).toContain('Approved by Noah Kim');
    for (const step of [
      'Snapshot',
      'Disable account',
      'Revoke sessions',
      'Disable devices',
      'Verify',
    ])
      expect(final).toContain(step);
    expect(final).not.toMatch(/failed|Waiting|Running/i);
    expect(final).toMatch(/Access tokens already issued stay valid/);

    // 6. The summary is a reply in the request's thread.
    const summary = e2e.connector.calls.find(
      (c) =>
        c.method === 'POST' &&
        c.path.startsWith(`/v3/conversations/${posted.place.conversationId}/activities`) &&
        String(c.body?.text ?? '').includes('completed'),
    );
    expect(summary?.body?.text).toContain(`${posted.requestId} completed`);
  });
});
