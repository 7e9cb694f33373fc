import { type AdaptiveCard } from '../../../../src/teams/cards/adaptive-card';
import { CARD_BUDGET_BYTES } from '../../../../src/teams/cards/card-size';
import { renderAutomationPausedCard } from '../../../../src/teams/cards/render-automation-paused-card';
import { renderSnapBackCard } from '../../../../src/teams/cards/render-snap-back-card';
import { renderUntouchableAlertCard } from '../../../../src/teams/cards/render-untouchable-alert-card';
import { VERBS } from '../../../../src/teams/cards/verbs';
import {
  type AutomationPausedView,
  type SnapBackView,
  type UntouchableAlertView,
} from '../../../../src/teams/cards/watcher-alert-views';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';
import {
  byteSize,
  type Json,
  markdownTexts,
  stringsOutsideTextRuns,
  textRuns,
  visibleText,
} from './card-inspection';
import { objectId, TOKEN } from './card-view-fixtures';

const BREAKER_TOKEN = 'Br3akerReviewT0ken9xQ';

const untouchable = (change: Partial<UntouchableAlertView> = {}): UntouchableAlertView => ({
  displayName: 'Break Glass 1',
  userPrincipalName: 'bg1@contoso.onmicrosoft.com',
  objectId: objectId(7),
  why: 'protected',
  disabledBy: 'mallory@contoso.com',
  at: '2026-11-22 10:15 UTC',
  ...change,
});

const paused = (change: Partial<AutomationPausedView> = {}): AutomationPausedView => ({
  token: BREAKER_TOKEN,
  limit: 20,
  at: '2026-11-22 10:15 UTC',
  resumeRequestedBy: null,
  resumedBy: null,
  released: null,
  ...change,
});

const AWAITING = { resumeRequestedBy: 'Ava Analyst' };
const RESUMED = { ...AWAITING, resumedBy: ['Ava Analyst', 'Noah Kim'], released: 3 };

const snapBack = (change: Partial<SnapBackView> = {}): SnapBackView => ({
  displayName: 'Alice Example',
  userPrincipalName: 'alice@contoso.com',
  objectId: objectId(1),
  requestId: 'LD-7K3M9Q',
  token: TOKEN,
  synced: true,
  at: '2026-11-22 11:02 UTC',
  redisable: null,
  ...change,
});

/** Every card a test renders is validated with the reference implementation and Teams' rules. */
function valid(card: AdaptiveCard, token?: string): Json {
  assertValidTeamsCard(card, { token });
  return card as Json;
}

const actionsOf = (card: Json): Json[] => (card['actions'] as Json[] | undefined) ?? [];

describe('renderUntouchableAlertCard', () => {
  it.each([
    ['protected', 'Break-glass account disabled outside Lockdown', 'break-glass'],
    ['privileged', 'Privileged account disabled outside Lockdown', 'privileged directory role'],
  ] as const)('says a %s account was disabled elsewhere and offers nothing', (why, title, word) => {
    const card = valid(renderUntouchableAlertCard(untouchable({ why })));
    const text = visibleText(card);
    expect(text).toContain(`🚨 ${title}`);
    expect(text).toContain(word);
    expect(text).toContain('Lockdown did nothing');
    expect(text).toContain('2026-11-22 10:15 UTC');
    expect(textRuns(card)).toEqual(
      expect.arrayContaining(['Break Glass 1', 'bg1@contoso.onmicrosoft.com', objectId(7)]),
    );
    expect(card['actions']).toBeUndefined();
  });

  it('names who disabled it, or says that is not known', () => {
    const known = valid(renderUntouchableAlertCard(untouchable()));
    expect(textRuns(known)).toContain('mallory@contoso.com');
    for (const disabledBy of [null, ' \n ']) {
      const unknown = valid(renderUntouchableAlertCard(untouchable({ disabledBy })));
      expect(textRuns(unknown)).toContain("not known (the directory's audit log did not say)");
    }
  });
});

describe('renderAutomationPausedCard', () => {
  const resumeButton = (title: string): Json => ({
    type: 'Action.Execute',
    title,
    verb: VERBS.resume,
    data: { token: BREAKER_TOKEN },
  });

  it('while paused, explains why and offers Resume carrying only the breaker token', () => {
    const card = valid(renderAutomationPausedCard(paused()), BREAKER_TOKEN);
    const text = visibleText(card);
    expect(text).toContain('More than 20 automatic revocations in an hour');
    expect(text).toContain('sync accident or an attack on the directory');
    expect(text).toContain('held for review');
    expect(textRuns(card)).toEqual([]);
    expect(actionsOf(card)).toEqual([resumeButton('Resume automatic revocation')]);
  });

  it('once one person asked, says who and asks a different approver to confirm', () => {
    const card = valid(renderAutomationPausedCard(paused(AWAITING)), BREAKER_TOKEN);
    expect(textRuns(card)).toContain(
      'Resume requested by Ava Analyst; a different member of the approver group must confirm.',
    );
    expect(actionsOf(card)).toEqual([resumeButton('Confirm resume')]);
  });

  it('once resumed, says by whom and how many held accounts are looked at again, no button', () => {
    const card = valid(renderAutomationPausedCard(paused(RESUMED)));
    expect(textRuns(card)).toContain(
      'Resumed by Ava Analyst and Noah Kim; 3 held account(s) are being looked at again.',
    );
    expect(visibleText(card)).not.toContain('held for review');
    expect(actionsOf(card)).toEqual([]);
  });
});

describe('renderSnapBackCard', () => {
  it('explains that on-premises sync probably re-enabled a synced account', () => {
    const card = valid(renderSnapBackCard(snapBack()), TOKEN);
    const text = visibleText(card);
    expect(text).toContain('Revoked account enabled again — LD-7K3M9Q');
    expect(text).toContain('on-premises AD, so directory sync probably re-enabled it');
    expect(text).toContain('or the next sync will enable it again');
    expect(textRuns(card)).toEqual(
      expect.arrayContaining(['Alice Example', 'alice@contoso.com', objectId(1)]),
    );
  });

  it('does not blame sync for a cloud-only account', () => {
    const text = visibleText(valid(renderSnapBackCard(snapBack({ synced: false })), TOKEN));
    expect(text).not.toContain('on-premises');
    expect(text).toContain('someone enabled it in Entra ID');
  });

  it('offers a re-disable request carrying only the revoking request token', () => {
    const card = valid(renderSnapBackCard(snapBack()), TOKEN);
    expect(actionsOf(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Open a re-disable request',
        verb: VERBS.redisable,
        data: { token: TOKEN },
      },
    ]);
  });

  it('once a re-disable request is open, says which and by whom, with no button', () => {
    const redisable = { requestId: 'LD-4R8T2W', by: 'Ava Analyst' };
    const card = valid(renderSnapBackCard(snapBack({ redisable })));
    expect(textRuns(card)).toContain(
      'Re-disable request LD-4R8T2W opened by Ava Analyst; a second member of the team must approve it on its card.',
    );
    expect(actionsOf(card)).toEqual([]);
  });
});

/** Every state of every watcher card, `fill(field)` in each field from the directory or people. */
function cardsShowing(fill: (field: string) => string): AdaptiveCard[] {
  const account = {
    displayName: fill('name'),
    userPrincipalName: fill('upn'),
    objectId: fill('id'),
  };
  const redisable = { requestId: 'LD-4R8T2W', by: fill('by') };
  return [
    renderUntouchableAlertCard(untouchable({ ...account, disabledBy: fill('disabledBy') })),
    renderAutomationPausedCard(paused({ resumeRequestedBy: fill('requestedBy') })),
    renderAutomationPausedCard(paused({ ...RESUMED, resumedBy: [fill('first'), fill('second')] })),
    renderSnapBackCard(snapBack(account)),
    renderSnapBackCard(snapBack({ ...account, redisable })),
  ];
}

/** The fields each card of `cardsShowing` shows, in the same order. */
const SHOWN = [
  ['name', 'upn', 'id', 'disabledBy'],
  ['requestedBy'],
  ['first', 'second'],
  ['name', 'upn', 'id'],
  ['name', 'upn', 'id', 'by'],
];

describe('untrusted text on watcher alerts', () => {
  it('lands only in TextRuns, every field of it, never in a TextBlock or a title', () => {
    cardsShowing((field) => `UNTRUSTED-${field}`).forEach((card, i) => {
      assertValidTeamsCard(card);
      expect(stringsOutsideTextRuns(card).join('\n')).not.toContain('UNTRUSTED');
      const shown = new Set(
        textRuns(card)
          .join('\n')
          .match(/UNTRUSTED-\w+/g),
      );
      expect([...shown].sort()).toEqual(SHOWN[i]!.map((field) => `UNTRUSTED-${field}`).sort());
    });
  });

  it.each([
    ['a markdown link', '[Approve](https://evil.example)'],
    ['template syntax', '${token}'],
    ['template syntax naming a verb', '${$root.verbs.resume}'],
  ])('keeps %s literal', (_, typed) => {
    for (const card of cardsShowing(() => typed)) {
      assertValidTeamsCard(card);
      expect(textRuns(card).some((run) => run.includes(typed))).toBe(true);
      for (const text of markdownTexts(card)) expect(text).not.toContain(typed);
    }
  });

  it('removes new lines, zero-width and bidi characters', () => {
    for (const card of cardsShowing(() => 'Eve\n\u202Eli\u200Bam\u2066x\u2069')) {
      assertValidTeamsCard(card);
      expect(textRuns(card).join('\n')).toContain('Eve liamx');
      expect(visibleText(card)).not.toMatch(/[\u200B\u202E\u2066\u2069]|Eve\n/);
    }
  });

  it('keeps every state within the size budget with maximal-length inputs', () => {
    const huge = `${'🔥'.repeat(3_000)} ${'[x](https://evil.example) '.repeat(400)}`;
    const cards = [
      ...cardsShowing(() => huge),
      renderAutomationPausedCard(paused({ ...RESUMED, resumedBy: Array(1_000).fill(huge) })),
    ];
    for (const card of cards) {
      assertValidTeamsCard(card);
      expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      for (const run of textRuns(card)) expect(Array.from(run).length).toBeLessThanOrEqual(700);
    }
  });
});
