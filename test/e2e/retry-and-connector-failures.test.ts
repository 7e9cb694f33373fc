import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE, channelMessage, personalMessage } from '../support/activities';
import { requestIdIn, startE2E, textOf, tokenIn, type E2E, type PostedCard } from '../support/e2e';
import { printFigure } from '../support/print-figure';

jest.setTimeout(30_000);

const isChannelPost = (c: { method: string; path: string }) =>
  c.method === 'POST' && c.path === '/v3/conversations';

describe('failures and second chances', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });
  beforeEach(async () => {
    await e2e.lockdown.settle();
    e2e.sim.calls.clear();
    e2e.sim.faults.clear();
    e2e.connector.clearFailures();
  });

  function freshUser(): { id: string; upn: string } {
    const name = `target.${Math.random().toString(36).slice(2, 8)}`;
    // Sessions last revoked a day ago, as for anyone who has worked a while (a user created in
    // the very second of a failed revocation looks already revoked to the re-check).
    const user = e2e.sim.tenant.addUser({
      userPrincipalName: `${name}@contoso.com`,
      displayName: name,
      signInSessionsValidFromDateTime: new Date(Date.now() - 86_400_000).toISOString(),
    });
    return { id: user.id, upn: `${name}@contoso.com` };
  }

  describe('retry of failed steps', () => {
    it('re-runs only the failed steps, for a member of the security team', async () => {
      const target = freshUser();
      // Revoking sessions is refused until the fault is lifted; everything else works.
      e2e.sim.faults.add({ method: 'POST', path: '/users/*/revokeSignInSessions', status: 403 });
      const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${target.upn} compromised`);
      await e2e.click(PEOPLE.noah, VERBS.approve, { token: posted.token }, posted.place);
      await e2e.lockdown.settle();
      expect(e2e.requestStatus(posted.requestId)).toBe('completed-with-failures');
      const failedCard = e2e.channelCard(posted);
      expect(textOf(failedCard)).toMatch(/Completed with failures/);
      expect(JSON.stringify(failedCard)).toContain(VERBS.retry);
      expect(e2e.sim.tenant.getUser(target.id)!.accountEnabled).toBe(false);

      e2e.sim.faults.clear();
      e2e.sim.calls.clear();
      const outsider = await e2e.click(
        PEOPLE.adele,
        VERBS.retry,
        { token: posted.token },
        posted.place,
      );
      expect(textOf(outsider.body)).toMatch(/approver group/);
      await e2e.lockdown.settle();
      expect(e2e.requestStatus(posted.requestId)).toBe('completed-with-failures');
      expect(e2e.sim.calls.mutations()).toEqual([]);

      const retried = await e2e.click(
        PEOPLE.kai,
        VERBS.retry,
        { token: posted.token },
        posted.place,
      );
      expect(retried.status).toBe(200);
      await e2e.lockdown.settle();
      expect(e2e.requestStatus(posted.requestId)).toBe('completed');
      expect(e2e.sim.calls.mutations().map((c) => `${c.method} ${c.path}`)).toEqual([
        `POST /v1.0/users/${target.id}/revokeSignInSessions`,
      ]);
      expect(textOf(e2e.channelCard(posted))).toMatch(/Completed/);
      expect(textOf(e2e.channelCard(posted))).not.toMatch(/failed/i);
      const audit = (await e2e.auditRecords()).filter((r) => r.requestId === posted.requestId);
      expect(audit.filter((r) => r.eventType === 'retry_requested')).toHaveLength(1);

      const again = await e2e.click(PEOPLE.kai, VERBS.retry, { token: posted.token }, posted.place);
      expect(textOf(again.body)).toContain(
        `Request ${posted.requestId} has no failed steps to retry.`,
      );
    });
  });

  describe('the Bot Connector failing the channel post', () => {
    /** Asks for a revocation in the channel; the card as it finally reached the channel. */
    async function openThrough(upn: string): Promise<PostedCard> {
      const before = e2e.connector.calls.length;
      const reply = await e2e.post(
        channelMessage(PEOPLE.sam, `revoke ${upn} compromised`, { serviceUrl: e2e.serviceUrl }),
      );
      expect(reply.status).toBe(200);
      const created = await e2e.connector.waitFor(
        (c) =>
          e2e.connector.calls.indexOf(c) >= before &&
          isChannelPost(c) &&
          c.response?.status === 200,
      );
      const card = (created.body!.activity as { attachments: Array<{ content: unknown }> })
        .attachments[0]!.content;
      const threadId = (created.response!.body as { id: string }).id;
      return {
        requestId: requestIdIn(card),
        token: tokenIn(card),
        place: { conversationId: threadId, replyToId: threadId.split('=')[1]! },
        card: card as Record<string, unknown>,
      };
    }

    it.each([
      ['429 with Retry-After', 429],
      ['503', 503],
      ['500', 500],
    ])(
      'keeps the request and posts its card on a later attempt after a %s',
      async (_case, status) => {
        const before = e2e.connector.calls.length;
        e2e.connector.fail({
          method: 'POST',
          path: /^\/v3\/conversations$/,
          status,
          retryAfter: 0,
          times: 2,
        });
        const posted = await openThrough(freshUser().upn);
        await e2e.lockdown.settle();
        const posts = e2e.connector.calls.slice(before).filter(isChannelPost);
        expect(posts.map((c) => c.response?.status)).toEqual([status, status, 200]);
        expect(e2e.requestStatus(posted.requestId)).toBe('opened');
        const confirmation = e2e.connector.calls
          .slice(before)
          .find((c) =>
            String(c.body?.text ?? '').includes(`Request **${posted.requestId}** is open`),
          );
        expect(confirmation).toBeDefined();
        const approved = await e2e.click(
          PEOPLE.noah,
          VERBS.approve,
          { token: posted.token },
          posted.place,
        );
        expect(textOf(approved.body)).toContain('Approved by Noah Kim');
      },
    );

    it('withdraws a request it could not post at all, says so, and the next ask goes through', async () => {
      const target = freshUser();
      const before = e2e.connector.calls.length;
      e2e.connector.fail({ method: 'POST', path: /^\/v3\/conversations$/, status: 500, times: 20 });
      const reply = await e2e.post(
        personalMessage(PEOPLE.sam, `revoke ${target.upn} compromised`, {
          serviceUrl: e2e.serviceUrl,
        }),
      );
      expect(reply.status).toBe(200);
      await e2e.lockdown.settle();
      const calls = e2e.connector.calls.slice(before);
      const told = calls.map((c) => textOf(c.body)).join('\n');
      const requestId = /could not post request (LD-[0-9A-Z]{6}) to the security channel/.exec(
        told,
      )?.[1];
      expect(requestId).toBeDefined();
      // Kept, withdrawn so that nobody can approve a card nobody saw, and audited.
      expect(e2e.requestStatus(requestId!)).toBe('cancelled');
      const audit = (await e2e.auditRecords()).filter((r) => r.requestId === requestId);
      expect(audit.map((r) => r.eventType)).toEqual(['request_created', 'notify_failed']);
      expect(e2e.sim.calls.mutations()).toEqual([]);
      printFigure(
        `Bot Connector answering 500: ${calls.filter(isChannelPost).length} attempts at the channel post before Lockdown withdrew the request`,
      );

      e2e.connector.clearFailures();
      const posted = await openThrough(target.upn);
      expect(posted.requestId).not.toBe(requestId);
      expect(e2e.requestStatus(posted.requestId)).toBe('opened');
    });

    it('retries a throttled card update, so the channel still sees the outcome', async () => {
      const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${freshUser().upn} compromised`);
      const before = e2e.connector.calls.length;
      e2e.connector.fail({ method: 'PUT', path: /\/activities\//, status: 429, retryAfter: 0 });
      await e2e.post(
        personalMessage(PEOPLE.sam, `cancel ${posted.requestId}`, { serviceUrl: e2e.serviceUrl }),
      );
      await e2e.lockdown.settle();
      const updates = e2e.connector.calls.slice(before).filter((c) => c.method === 'PUT');
      expect(updates.map((c) => c.response?.status)).toEqual([429, 200]);
      expect(textOf(e2e.channelCard(posted))).toContain('Cancelled by Sam Rivera');
    });
  });
});
