import Database from 'better-sqlite3';
import path from 'node:path';
import { VERBS } from '../../src/teams/cards/verbs';
import { CHANNEL, PEOPLE, channelMessage, personalMessage } from '../support/activities';
import { startE2E, textOf, type E2E, type PostedCard } from '../support/e2e';

const BOB = 'a0000000-0000-4000-8000-000000000012';

/** Audit records whose reason is `code`, read from the store file as an auditor would. */
function auditedRefusals(e2e: E2E, code: string): Array<Record<string, unknown>> {
  const db = new Database(path.join(e2e.dataDir, 'lockdown.db'), { readonly: true });
  try {
    return (db.prepare('SELECT body FROM audit ORDER BY seq').all() as Array<{ body: string }>)
      .map((row) => JSON.parse(row.body) as Record<string, unknown>)
      .filter((record) => record.reason === code);
  } finally {
    db.close();
  }
}

jest.setTimeout(30_000);

describe('refused decisions change nothing and are audited', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  /** Opens a fresh request for a fresh user, so cases never share state. */
  async function fresh(requester = PEOPLE.sam, extraTarget = ''): Promise<PostedCard> {
    const name = `target.${Math.random().toString(36).slice(2, 8)}`;
    e2e.sim.tenant.addUser({ userPrincipalName: `${name}@contoso.com`, displayName: name });
    return e2e.openRequest(requester, `revoke ${name}@contoso.com ${extraTarget} compromised`);
  }

  function expectNothingChanged(): void {
    expect(e2e.sim.calls.mutations()).toEqual([]);
  }

  beforeEach(() => e2e.sim.calls.clear());

  it.each([
    [
      'self-approval',
      PEOPLE.sam,
      'APPROVER_IS_REQUESTER',
      /a different member of the security team must decide it/,
    ],
    [
      'an approver outside the approver group',
      PEOPLE.adele,
      'APPROVER_NOT_IN_GROUP',
      /Only members of the security team's approver group/,
    ],
    ['a requester-only member', PEOPLE.kai, 'APPROVER_NOT_IN_GROUP', /approver group/],
  ])('refuses %s with a card that says why', async (_case, clicker, code, message) => {
    const posted = await fresh();
    const answer = await e2e.click(clicker, VERBS.approve, { token: posted.token }, posted.place);
    expect(answer.status).toBe(200);
    expect(textOf(answer.body)).toMatch(message);
    await e2e.lockdown.settle();
    expectNothingChanged();
    expect(auditedRefusals(e2e, code).length).toBeGreaterThan(0);
  });

  it('refuses an approver who is one of the targets', async () => {
    const posted = await fresh(PEOPLE.sam, 'noah.kim@contoso.com');
    const answer = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
    );
    expect(textOf(answer.body)).toMatch(/Your own account is one of the targets/);
    await e2e.lockdown.settle();
    expectNothingChanged();
    expect(auditedRefusals(e2e, 'APPROVER_IS_TARGET').length).toBeGreaterThan(0);
  });

  it('refuses an expired request', async () => {
    const posted = await fresh();
    const db = new Database(path.join(e2e.dataDir, 'lockdown.db'));
    const row = db.prepare('SELECT body FROM requests WHERE id = ?').get(posted.requestId) as {
      body: string;
    };
    const expired = {
      ...JSON.parse(row.body),
      expiresAt: new Date(Date.now() - 1_000).toISOString(),
    };
    db.prepare('UPDATE requests SET body = ? WHERE id = ?').run(
      JSON.stringify(expired),
      posted.requestId,
    );
    db.close();
    const answer = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
    );
    expect(answer.status).toBe(200);
    expect(textOf(answer.body)).toMatch(/Expired/);
    await e2e.lockdown.settle();
    expectNothingChanged();
    expect(auditedRefusals(e2e, 'REQUEST_EXPIRED').length).toBeGreaterThan(0);
  });

  it('refuses a cancelled request', async () => {
    const posted = await fresh();
    await e2e.post(
      personalMessage(PEOPLE.sam, `cancel ${posted.requestId}`, { serviceUrl: e2e.serviceUrl }),
    );
    const answer = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
    );
    expect(textOf(answer.body)).toMatch(/Cancelled/);
    await e2e.lockdown.settle();
    expectNothingChanged();
    expect(auditedRefusals(e2e, 'REQUEST_ALREADY_DECIDED').length).toBeGreaterThan(0);
  });

  it('refuses an approval from another conversation', async () => {
    const posted = await fresh();
    const elsewhere = {
      conversationId: '19:some0other0chat@thread.v2',
      replyToId: posted.place.replyToId,
    };
    const answer = await e2e.click(PEOPLE.noah, VERBS.approve, { token: posted.token }, elsewhere);
    expect(textOf(answer.body)).toMatch(/not the one Lockdown posted/);
    await e2e.lockdown.settle();
    expectNothingChanged();
    expect(auditedRefusals(e2e, 'CARD_BINDING_MISMATCH').length).toBeGreaterThan(0);
  });

  it('acts on the stored target when card data names a different user', async () => {
    const posted = await fresh();
    const forged = {
      token: posted.token,
      targetUserId: BOB,
      target: 'bob.kelly@contoso.com',
      steps: ['reset-password'],
      approverId: PEOPLE.noah.aadObjectId,
    };
    const answer = await e2e.click(PEOPLE.noah, VERBS.approve, forged, posted.place);
    expect(answer.status).toBe(200);
    await e2e.lockdown.settle();
    const touched = e2e.sim.calls.mutations().map((c) => c.path);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.some((p) => p.includes(BOB))).toBe(false);
    expect(e2e.sim.tenant.getUser(BOB)!.accountEnabled).toBe(true);
    expect(
      e2e.sim.calls.mutations().some((c) => JSON.stringify(c.body ?? '').includes('password')),
    ).toBe(false);
  });

  it('refuses a foreign tenant before anything runs', async () => {
    const posted = await fresh();
    const foreign = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
      { tenantId: '0badc0de-0000-4000-8000-00000000beef' },
    );
    expect(foreign.status).toBe(403);
    const message = await e2e.post(
      channelMessage(PEOPLE.sam, 'revoke bob.kelly@contoso.com phishing', {
        serviceUrl: e2e.serviceUrl,
        tenantId: '0badc0de-0000-4000-8000-00000000beef',
      }),
    );
    expect(message.status).toBe(200);
    await e2e.lockdown.settle();
    expectNothingChanged();
    expect(
      auditedRefusals(e2e, 'tenant 0badc0de-0000-4000-8000-00000000beef is not allowed').length,
    ).toBe(2);
  });

  it('refuses an activity from a channel other than Teams', async () => {
    const before = e2e.connector.calls.length;
    const answer = await e2e.post(
      personalMessage(PEOPLE.sam, 'revoke bob.kelly@contoso.com phishing', {
        serviceUrl: e2e.serviceUrl,
        channelId: 'webchat',
      }),
    );
    expect(answer.status).toBe(200);
    await e2e.lockdown.settle();
    expectNothingChanged();
    expect(e2e.connector.calls.length).toBe(before);
    expect(auditedRefusals(e2e, 'channel "webchat" is not msteams')).toHaveLength(1);
  });

  it('refuses a card token Lockdown never issued', async () => {
    const answer = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: 'forged-token-0000000000' },
      { conversationId: CHANNEL, replyToId: '1' },
    );
    expect(answer.status).toBe(200);
    expect(textOf(answer.body)).toMatch(/does not belong to any Lockdown request/);
  });
});
