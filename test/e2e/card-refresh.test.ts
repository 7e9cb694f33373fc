import Database from 'better-sqlite3';
import path from 'node:path';
import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE, type TeamsUser } from '../support/activities';
import { startE2E, textOf, type E2E, type PostedCard } from '../support/e2e';

jest.setTimeout(30_000);

/**
 * Threat-model T14: a card refresh (`trigger: automatic`, which Teams fires by itself when a
 * card is shown) is read-only. It answers the viewer with their own view of the request and
 * changes nothing; a decision verb fired automatically decides nothing.
 */
describe('automatic card refreshes', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  async function fresh(): Promise<PostedCard> {
    const name = `target.${Math.random().toString(36).slice(2, 8)}`;
    e2e.sim.tenant.addUser({ userPrincipalName: `${name}@contoso.com`, displayName: name });
    return e2e.openRequest(PEOPLE.sam, `revoke ${name}@contoso.com compromised`);
  }

  const statusOf = (requestId: string): string => {
    const db = new Database(path.join(e2e.dataDir, 'lockdown.db'), { readonly: true });
    try {
      return (
        db.prepare('SELECT status FROM requests WHERE id = ?').get(requestId) as {
          status: string;
        }
      ).status;
    } finally {
      db.close();
    }
  };

  /** Fires `verb` as an automatic refresh and checks nothing was sent or changed meanwhile. */
  async function automatic(posted: PostedCard, who: TeamsUser, verb: string) {
    const calls = e2e.connector.calls.length;
    const audited = (await e2e.auditRecords()).length;
    e2e.sim.calls.clear();
    const answer = await e2e.click(who, verb, { token: posted.token }, posted.place, {
      trigger: 'automatic',
    });
    await e2e.lockdown.settle();
    expect(answer).toMatchObject({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
    });
    // Answered to the viewer alone: no card update for everyone, no post anywhere.
    expect(e2e.connector.calls.slice(calls)).toEqual([]);
    expect(e2e.sim.calls.mutations()).toEqual([]);
    expect(statusOf(posted.requestId)).toBe('opened');
    const events = (await e2e.auditRecords()).slice(audited).map((r) => r.eventType);
    expect(events).not.toContain('approval_granted');
    expect(events).not.toContain('request_rejected');
    return { card: answer.body!.value, json: JSON.stringify(answer.body!.value) };
  }

  it.each<[string, TeamsUser, string[], string[]]>([
    ['an approver', PEOPLE.noah, [VERBS.approve, VERBS.reject], [VERBS.cancel]],
    ['the requester', PEOPLE.sam, [VERBS.cancel], [VERBS.approve, VERBS.reject]],
    ['someone outside the security team', PEOPLE.adele, [], [VERBS.approve, VERBS.cancel]],
    ['a requester-only member', PEOPLE.kai, [], [VERBS.approve, VERBS.cancel]],
  ])('shows %s their own view and changes nothing', async (_case, who, shown, hidden) => {
    const posted = await fresh();
    const { card, json } = await automatic(posted, who, VERBS.refresh);
    expect(textOf(card)).toContain(posted.requestId);
    expect(textOf(card)).toContain('Waiting for approval');
    for (const verb of shown) expect(json).toContain(verb);
    for (const verb of hidden) expect(json).not.toContain(verb);
  });

  it.each([
    ['approve', VERBS.approve],
    ['reject', VERBS.reject],
  ])('decides nothing when %s arrives as an automatic refresh', async (_case, verb) => {
    const posted = await fresh();
    await automatic(posted, PEOPLE.noah, verb);
    // The same approver's real click still decides: the refresh consumed nothing.
    const click = await e2e.click(PEOPLE.noah, verb, { token: posted.token }, posted.place);
    expect(click.status).toBe(200);
    await e2e.lockdown.settle();
    expect(statusOf(posted.requestId)).not.toBe('opened');
  });
});
