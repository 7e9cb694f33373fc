import { type CardAudience, type RequestCardView } from '../../../../src/teams/cards/card-views';
import { renderRequestCard } from '../../../../src/teams/cards/render-request-card';
import template from '../../../../src/teams/cards/request.card.json';
import { VERBS } from '../../../../src/teams/cards/verbs';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';
import {
  GUEST_WARNING,
  progressOf,
  requestView,
  step,
  SYNCED_WARNING,
  syncedGuestAdmin,
  target,
  TOKEN,
  viewInStatus,
} from './card-view-fixtures';
import {
  buttonTitles,
  executeActions,
  type Json,
  markdownTexts,
  ofType,
  textRuns,
  visibleText,
} from './card-inspection';

const AUDIENCES: readonly CardAudience[] = ['channel', 'approver', 'requester'];
const STATUSES: ReadonlyArray<RequestCardView['status']> = [
  'opened',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'running',
  'completed',
  'completed-with-failures',
];

/** The buttons each audience gets in each status (SPEC section 3, threat model T7, T8, T14). */
function expectedButtons(status: RequestCardView['status'], audience: CardAudience): string[] {
  if (status === 'opened') {
    return {
      channel: ['Show my options'],
      approver: ['Approve', 'Reject'],
      requester: ['Cancel request'],
    }[audience];
  }
  return status === 'completed-with-failures' ? ['Retry failed steps'] : [];
}

/** Every card a test renders is validated with the reference implementation and Teams' rules. */
function render(view: RequestCardView, audience: CardAudience): Json {
  const card = renderRequestCard(view, audience) as Json;
  assertValidTeamsCard(card, { token: view.token });
  return card;
}

describe('renderRequestCard', () => {
  describe.each(STATUSES)('a request that is %s', (status) => {
    it.each(AUDIENCES)('renders a valid card for the %s, with its buttons only', (audience) => {
      const card = render(viewInStatus(status), audience);
      assertValidTeamsCard(card, { token: TOKEN });
      expect(buttonTitles(card)).toEqual(expectedButtons(status, audience));
      const refreshed = status === 'opened' && audience !== 'requester';
      expect(card['refresh'] !== undefined).toBe(refreshed);
    });
  });

  it('gives approvers Approve (positive) and Reject (destructive) with only the token', () => {
    const actions = render(requestView(), 'approver')['actions'] as Json[];
    expect(actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Approve',
        style: 'positive',
        verb: VERBS.approve,
        data: { token: TOKEN },
      },
      {
        type: 'Action.Execute',
        title: 'Reject',
        style: 'destructive',
        verb: VERBS.reject,
        data: { token: TOKEN },
      },
    ]);
  });

  it.each<CardAudience>(['channel', 'approver'])(
    'refreshes the %s card for the eligible approvers while open',
    (audience) => {
      const card = render(requestView(), audience);
      expect(card['refresh']).toEqual({
        action: {
          type: 'Action.Execute',
          title: 'Refresh',
          verb: VERBS.refresh,
          data: { token: TOKEN },
        },
        userIds: ['29:approver-1', '29:approver-2'],
      });
    },
  );

  it('lets the channel ask for its own view with the refresh verb', () => {
    const [options] = render(requestView(), 'channel')['actions'] as Json[];
    expect(options).toEqual({
      type: 'Action.Execute',
      title: 'Show my options',
      verb: VERBS.refresh,
      data: { token: TOKEN },
    });
  });

  it('truncates the refresh to 60 Teams users', () => {
    const ids = Array.from({ length: 75 }, (_, i) => `29:1${'a'.repeat(60)}${i}`);
    const refresh = render(requestView({ approverUserIds: ids }), 'channel')['refresh'] as Json;
    expect(refresh['userIds']).toEqual(ids.slice(0, 60));
  });

  it('offers no decision for an automatic revocation, whatever its status says', () => {
    const view = requestView({
      kind: 'automatic',
      decisionLine: 'Automatic: no approval was needed.',
    });
    for (const audience of AUDIENCES) {
      const card = render(view, audience);
      expect(buttonTitles(card)).toEqual([]);
      expect(card['refresh']).toBeUndefined();
    }
  });

  it('offers a retry only when the finished request can retry', () => {
    const view = viewInStatus('completed-with-failures');
    expect(buttonTitles(render({ ...view, canRetry: false }, 'channel'))).toEqual([]);
    expect(buttonTitles(render({ ...viewInStatus('running'), canRetry: true }, 'channel'))).toEqual(
      [],
    );
  });

  it('never puts an identity into any action, in any audience or status', () => {
    const identities = [
      '00000001-1111',
      'target.person1',
      '29:approver',
      'Ava',
      'Noah',
      'LD-7K3M9Q',
    ];
    for (const status of STATUSES) {
      for (const audience of AUDIENCES) {
        for (const action of executeActions(render(viewInStatus(status), audience))) {
          expect(action['data']).toEqual({ token: TOKEN });
          const data = JSON.stringify(action['data']);
          for (const identity of identities) expect(data).not.toContain(identity);
        }
      }
    }
  });

  it('shows the status at a glance in a coloured header', () => {
    const header = (status: RequestCardView['status']): Json =>
      (render(viewInStatus(status), 'channel')['body'] as Json[])[0]!;
    expect(header('opened')['style']).toBe('warning');
    expect(JSON.stringify(header('opened'))).toContain('⏳ Waiting for approval — LD-7K3M9Q');
    expect(header('running')['style']).toBe('accent');
    expect(header('completed')['style']).toBe('good');
    expect(header('completed-with-failures')['style']).toBe('attention');
    expect(header('rejected')['style']).toBe('emphasis');
  });

  it('shows every target fact, the request and its warnings (SPEC section 3)', () => {
    const view = requestView({ targets: [target(1), syncedGuestAdmin(2)] });
    const text = visibleText(render(view, 'approver'));
    for (const expected of [
      'Target Person 1',
      'target.person1@contoso.com',
      '00000001-1111-4222-8333-000000000001',
      'Enabled',
      'Cloud-only',
      'Synced from on-premises AD',
      'Member',
      'Guest',
      '2 devices',
      'Global Administrator (eligible)',
      `⚠ ${SYNCED_WARNING}`,
      `⚠ ${GUEST_WARNING}`,
      'Phishing: credentials entered on a fake sign-in page',
      'Ava Analyst',
      'Snapshot → Disable account → Revoke sessions → Disable devices → Verify',
      '2026-11-22 10:45 UTC',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('shows the decision line once decided, and the expiry only while open', () => {
    const open = visibleText(render(requestView(), 'channel'));
    const decided = visibleText(render(viewInStatus('rejected'), 'channel'));
    expect(open).toContain('Expires');
    expect(decided).not.toContain('Expires');
    expect(decided).toContain('Rejected by Noah Kim at 2026-11-22 10:17 UTC.');
  });

  it('shows live progress per target and step, with why, per device, and the closing notes', () => {
    const t = target(1);
    const progress = {
      ...progressOf(t, 'done'),
      steps: [
        step('Snapshot', 'done'),
        step('Disable account', 'skipped', { message: 'The account was already disabled.' }),
        step('Revoke sessions', 'failed', { message: 'Graph refused (Graph request-id 42ab).' }),
        step('Disable devices', 'running', {
          devices: [
            { displayName: 'LAPTOP-1', state: 'done', message: '' },
            { displayName: 'iPhone', state: 'failed', message: 'Only Windows devices.' },
          ],
        }),
        step('Verify', 'pending'),
      ],
    };
    const view = requestView({
      status: 'running',
      statusLabel: 'Running',
      progress: [progress],
      notes: ['Access tokens stay valid for about an hour.'],
    });
    const card = render(view, 'channel');
    assertValidTeamsCard(card, { token: TOKEN });
    const text = visibleText(card);
    for (const expected of [
      'Done',
      'Skipped',
      'Failed',
      'Running',
      'Pending',
      'The account was already disabled.',
      'Graph refused (Graph request-id 42ab).',
      '✅ LAPTOP-1: done',
      '❌ iPhone: failed, Only Windows devices.',
      'ℹ Access tokens stay valid for about an hour.',
    ]) {
      expect(text).toContain(expected);
    }
    const words = ofType(card, 'TextBlock').filter((b) => b['text'] === 'Failed');
    expect(words[0]?.['color']).toBe('Attention');
  });

  it('summarises devices beyond ten in the detailed layout', () => {
    const devices = Array.from({ length: 14 }, (_, i) => ({
      displayName: `PC-${i}`,
      state: i < 12 ? ('done' as const) : ('failed' as const),
      message: '',
    }));
    const progress = {
      ...progressOf(target(1), 'done'),
      steps: [step('Disable devices', 'failed', { devices })],
    };
    const text = visibleText(
      render(requestView({ status: 'running', progress: [progress] }), 'channel'),
    );
    expect(text).toContain('PC-9');
    expect(text).not.toContain('PC-10');
    expect(text).toContain('… and 4 more devices (2 done, 0 skipped, 2 failed)');
  });

  it('shows markdown and links in the reason, names and messages literally, in TextRuns only', () => {
    const evil = '**[Approve here](https://evil.example/x)**';
    const t = target(1, { displayName: evil, privilegedRoles: [evil], warnings: [evil] });
    const view = requestView({
      status: 'running',
      reason: `[click](https://evil) ${evil}`,
      requester: evil,
      targets: [t],
      decisionLine: `Approved by ${evil} at 10:17 UTC.`,
      progress: [progressOf(t, 'failed', evil)],
      notes: [evil],
    });
    for (const audience of AUDIENCES) {
      const card = render(view, audience);
      const runs = textRuns(card);
      expect(runs).toContain(`[click](https://evil) ${evil}`);
      expect(runs).toContain(evil);
      expect(runs).toContain(`Approved by ${evil} at 10:17 UTC.`);
      expect(runs).toContain(`⚠ ${evil}`);
      expect(runs).toContain(`ℹ ${evil}`);
      expect(markdownTexts(card).join('\n')).not.toMatch(/evil|click|Approve here/);
    }
  });

  it('keeps the look: bold labels and decision, coloured warnings, subtle step messages', () => {
    const t = target(1, { warnings: [GUEST_WARNING] });
    const progress = {
      ...progressOf(t, 'done'),
      steps: [step('Disable account', 'skipped', { message: 'Already disabled.' })],
    };
    const card = render(
      requestView({ targets: [t], decisionLine: 'Approved by Noah Kim.', progress: [progress] }),
      'channel',
    );
    const run = (text: string): Json | undefined =>
      ofType(card, 'TextRun').find((r) => r['text'] === text);
    expect(run('Requested by: ')).toMatchObject({ weight: 'Bolder' });
    expect(run('Ava Analyst')).toEqual({ type: 'TextRun', text: 'Ava Analyst' });
    expect(run('Approved by Noah Kim.')).toMatchObject({ weight: 'Bolder' });
    expect(run(`⚠ ${GUEST_WARNING}`)).toMatchObject({ color: 'Warning' });
    expect(run('Target Person 1')).toMatchObject({ weight: 'Bolder' });
    expect(run('Already disabled.')).toMatchObject({ isSubtle: true, size: 'Small' });
  });

  it('leaves the template untouched', () => {
    const before = JSON.stringify(template);
    render(viewInStatus('completed-with-failures', [target(1), syncedGuestAdmin(2)]), 'approver');
    render(
      viewInStatus(
        'running',
        Array.from({ length: 20 }, (_, i) => target(i)),
      ),
      'channel',
    );
    expect(JSON.stringify(template)).toBe(before);
  });
});
