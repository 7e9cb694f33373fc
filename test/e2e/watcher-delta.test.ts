import { performance } from 'node:perf_hooks';
import { VERBS } from '../../src/teams/cards/verbs';
import { channelMessage, PEOPLE, type CardPlace } from '../support/activities';
import { startE2E, textOf, tokenIn, type E2E } from '../support/e2e';
import { printFigure } from '../support/print-figure';
import {
  automaticCardsFor,
  newThreads,
  until,
  watcherIdle,
  watcherReady,
  type ThreadCard,
} from '../support/watcher-e2e';

const ADELE = { id: 'a0000000-0000-4000-8000-000000000011', upn: 'adele.vance@contoso.com' };
const MEGAN = { id: 'a0000000-0000-4000-8000-000000000013', upn: 'megan.bowen@contoso.com' };
const DAN = { id: 'a0000000-0000-4000-8000-000000000041', upn: 'dan.ortiz@contoso.com' };
const INTERNS = 25;
const internUpn = (n: number) => `intern${n}@contoso.com`;

jest.setTimeout(90_000);

/**
 * The watcher without webhooks (SPEC section 5): delta polling every second against the
 * simulator, on a tenant that already holds 500 disabled accounts when Lockdown first looks.
 */
describe('the watcher polling delta', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({
      env: { WATCH_MODE: 'delta', WATCH_INTERVAL_SECONDS: '1', AUTO_REVOKE_MAX_PER_HOUR: '20' },
      prepare: (sim) => {
        sim.tenant.addUsers(500, {
          userPrincipalName: 'former{n}@contoso.com',
          displayName: 'Former employee {n}',
          accountEnabled: false,
        });
        sim.tenant.addUsers(INTERNS, {
          userPrincipalName: 'intern{n}@contoso.com',
          displayName: 'Intern {n}',
        });
      },
    });
    await watcherReady(e2e, false);
  });
  afterAll(async () => {
    await e2e.close();
  });

  const mutationsOn = (id: string) =>
    e2e.sim.calls.mutations().filter((c) => JSON.stringify(c).includes(id));
  /** Resolves after `rounds` more delta rounds have finished. */
  const rounds = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const last = (await e2e.lockdown.watcher!.status()).lastPollAt;
      await until('the next delta round', async () => {
        const status = await e2e.lockdown.watcher!.status();
        return status.lastPollAt !== last && status.lastPollError === null;
      });
    }
    await watcherIdle(e2e);
  };
  const click = (from: (typeof PEOPLE)[keyof typeof PEOPLE], verb: string, thread: ThreadCard) => {
    const place: CardPlace = {
      conversationId: thread.conversationId,
      replyToId: thread.conversationId.split('=')[1]!,
    };
    return e2e.click(from, verb, { token: tokenIn(thread.card) }, place, { trigger: 'manual' });
  };

  it('500 accounts already disabled at the first sync: a baseline, zero revocations', async () => {
    await rounds(2);
    expect(newThreads(e2e)).toEqual([]);
    expect(e2e.sim.calls.mutations()).toEqual([]);
    expect(e2e.sim.tenant.listSubscriptions()).toEqual([]);
  });

  it('25 disables with a limit of 20: 20 acted on, 5 held, one review card; two people resume', async () => {
    for (let n = 1; n <= INTERNS; n++) e2e.sim.tenant.disableUser(internUpn(n));
    const review = await until('the review card', () =>
      newThreads(e2e).find((t) => t.text.includes('Automatic revocation paused')),
    );
    await rounds(1);
    const actedOn = () =>
      Array.from({ length: INTERNS }, (_, i) => internUpn(i + 1)).filter(
        (upn) => automaticCardsFor(e2e, upn).length > 0,
      );
    expect(actedOn()).toHaveLength(20);
    expect(newThreads(e2e).filter((t) => t.text.includes('Automatic revocation paused'))).toEqual([
      review,
    ]);
    expect(review.text).toContain('More than 20 automatic revocations in an hour');

    await e2e.post(channelMessage(PEOPLE.sam, 'status', { serviceUrl: e2e.serviceUrl }));
    const status = await e2e.connector.waitFor((c) =>
      String(c.body?.text ?? '').startsWith('**Watcher:**'),
    );
    expect(status.body!.text).toMatch(/automatic revocation PAUSED/);
    expect(status.body!.text).toMatch(/change notifications off · delta polling every 1 s/);

    const asked = await click(PEOPLE.sam, VERBS.resume, review);
    expect(textOf(asked.body!.value)).toContain('Resume requested by Sam Rivera');
    const again = await click(PEOPLE.sam, VERBS.resume, review);
    expect(textOf(again.body!.value)).toMatch(
      /a different member of the security team must confirm/,
    );
    const resumed = await click(PEOPLE.noah, VERBS.resume, review);
    expect(textOf(resumed.body!.value)).toMatch(
      /Resumed by Sam Rivera and Noah Kim; 5 held account\(s\)/,
    );
    await until('the held accounts revoked', () => actedOn().length === INTERNS);
    await watcherIdle(e2e);
    expect(actedOn()).toHaveLength(INTERNS);
    expect(
      newThreads(e2e).filter((t) => t.text.includes('Automatic revocation resumed')),
    ).toHaveLength(1);
  });

  it('an account disabled in the portal is revoked within one interval', async () => {
    const started = performance.now();
    await e2e.simAdmin('POST', `users/${ADELE.id}/disable`, { by: 'grace.hill@contoso.com' });
    await until('the automatic revocation', () => automaticCardsFor(e2e, ADELE.upn).length > 0);
    await until('the sessions revoked and devices disabled', () =>
      e2e.sim.tenant.getUser(ADELE.id)!.devices.every((d) => !d.accountEnabled),
    );
    const elapsed = performance.now() - started;
    printFigure(
      `watcher, delta path (interval 1 s): disabled in the portal → revoked in ${elapsed.toFixed(0)} ms`,
    );
    expect(automaticCardsFor(e2e, ADELE.upn)[0]!.text).toContain('grace.hill@contoso.com');
  });

  it('an expired delta link (syncStateNotFound) restarts from a new baseline, revoking nothing', async () => {
    // In one synchronous step: no delta page can be served in between.
    e2e.sim.tenant.expireDeltaTokens();
    e2e.sim.tenant.disableUser(MEGAN.id);
    await until('the restart', async () =>
      (await e2e.auditRecords()).some((r) => r.reason === 'DELTA_TOKEN_EXPIRED'),
    );
    await rounds(2);
    expect(automaticCardsFor(e2e, MEGAN.upn)).toEqual([]);
    expect(mutationsOn(MEGAN.id)).toEqual([]);
  });

  it('a revoked synced account re-enabled by directory sync: a snap-back card within one interval, and a re-disable under the two-person rule', async () => {
    await e2e.simAdmin('POST', `users/${DAN.id}/disable`, { by: 'grace.hill@contoso.com' });
    await until('the automatic revocation', () => automaticCardsFor(e2e, DAN.upn).length > 0);
    await watcherIdle(e2e);

    const started = performance.now();
    const sync = await e2e.simAdmin('POST', 'sync-cycle');
    expect(sync.reverted).toEqual([DAN.id]);
    const snapBack = await until('the snap-back card', () =>
      newThreads(e2e).find((t) => t.text.includes('enabled again') && t.text.includes(DAN.upn)),
    );
    printFigure(
      `watcher, delta path (interval 1 s): synced account re-enabled → snap-back card in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(snapBack.text).toMatch(/on-premises AD/);

    const opened = await click(PEOPLE.sam, VERBS.redisable, snapBack);
    const openedText = textOf(opened.body!.value);
    const redisableId = /Re-disable request (LD-[0-9A-Z]{6}) opened by Sam Rivera/.exec(
      openedText,
    )?.[1];
    expect(redisableId).toBeDefined();
    const twice = await click(PEOPLE.ava, VERBS.redisable, snapBack);
    expect(textOf(twice.body!.value)).toContain(`already open (${redisableId})`);
    const request = await until('the re-disable request card', () =>
      newThreads(e2e).find(
        (t) => t.text.includes('Revocation request') && t.text.includes(redisableId!),
      ),
    );
    expect(e2e.sim.tenant.getUser(DAN.id)!.accountEnabled).toBe(true);
    const approved = await click(PEOPLE.noah, VERBS.approve, request);
    expect(approved.status).toBe(200);
    await e2e.lockdown.settle();
    expect(e2e.sim.tenant.getUser(DAN.id)!.accountEnabled).toBe(false);
    await rounds(1);
    expect(automaticCardsFor(e2e, DAN.upn)).toHaveLength(1);
  });
});
