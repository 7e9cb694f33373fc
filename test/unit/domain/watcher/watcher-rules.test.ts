import { toRequestId } from '../../../../src/domain/revocation/request-id';
import { toObjectId } from '../../../../src/domain/user-ref';
import {
  CLOSED_BREAKER,
  windowStart,
  wouldExceed,
} from '../../../../src/domain/watcher/circuit-breaker';
import {
  judgedFrom,
  judgeTransition,
  type TransitionFacts,
} from '../../../../src/domain/watcher/transition-policy';
import { newlyRevoked } from '../../../../src/domain/watcher/watched-user';

const USER = toObjectId('00000000-0000-4000-8000-000000000010');
const known = (accountEnabled: boolean) => ({
  userId: USER,
  accountEnabled,
  observedAt: 'then',
  pending: false,
});
const revoked = newlyRevoked(
  { id: USER, userPrincipalName: 'tom@contoso.com' },
  toRequestId('LD-0000AA'),
  'then',
);

const facts = (change: Partial<TransitionFacts>): TransitionFacts => ({
  known: known(true),
  accountEnabled: false,
  disabledByLockdown: false,
  revoked: undefined,
  isProtected: false,
  isSecurityTeam: false,
  isPrivileged: false,
  ...change,
});

describe('judgeTransition (SPEC section 5; threat-model R28, R29, T21)', () => {
  it.each<[string, Partial<TransitionFacts>, string]>([
    ['enabled → disabled elsewhere', {}, 'auto-revoke'],
    ["enabled → disabled by Lockdown's own request", { disabledByLockdown: true }, 'own-disable'],
    ['a break-glass account disabled elsewhere', { isProtected: true }, 'alert-only'],
    ['a privileged account disabled elsewhere', { isPrivileged: true }, 'alert-only'],
    ['a security-team account disabled elsewhere', { isSecurityTeam: true }, 'alert-only'],
    ['first sighting of a disabled user (the baseline)', { known: undefined }, 'none'],
    ['the user no longer exists', { accountEnabled: undefined }, 'none'],
    ['still disabled', { known: known(false) }, 'none'],
    ['still enabled', { accountEnabled: true }, 'none'],
    [
      're-enabled, never revoked by Lockdown',
      { known: known(false), accountEnabled: true },
      'none',
    ],
    [
      're-enabled after Lockdown revoked it',
      { known: known(false), accountEnabled: true, revoked },
      'snap-back',
    ],
    [
      're-enabled, the snap-back marked but its card not posted yet (a pending transition)',
      {
        known: known(false),
        accountEnabled: true,
        revoked: { ...revoked, snapBackReportedAt: 'earlier' },
      },
      'snap-back',
    ],
  ])('%s → %s', (_case, change, action) => {
    expect(judgeTransition(facts(change)).action).toBe(action);
  });

  it("prefers Lockdown's own disable over the protected and privileged rules", () => {
    expect(
      judgeTransition(facts({ disabledByLockdown: true, isProtected: true, isPrivileged: true })),
    ).toEqual({ action: 'own-disable' });
  });
});

describe('the circuit breaker limit', () => {
  it.each([
    [0, 20, false],
    [19, 20, false],
    [20, 20, true],
    [25, 20, true],
    [0, 0, true],
  ])('%i revocations in the hour with a limit of %i: the next exceeds it? %s', (n, max, over) => {
    expect(wouldExceed(n, max)).toBe(over);
  });
});

describe('the window the circuit breaker counts', () => {
  const now = new Date('2026-11-22T12:00:00.000Z');
  it('is the last hour', () => {
    expect(windowStart(now, CLOSED_BREAKER)).toEqual(new Date('2026-11-22T11:00:00.000Z'));
  });
  it('starts at a resume within the hour: what came before was reviewed', () => {
    const resumedAt = '2026-11-22T11:40:00.000Z';
    expect(windowStart(now, { ...CLOSED_BREAKER, resumedAt })).toEqual(new Date(resumedAt));
  });
  it('ignores a resume older than the hour', () => {
    const resumedAt = '2026-11-22T09:00:00.000Z';
    expect(windowStart(now, { ...CLOSED_BREAKER, resumedAt })).toEqual(
      new Date('2026-11-22T11:00:00.000Z'),
    );
  });
});

describe('judgedFrom: which state a re-read user is judged against', () => {
  const state = (accountEnabled: boolean, pending: boolean) => ({
    userId: USER,
    accountEnabled,
    observedAt: 'then',
    pending,
  });
  it('is the baseline when its work is done', () => {
    expect(judgedFrom(state(false, false), false)).toEqual(state(false, false));
  });
  it('is the state before a pending transition when the user is still in it (do the work again)', () => {
    expect(judgedFrom(state(false, true), false)).toEqual(state(true, true));
  });
  it('is the pending state itself when the user has moved on (the unfinished work is dropped)', () => {
    expect(judgedFrom(state(false, true), true)).toEqual(state(false, true));
  });
  it('is nothing for a user never seen', () => {
    expect(judgedFrom(undefined, true)).toBeUndefined();
  });
});
