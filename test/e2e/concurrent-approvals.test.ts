import Database from 'better-sqlite3';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE, cardInvoke } from '../support/activities';
import { startE2E, type E2E } from '../support/e2e';

jest.setTimeout(30_000);

describe('many clicks at once', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('10 parallel approvals and a late retry: one decision, one pipeline, every invoke answered 200', async () => {
    const user = e2e.sim.tenant.addUser({
      userPrincipalName: 'contested.user@contoso.com',
      displayName: 'Contested User',
    });
    e2e.sim.tenant.addDevice({
      owner: user.id,
      displayName: 'CONTESTED-PC',
      operatingSystem: 'Windows',
    });
    const posted = await e2e.openRequest(
      PEOPLE.sam,
      'revoke contested.user@contoso.com insider threat',
    );
    e2e.sim.calls.clear();
    const approvers = [PEOPLE.noah, PEOPLE.ava];
    const clicks = Array.from({ length: 10 }, (_, i) =>
      cardInvoke(approvers[i % 2]!, VERBS.approve, { token: posted.token }, posted.place, {
        serviceUrl: e2e.serviceUrl,
      }),
    );
    const answers = await Promise.all(clicks.map((click) => e2e.post(click)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(
      answers.every(
        (a) => (a.body as { type?: string }).type === 'application/vnd.microsoft.card.adaptive',
      ),
    ).toBe(true);

    // Teams retries an invoke after a while, with the same activity id.
    await sleep(500);
    const retry = await e2e.post(clicks[3]);
    expect(retry.status).toBe(200);
    await e2e.lockdown.settle();

    const db = new Database(path.join(e2e.dataDir, 'lockdown.db'), { readonly: true });
    const events = (db.prepare('SELECT body FROM audit').all() as Array<{ body: string }>).map(
      (r) => JSON.parse(r.body) as { eventType: string; requestId?: string },
    );
    db.close();
    const own = events.filter((e) => e.requestId === posted.requestId);
    expect(own.filter((e) => e.eventType === 'approval_granted')).toHaveLength(1);
    expect(own.filter((e) => e.eventType === 'run_started')).toHaveLength(1);
    const mutations = e2e.sim.calls
      .mutations()
      .map((c) => `${c.method} ${c.path.replace(/[0-9a-f-]{36}/g, 'ID')}`)
      .sort();
    expect(mutations).toEqual([
      'PATCH /v1.0/devices/ID',
      'PATCH /v1.0/users/ID',
      'POST /v1.0/users/ID/revokeSignInSessions',
    ]);
  });
});
