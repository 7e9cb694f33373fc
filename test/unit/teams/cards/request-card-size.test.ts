import { CARD_BUDGET_BYTES } from '../../../../src/teams/cards/card-size';
import {
  type RequestCardView,
  type TargetProgressView,
  type TargetView,
} from '../../../../src/teams/cards/card-views';
import { renderRequestCard } from '../../../../src/teams/cards/render-request-card';
import { assertValidTeamsCard, TEAMS_CARD_LIMIT_BYTES } from '../../../support/assert-valid-card';
import { byteSize, type Json, ofType, textRuns, visibleText } from './card-inspection';
import {
  GUEST_WARNING,
  requestView,
  STEP_TITLES,
  SYNCED_WARNING,
  syncedGuestAdmin,
  target,
  TOKEN,
  viewInStatus,
} from './card-view-fixtures';

/** Teams user ids (MRIs) are about 90 characters long. */
const APPROVERS = Array.from({ length: 60 }, (_, i) => `29:1${'Xy7_Qw-'.repeat(12)}${i}`);
const NOT_WINDOWS =
  'Graph lets an application disable only Windows devices; disable this one in Intune or the Entra admin center.';

/** A 50-target request as large as real directories make it: long names, devices, failures. */
function largeRequest(
  status: RequestCardView['status'],
  shape = { name: 35, upn: 40 },
): RequestCardView {
  const targets: TargetView[] = Array.from({ length: 50 }, (_, i) => ({
    ...(i % 3 === 0 ? syncedGuestAdmin(i) : target(i)),
    displayName:
      shape.name > 200 ? '🔥'.repeat(shape.name) : `Person ${i} `.padEnd(shape.name, 'x'),
    userPrincipalName: `p${i}.`.padEnd(shape.upn - 12, 'y') + '@contoso.com',
    deviceCount: 3,
  }));
  const base = viewInStatus(status, targets);
  const running = base.progress.length > 0;
  return {
    ...base,
    reason: 'r'.repeat(2_000),
    approverUserIds: status === 'opened' ? APPROVERS : [],
    progress: running ? targets.map((t, i) => failingProgress(t, i)) : [],
  };
}

/** Every target fails twice with its own Graph request-id; every third has a synced note. */
function failingProgress(t: TargetView, i: number): TargetProgressView {
  const failure = `Microsoft Graph rejected the request to revoke sessions (Authorization_RequestDenied) (Graph request-id ${i}-0f1e2d3c-aaaa-bbbb-cccc-ddddeeeeffff).`;
  return {
    displayName: t.displayName,
    userPrincipalName: t.userPrincipalName,
    steps: STEP_TITLES.map((title) => ({
      title,
      state: title === 'Revoke sessions' || title === 'Verify' ? 'failed' : 'done',
      message:
        title === 'Revoke sessions' || title === 'Verify'
          ? failure
          : i % 3 === 0 && title === 'Disable account'
            ? SYNCED_WARNING
            : '',
      devices:
        title === 'Disable devices'
          ? [0, 1, 2].map((d) => ({
              displayName: `DEVICE-${i}-${d}`,
              state: d === 2 ? ('skipped' as const) : ('done' as const),
              message: d === 2 ? NOT_WINDOWS : '',
            }))
          : [],
    })),
  };
}

function render(view: RequestCardView): Json {
  const card = renderRequestCard(view, 'approver') as Json;
  assertValidTeamsCard(card, { token: view.token });
  return card;
}

function expectEveryTargetIdentified(card: Json, view: RequestCardView): void {
  const text = visibleText(card);
  for (const t of view.targets) {
    expect(text).toContain(t.userPrincipalName);
    expect(text).toContain(t.objectId);
  }
}

describe('the request card for many targets', () => {
  it('uses FactSets and a row per step for up to five targets', () => {
    const card = render(
      viewInStatus(
        'running',
        [1, 2, 3, 4, 5].map((n) => target(n)),
      ),
    );
    expect(ofType(card, 'ColumnSet')).toHaveLength(25);
    expect(ofType(card, 'FactSet')).toHaveLength(5);
  });

  it('lists six or more targets compactly, each distinct warning once with a count', () => {
    const targets = [
      syncedGuestAdmin(1),
      syncedGuestAdmin(2),
      ...[3, 4, 5, 6].map((n) => target(n)),
    ];
    const card = render(requestView({ targets }));
    assertValidTeamsCard(card, { token: TOKEN });
    const text = visibleText(card);
    expect(text).toContain(`⚠ 1: ${SYNCED_WARNING} (2 targets)`);
    expect(text).toContain(`⚠ 2: ${GUEST_WARNING} (2 targets)`);
    expect(text).toContain(
      '00000001-1111-4222-8333-000000000001 · Enabled · Synced from on-premises AD · Guest · 2 devices · Global Administrator (eligible) · ⚠ 1, 2, 3',
    );
    expectEveryTargetIdentified(card, requestView({ targets }));
  });

  it.each<RequestCardView['status']>(['opened', 'running', 'completed', 'completed-with-failures'])(
    'keeps a 50-target request that is %s within the size budget, every target identified',
    (status) => {
      const view = largeRequest(status);
      const card = render(view);
      assertValidTeamsCard(card, { token: TOKEN });
      expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expectEveryTargetIdentified(card, view);
    },
  );

  it.each<RequestCardView['status']>(['opened', 'completed-with-failures'])(
    'keeps every display name of a realistic 50-target request that is %s, in TextRuns',
    (status) => {
      const view = largeRequest(status);
      const runs = textRuns(render(view));
      for (const t of view.targets) expect(runs).toContain(t.displayName);
    },
  );

  it('counts the footnotes it has no room for instead of dropping them silently', () => {
    const text = visibleText(render(largeRequest('completed-with-failures')));
    expect(text).toMatch(/\d+ more distinct messages are not shown, to fit Teams' card size limit/);
    expect(text).toContain(NOT_WINDOWS);
  });

  it.each<RequestCardView['status']>(['opened', 'completed-with-failures'])(
    'still fits Teams with absurdly long names and UPNs (%s)',
    (status) => {
      const view = largeRequest(status, { name: 256, upn: 113 });
      const card = render(view);
      assertValidTeamsCard(card, { token: TOKEN });
      expect(byteSize(card)).toBeLessThanOrEqual(TEAMS_CARD_LIMIT_BYTES);
      expectEveryTargetIdentified(card, view);
    },
  );

  it('as a last resort leaves out names and details, and says so', () => {
    const roles = [
      'Global Administrator',
      'Privileged Role Administrator',
      'Security Administrator',
    ];
    const large = largeRequest('completed-with-failures', { name: 256, upn: 113 });
    const view = {
      ...large,
      targets: large.targets.map((t, i) => ({
        ...t,
        privilegedRoles: roles,
        warnings: [`Privileged account ${i}: ${roles.join(', ')} `.repeat(5)],
      })),
    };
    const card = render(view);
    assertValidTeamsCard(card, { token: TOKEN });
    expectEveryTargetIdentified(card, view);
    const text = visibleText(card);
    expect(text).toContain("Shortened to fit Teams' message size limit");
    expect(text).toMatch(/⚠ \d+ more distinct warnings are not shown/);
  });
});
