import { type RequestSummaryView } from '../../../../src/teams/cards/card-views';
import {
  MAX_LISTED_REQUESTS,
  renderRequestListCard,
} from '../../../../src/teams/cards/render-request-list-card';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';
import { markdownTexts, ofType, textRuns, visibleText } from './card-inspection';

function summary(n: number, change: Partial<RequestSummaryView> = {}): RequestSummaryView {
  return {
    requestId: `LD-00000${n}`.slice(0, 9),
    statusLabel: 'Waiting for approval',
    targets: 'alice@contoso.com, bob@contoso.com and 2 more',
    requester: 'Ava Analyst',
    createdAt: '2026-11-22 10:15 UTC',
    reason: 'Phishing, see INC-4411',
    ...change,
  };
}

describe('renderRequestListCard', () => {
  it('lists each request compactly under the title', () => {
    const card = renderRequestListCard({
      title: 'Pending requests',
      requests: [summary(1), summary(2, { statusLabel: 'Running' })],
      emptyText: 'Nothing is waiting for approval.',
    });
    assertValidTeamsCard(card);
    const text = visibleText(card);
    expect(text).toContain('Pending requests');
    expect(text).toContain('LD-000001 · Waiting for approval');
    expect(text).toContain('LD-000002 · Running');
    expect(text).toContain('alice@contoso.com, bob@contoso.com and 2 more');
    expect(text).toContain('Ava Analyst · 2026-11-22 10:15 UTC · Phishing, see INC-4411');
    expect(text).not.toContain('Nothing is waiting');
    expect(ofType(card, 'Container')).toHaveLength(2);
  });

  it('shows the empty text when there are none', () => {
    const card = renderRequestListCard({
      title: 'Recent requests',
      requests: [],
      emptyText: 'No requests yet.',
    });
    assertValidTeamsCard(card);
    expect(visibleText(card)).toContain('No requests yet.');
    expect(ofType(card, 'Container')).toHaveLength(0);
  });

  it('lists at most 25 requests and counts the rest, within Teams size limits', () => {
    const requests = Array.from({ length: 50 }, (_, i) =>
      summary(i, { reason: 'x'.repeat(2_000) }),
    );
    const card = renderRequestListCard({ title: 'Pending requests', requests, emptyText: '' });
    assertValidTeamsCard(card);
    expect(ofType(card, 'Container')).toHaveLength(MAX_LISTED_REQUESTS);
    expect(visibleText(card)).toContain('… and 25 more');
  });

  it('shows the requester and reason literally, in TextRuns only', () => {
    const requester = '**[Boss](https://evil)**';
    const reason = '[click](https://evil.example) - item';
    const card = renderRequestListCard({
      title: 'Recent requests',
      requests: [summary(1, { requester, reason })],
      emptyText: '',
    });
    assertValidTeamsCard(card);
    expect(textRuns(card)).toContain(`${requester} · 2026-11-22 10:15 UTC · ${reason}`);
    expect(markdownTexts(card).join('\n')).not.toMatch(/Boss|evil|click/);
  });

  it('shows the targets line, UPNs, exactly as they are in a TextRun', () => {
    const targets = '_adele_@contoso.com, a~~b~~c@contoso.com';
    const card = renderRequestListCard({
      title: 'Recent requests',
      requests: [summary(1, { targets })],
      emptyText: '',
    });
    assertValidTeamsCard(card);
    expect(textRuns(card)).toContain(targets);
  });
});
