import Database from 'better-sqlite3';
import path from 'node:path';
import { VERBS } from '../../src/teams/cards/verbs';
import { DECISION_CHECK_DEADLINE_MS } from '../../src/use-cases/decision-standing';
import { PEOPLE } from '../support/activities';
import { startE2E, textOf, type E2E, type PostedCard } from '../support/e2e';
import { printFigure } from '../support/print-figure';

const REQUESTER_GROUP = 'b0000000-0000-4000-8000-000000000001';

jest.setTimeout(30_000);

// The live membership checks of an Approve click (threat-model T12), through /api/messages.
describe('approval: membership checked live at the click', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });
  afterEach(() => e2e.sim.faults.clear());

  /** Opens a fresh request for a fresh user, so cases never share state. */
  async function fresh(): Promise<PostedCard> {
    const name = `target.${Math.random().toString(36).slice(2, 8)}`;
    e2e.sim.tenant.addUser({ userPrincipalName: `${name}@contoso.com`, displayName: name });
    return e2e.openRequest(PEOPLE.sam, `revoke ${name}@contoso.com compromised`);
  }

  function storedStatus(requestId: string): string {
    const db = new Database(path.join(e2e.dataDir, 'lockdown.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT body FROM requests WHERE id = ?').get(requestId) as {
        body: string;
      };
      return (JSON.parse(row.body) as { status: string }).status;
    } finally {
      db.close();
    }
  }

  async function refusalsOf(requestId: string): Promise<string[]> {
    return (await e2e.auditRecords())
      .filter((r) => r.requestId === requestId && r.eventType === 'approval_refused')
      .map((r) => r.reason ?? '');
  }

  it('refuses, fail-closed and in time, when Graph answers membership slowly', async () => {
    const posted = await fresh();
    e2e.sim.calls.clear();
    e2e.sim.faults.add({ method: 'POST', path: '/users/*/checkMemberGroups', latencyMs: 3_000 });

    const started = performance.now();
    const answer = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
    );
    const elapsed = performance.now() - started;
    printFigure(
      `approve with membership answered in 3 s: refused after ${elapsed.toFixed(0)} ms (deadline ${DECISION_CHECK_DEADLINE_MS} ms)`,
    );

    expect(answer).toMatchObject({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
    });
    expect(textOf(answer.body)).toMatch(/could not confirm security-team membership/);
    expect(textOf(answer.body)).toMatch(/Try again in a minute/);
    await e2e.lockdown.settle();
    expect(e2e.sim.calls.mutations()).toEqual([]);
    expect(storedStatus(posted.requestId)).toBe('opened');
    expect(await refusalsOf(posted.requestId)).toEqual(['MEMBERSHIP_CHECK_UNAVAILABLE']);

    // Graph is fast again: the same click now goes through, as the refusal said.
    e2e.sim.faults.clear();
    const retried = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
    );
    expect(textOf(retried.body)).toMatch(/Approved by Noah Kim/);
    await e2e.lockdown.settle();
    expect(storedStatus(posted.requestId)).toMatch(/^completed/);
  });

  it('refuses to approve for a requester removed from the requester group since', async () => {
    const posted = await fresh();
    e2e.sim.tenant.removeGroupMember(REQUESTER_GROUP, PEOPLE.sam.aadObjectId);
    e2e.sim.calls.clear();
    try {
      const answer = await e2e.click(
        PEOPLE.noah,
        VERBS.approve,
        { token: posted.token },
        posted.place,
      );
      expect(answer.status).toBe(200);
      expect(textOf(answer.body)).toMatch(
        /Sam Rivera opened request LD-\w+ but is no longer in the security team's requester group/,
      );
      await e2e.lockdown.settle();
      expect(e2e.sim.calls.mutations()).toEqual([]);
      expect(storedStatus(posted.requestId)).toBe('opened');
      expect(await refusalsOf(posted.requestId)).toEqual(['REQUESTER_LEFT_GROUP']);

      // Rejecting it is still possible: it changes nothing in the directory.
      const rejected = await e2e.click(
        PEOPLE.noah,
        VERBS.reject,
        { token: posted.token },
        posted.place,
      );
      expect(textOf(rejected.body)).toMatch(/Rejected by Noah Kim/);
      expect(storedStatus(posted.requestId)).toBe('rejected');
    } finally {
      e2e.sim.tenant.addGroupMember(REQUESTER_GROUP, PEOPLE.sam.aadObjectId);
    }
  });
});
