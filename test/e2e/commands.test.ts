import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE, channelMessage, personalMessage, type TeamsUser } from '../support/activities';
import { startE2E, textOf, type E2E, type PostedCard } from '../support/e2e';

jest.setTimeout(30_000);

/** SPEC section 2 end to end: what each command and card verb promises, through the server. */
describe('commands', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });
  beforeEach(() => e2e.sim.calls.clear());

  function freshUpn(): string {
    const name = `target.${Math.random().toString(36).slice(2, 8)}`;
    e2e.sim.tenant.addUser({ userPrincipalName: `${name}@contoso.com`, displayName: name });
    return `${name}@contoso.com`;
  }
  const fresh = (requester = PEOPLE.sam): Promise<PostedCard> =>
    e2e.openRequest(requester, `revoke ${freshUpn()} compromised`);

  /** Says `text` to Lockdown in a personal chat; returns what it answered, as text. */
  async function say(from: TeamsUser, text: string): Promise<string> {
    const before = e2e.connector.calls.length;
    const reply = await e2e.post(personalMessage(from, text, { serviceUrl: e2e.serviceUrl }));
    expect(reply.status).toBe(200);
    await e2e.lockdown.settle();
    return e2e.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.path.startsWith(`/v3/conversations/a:personal`))
      .map((c) => `${c.body?.text ?? ''}\n${textOf(c.body)}`)
      .join('\n');
  }

  const audited = async (requestId: string) =>
    (await e2e.auditRecords()).filter((r) => r.requestId === requestId);

  describe('status', () => {
    it('shows one request with its decision and every step, to any member of the team', async () => {
      const posted = await fresh();
      await e2e.click(PEOPLE.noah, VERBS.approve, { token: posted.token }, posted.place);
      await e2e.lockdown.settle();
      const shown = await say(PEOPLE.kai, `status ${posted.requestId}`);
      expect(shown).toContain(posted.requestId);
      expect(shown).toContain('Completed');
      expect(shown).toContain('Approved by Noah Kim');
      for (const step of ['Snapshot', 'Disable account', 'Revoke sessions', 'Disable devices'])
        expect(shown).toContain(step);
    });

    it('shows the latest request for a user, by UPN', async () => {
      const upn = freshUpn();
      const first = await e2e.openRequest(PEOPLE.sam, `revoke ${upn} first try`);
      await say(PEOPLE.sam, `cancel ${first.requestId}`);
      const second = await e2e.openRequest(PEOPLE.sam, `revoke ${upn} second try`);
      const shown = await say(PEOPLE.ava, `status ${upn}`);
      expect(shown).toContain(second.requestId);
      expect(shown).not.toContain(first.requestId);
    });

    it('lists the recent requests and the watcher state without an argument', async () => {
      const posted = await fresh();
      const shown = await say(PEOPLE.ava, 'status');
      expect(shown).toContain('Recent requests');
      expect(shown).toContain(`${posted.requestId} · Waiting for approval`);
      expect(shown).toMatch(/\*\*Watcher:\*\* .*delta polling every/);
    });

    it('says when there is no such request', async () => {
      expect(await say(PEOPLE.ava, 'status LD-ZZZZZZ')).toContain('There is no request LD-ZZZZZZ.');
    });

    it('shows nothing to people outside the security team', async () => {
      const posted = await fresh();
      const shown = await say(PEOPLE.adele, `status ${posted.requestId}`);
      expect(shown).toMatch(/Only members of the security team can see/);
      expect(shown).not.toContain('compromised');
    });
  });

  describe('pending', () => {
    it('lists the requests waiting for a decision, and only those', async () => {
      const open = await fresh();
      const cancelled = await fresh();
      const decided = await fresh();
      await say(PEOPLE.sam, `cancel ${cancelled.requestId}`);
      await e2e.click(PEOPLE.noah, VERBS.reject, { token: decided.token }, decided.place);
      const shown = await say(PEOPLE.noah, 'pending');
      expect(shown).toContain('Pending requests');
      expect(shown).toContain(`${open.requestId} · Waiting for approval`);
      expect(shown).not.toContain(cancelled.requestId);
      expect(shown).not.toContain(decided.requestId);
    });
  });

  describe('the request form', () => {
    const formPlace = { conversationId: `a:personal-${PEOPLE.sam.aadObjectId}`, replyToId: '1' };

    it('answers a bare revoke with the form', async () => {
      const before = e2e.connector.calls.length;
      await e2e.post(channelMessage(PEOPLE.sam, 'revoke', { serviceUrl: e2e.serviceUrl }));
      await e2e.lockdown.settle();
      const form = e2e.connector.cards().slice(-1)[0]!;
      expect(e2e.connector.calls.indexOf(form.call)).toBeGreaterThanOrEqual(before);
      expect(textOf(form.card)).toContain('Open a revocation request');
      const json = JSON.stringify(form.card);
      expect(json).toContain('"id":"users"');
      expect(json).toContain('"id":"reason"');
      expect(json).toContain(VERBS.submitRequest);
      expect(e2e.connector.calls.slice(before).some((c) => c.path === '/v3/conversations')).toBe(
        false,
      );
    });

    it('opens a request with the chosen steps when the form is submitted', async () => {
      const upn = freshUpn();
      const before = e2e.connector.calls.length;
      const data = { users: upn, reason: 'phishing, from the form', steps: 'disable-account' };
      const answer = await e2e.click(PEOPLE.sam, VERBS.submitRequest, data, formPlace);
      expect(answer.status).toBe(200);
      const confirmation = textOf(answer.body);
      expect(confirmation).toContain('Request opened');
      const requestId = /LD-[0-9A-Z]{6}/.exec(confirmation)![0];
      expect(e2e.requestStatus(requestId)).toBe('opened');
      const channelCard = e2e.connector
        .cards()
        .find(
          (c) =>
            e2e.connector.calls.indexOf(c.call) >= before && c.call.path === '/v3/conversations',
        );
      const shown = textOf(channelCard?.card);
      expect(shown).toContain(upn);
      expect(shown).toContain('phishing, from the form');
      expect(shown).toMatch(/Disable account/);
      expect(shown).not.toMatch(/Revoke sessions|Disable devices/);
    });

    it('shows the form again with the problem named, and creates nothing, for bad input', async () => {
      const before = e2e.connector.calls.length;
      const data = { users: 'nobody.here@contoso.com', reason: 'kept as typed' };
      const answer = await e2e.click(PEOPLE.sam, VERBS.submitRequest, data, formPlace);
      expect(answer.status).toBe(200);
      const json = JSON.stringify(answer.body);
      expect(textOf(answer.body)).toMatch(/No user nobody.here@contoso.com exists/);
      expect(json).toContain('kept as typed');
      expect(json).toContain(VERBS.submitRequest);
      expect(e2e.connector.calls.slice(before)).toEqual([]);
    });
  });

  describe('reject', () => {
    it('closes the request for everyone without touching the directory', async () => {
      const posted = await fresh();
      const answer = await e2e.click(
        PEOPLE.noah,
        VERBS.reject,
        { token: posted.token },
        posted.place,
      );
      expect(answer.status).toBe(200);
      expect(textOf(answer.body)).toContain('Rejected by Noah Kim');
      await e2e.lockdown.settle();
      expect(e2e.requestStatus(posted.requestId)).toBe('rejected');
      expect(textOf(e2e.channelCard(posted))).toContain('Rejected by Noah Kim');
      expect((await audited(posted.requestId)).map((r) => r.eventType)).toContain(
        'request_rejected',
      );
      const late = await e2e.click(
        PEOPLE.ava,
        VERBS.approve,
        { token: posted.token },
        posted.place,
      );
      expect(textOf(late.body)).toContain('Rejected');
      await e2e.lockdown.settle();
      expect(e2e.requestStatus(posted.requestId)).toBe('rejected');
      expect(e2e.sim.calls.mutations()).toEqual([]);
    });
  });

  describe('cancel', () => {
    it('lets the requester withdraw a request by command; its card says so', async () => {
      const posted = await fresh();
      expect(await say(PEOPLE.sam, `cancel ${posted.requestId}`)).toContain(
        `Request **${posted.requestId}** is cancelled; nothing was changed.`,
      );
      expect(e2e.requestStatus(posted.requestId)).toBe('cancelled');
      expect(textOf(e2e.channelCard(posted))).toContain('Cancelled by Sam Rivera');
      const events = (await audited(posted.requestId)).map((r) => r.eventType);
      expect(events).toContain('request_cancelled');
    });

    it("lets the requester withdraw a request with the card's Cancel button", async () => {
      const posted = await fresh();
      const answer = await e2e.click(
        PEOPLE.sam,
        VERBS.cancel,
        { token: posted.token },
        posted.place,
      );
      expect(textOf(answer.body)).toContain('Cancelled by Sam Rivera');
      await e2e.lockdown.settle();
      expect(e2e.requestStatus(posted.requestId)).toBe('cancelled');
    });

    it('refuses anyone else, by command or by button, and the request stays open', async () => {
      const posted = await fresh();
      expect(await say(PEOPLE.ava, `cancel ${posted.requestId}`)).toContain(
        `Only the requester, Sam Rivera, can cancel request ${posted.requestId}.`,
      );
      const clicked = await e2e.click(
        PEOPLE.noah,
        VERBS.cancel,
        { token: posted.token },
        posted.place,
      );
      expect(textOf(clicked.body)).toContain('Only the requester, Sam Rivera, can cancel');
      await e2e.lockdown.settle();
      expect(e2e.requestStatus(posted.requestId)).toBe('opened');
      const refusals = (await audited(posted.requestId)).filter(
        (r) => r.eventType === 'request_refused',
      );
      expect(refusals.map((r) => r.reason)).toEqual([
        'ONLY_REQUESTER_CAN_CANCEL',
        'ONLY_REQUESTER_CAN_CANCEL',
      ]);
    });

    it('says a request that is already closed cannot be cancelled', async () => {
      const posted = await fresh();
      await say(PEOPLE.sam, `cancel ${posted.requestId}`);
      expect(await say(PEOPLE.sam, `cancel ${posted.requestId}`)).toMatch(
        new RegExp(`Request ${posted.requestId} was already cancelled by Sam Rivera at`),
      );
      expect(e2e.requestStatus(posted.requestId)).toBe('cancelled');
    });
  });
});
