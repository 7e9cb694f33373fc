import { type AdaptiveCard } from '../../../../src/teams/cards/adaptive-card';
import { expandTemplate } from '../../../../src/teams/cards/card-template';
import {
  type RequestCardView,
  type RequestSummaryView,
} from '../../../../src/teams/cards/card-views';
import { renderHelpCard } from '../../../../src/teams/cards/render-help-card';
import { renderRefusalCard } from '../../../../src/teams/cards/render-refusal-card';
import { renderRequestCard } from '../../../../src/teams/cards/render-request-card';
import { renderRequestFormCard } from '../../../../src/teams/cards/render-request-form-card';
import { renderRequestListCard } from '../../../../src/teams/cards/render-request-list-card';
import { requestCardData } from '../../../../src/teams/cards/request-card-data';
import { REQUEST_CARD_LAYOUTS } from '../../../../src/teams/cards/request-card-layout';
import template from '../../../../src/teams/cards/request.card.json';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';
import {
  type Json,
  markdownTexts,
  ofType,
  strings,
  stringsOutsideTextRuns,
  textRuns,
} from './card-inspection';
import { requestView, step, target, viewInStatus } from './card-view-fixtures';

/**
 * Text from people, the directory or Graph goes only into TextRuns, which Teams never reads as
 * markdown; TextBlocks, FactSets and choice titles hold only Lockdown's own words and validated
 * identifiers. So nothing needs invisible characters or look-alikes, and what people copy from a
 * card is what they typed.
 */

const marker = (field: string): string => `UNTRUSTED-${field}`;
const MARKER = /UNTRUSTED-[A-Za-z]+/g;

/** Zero-width characters and the look-alikes the old markdown defence put into text. */
const INSERTED = /[\u200B\u2060\uFEFF\u2217\u02CD\u223C\u02CB]/;

/** A finished request where every field from people, the directory or Graph has a marker. */
function markedRequest(targets: number): RequestCardView {
  const marked = Array.from({ length: targets }, (_, i) =>
    target(i + 1, {
      displayName: marker('displayName'),
      privilegedRoles: [marker('role')],
      warnings: [marker('warning')],
    }),
  );
  return requestView({
    status: 'completed-with-failures',
    statusLabel: 'Completed with failures',
    requester: marker('requester'),
    reason: marker('reason'),
    decisionLine: marker('decisionLine'),
    targets: marked,
    progress: marked.map((t) => ({
      displayName: marker('progressName'),
      userPrincipalName: t.userPrincipalName,
      steps: [
        step('Revoke sessions', 'failed', { message: marker('stepMessage') }),
        step('Disable devices', 'failed', {
          devices: [
            {
              displayName: marker('deviceName'),
              state: 'failed',
              message: marker('deviceMessage'),
            },
          ],
        }),
      ],
    })),
    notes: [marker('note')],
    canRetry: true,
  });
}

/** Markers every layout shows; the detailed one adds names per step and device names. */
const REQUEST_MARKERS = ['requester', 'reason', 'decisionLine', 'warning', 'note'];
const MESSAGES = ['stepMessage', 'deviceMessage'];
const EXPECTED_BY_LAYOUT: Readonly<Record<string, readonly string[]>> = {
  detailed: [...REQUEST_MARKERS, ...MESSAGES, 'displayName', 'role', 'progressName', 'deviceName'],
  compact: [...REQUEST_MARKERS, ...MESSAGES, 'displayName', 'role'],
  dense: [...REQUEST_MARKERS, ...MESSAGES, 'displayName', 'role'],
  minimal: [...REQUEST_MARKERS, ...MESSAGES],
};

/** One entry of the request list, with a given reason and requester. */
function summary(reason: string, requester = 'Ava Analyst'): RequestSummaryView {
  return {
    requestId: 'LD-7K3M9Q',
    statusLabel: 'Running',
    targets: 'alice@contoso.com, bob@contoso.com',
    requester,
    createdAt: '2026-11-22 10:15 UTC',
    reason,
  };
}

/** The request card in one given layout, as renderRequestCard builds it. */
function renderInLayout(view: RequestCardView, index: number): Json {
  const card = expandTemplate(
    template,
    requestCardData(view, 'approver', REQUEST_CARD_LAYOUTS[index]!),
  );
  assertValidTeamsCard(card, { token: view.token });
  return card as Json;
}

function expectMarkersOnlyInTextRuns(card: unknown, expected: readonly string[]): void {
  expect(stringsOutsideTextRuns(card).join('\n').match(MARKER) ?? []).toEqual([]);
  const shown = new Set(textRuns(card).join('\n').match(MARKER) ?? []);
  expect([...shown].sort()).toEqual(expected.map(marker).sort());
}

describe('untrusted text on cards', () => {
  describe('lands only in TextRuns, never in a TextBlock, a FactSet or a title', () => {
    it.each(REQUEST_CARD_LAYOUTS.map((layout, index) => [index, layout.targets] as const))(
      'on the request card in layout %i (%s)',
      (index, targets) => {
        const card = renderInLayout(markedRequest(2), index);
        expectMarkersOnlyInTextRuns(card, EXPECTED_BY_LAYOUT[targets]!);
      },
    );

    it.each([3, 50])('on the request card as rendered for %i targets', (count) => {
      const card = renderRequestCard(markedRequest(count), 'approver');
      assertValidTeamsCard(card, { token: markedRequest(count).token });
      const targets = count <= 5 ? 'detailed' : 'compact';
      expectMarkersOnlyInTextRuns(card, EXPECTED_BY_LAYOUT[targets]!);
    });

    it('on the refusal card', () => {
      const card = renderRefusalCard({ title: 'Not understood', message: marker('message') });
      assertValidTeamsCard(card);
      expectMarkersOnlyInTextRuns(card, ['message']);
    });

    it('on the request list', () => {
      const card = renderRequestListCard({
        title: 'Recent requests',
        requests: [summary(marker('reason'), marker('requester'))],
        emptyText: 'No requests yet.',
      });
      assertValidTeamsCard(card);
      expectMarkersOnlyInTextRuns(card, ['requester', 'reason']);
    });

    it('on the request form, where what was typed goes back into the inputs only', () => {
      const card = renderRequestFormCard({
        steps: [{ id: 'revoke-sessions', title: 'Revoke sessions', selected: true }],
        maxTargets: 50,
        users: marker('users'),
        reason: marker('reason'),
        problem: marker('problem'),
      });
      assertValidTeamsCard(card);
      expectMarkersOnlyInTextRuns(card, ['problem']);
      const values = ofType(card, 'Input.Text').map((input) => input['value']);
      expect(values).toEqual([marker('users'), marker('reason')]);
    });

    it('on the help card', () => {
      const card = renderHelpCard({
        intro: marker('intro'),
        commands: [{ usage: 'help', description: 'This help.', example: 'help' }],
        warnings: [marker('warning')],
      });
      assertValidTeamsCard(card);
      expectMarkersOnlyInTextRuns(card, ['intro', 'warning']);
    });
  });

  describe.each([
    ['a link', '[click](https://evil.example)'],
    ['bold', '**bold**'],
    ['a list item', '- item'],
  ])('typed markdown (%s)', (_, typed) => {
    const expectVerbatimInTextRunOnly = (card: unknown): void => {
      expect(textRuns(card).some((run) => run.includes(typed))).toBe(true);
      for (const text of markdownTexts(card)) expect(text).not.toContain(typed);
    };

    it.each(REQUEST_CARD_LAYOUTS.map((layout, index) => [index, layout.targets] as const))(
      'appears verbatim as a reason on the request card in layout %i (%s)',
      (index) => {
        const card = renderInLayout({ ...viewInStatus('running'), reason: typed }, index);
        expect(textRuns(card)).toContain(typed);
        expectVerbatimInTextRunOnly(card);
      },
    );

    it('appears verbatim on every other card that shows it', () => {
      const cards = [
        renderRefusalCard({ title: 'Not understood', message: `"${typed}" is not a user.` }),
        renderHelpCard({ intro: `I did not understand "${typed}".`, commands: [], warnings: [] }),
        renderRequestFormCard({ steps: [], maxTargets: 50, reason: typed, problem: typed }),
        renderRequestListCard({
          title: 'Recent requests',
          requests: [summary(typed)],
          emptyText: '',
        }),
      ];
      for (const card of cards) {
        assertValidTeamsCard(card);
        expectVerbatimInTextRunOnly(card);
      }
    });
  });

  describe('adds no invisible or look-alike characters', () => {
    const upnRefusal =
      '"adele.vance@contoso" is not a user principal name; UPNs look like adele.vance@contoso.com.';

    it('shows a refusal quoting a UPN and a domain byte for byte', () => {
      const card = renderRefusalCard({ title: 'Not understood', message: upnRefusal });
      expect(textRuns(card)).toEqual([upnRefusal]);
    });

    it('anywhere in any rendered card', () => {
      const tricky = 'ops@contoso.com see evil.example.com, a_b _x_ *y* ~z~ `c` [a](https://b)';
      const t = target(1, { displayName: tricky, privilegedRoles: [tricky], warnings: [tricky] });
      const cards: AdaptiveCard[] = [
        renderRefusalCard({ title: 'Not understood', message: upnRefusal, requestId: 'LD-7K3M9Q' }),
        renderRequestCard(
          { ...viewInStatus('completed-with-failures', [t]), reason: tricky, requester: tricky },
          'approver',
        ),
        ...REQUEST_CARD_LAYOUTS.map(
          (_, i) => renderInLayout({ ...markedRequest(2), reason: tricky }, i) as AdaptiveCard,
        ),
        renderRequestListCard({
          title: 'Recent requests',
          requests: [summary(tricky)],
          emptyText: '',
        }),
        renderRequestFormCard({ steps: [], maxTargets: 50, problem: tricky }),
        renderHelpCard({ intro: tricky, commands: [], warnings: [tricky] }),
      ];
      for (const card of cards) {
        assertValidTeamsCard(card);
        for (const text of strings(card)) expect(text).not.toMatch(INSERTED);
      }
    });
  });
});
