import { type KnownState, type RevokedUser } from './watched-user';

/** Accounts never revoked automatically, only reported (threat-model T21). */
export type Untouchable = 'protected' | 'security-team' | 'privileged';

/** The watcher's verdict on a re-read user (a hint is never the truth: SPEC section 5). */
export type WatchVerdict =
  /** Enabled → disabled, not by Lockdown: run the automatic steps and tell the channel. */
  | { readonly action: 'auto-revoke' }
  /** A break-glass, security-team or privileged account was disabled: tell, touch nothing (T21). */
  | { readonly action: 'alert-only'; readonly why: Untouchable }
  /** Lockdown's own disable: nothing to run, but re-enabling the user later is a snap-back. */
  | { readonly action: 'own-disable' }
  /** A user Lockdown revoked is enabled again: report it with a Re-disable card. */
  | { readonly action: 'snap-back' }
  /** Nothing to do: no transition, a first sighting, or already handled. */
  | { readonly action: 'none'; readonly why: string };

export interface TransitionFacts {
  /** The baseline, or undefined when this user was never seen before. */
  readonly known: KnownState | undefined;
  /** The account state just re-read from the directory; undefined when the user is gone. */
  readonly accountEnabled: boolean | undefined;
  /** True when a Lockdown request disabled (or is disabling) this account. */
  readonly disabledByLockdown: boolean;
  /** Present when Lockdown revoked this user before. */
  readonly revoked: RevokedUser | undefined;
  readonly isProtected: boolean;
  /** A member of the requester or approver group (or membership could not be read). */
  readonly isSecurityTeam: boolean;
  /** Holds a privileged role (or roles could not be read). */
  readonly isPrivileged: boolean;
}

/**
 * Acts only on an OBSERVED enabled-to-disabled transition that Lockdown did not make: a user seen
 * for the first time (the baseline, or a new account) is recorded, never acted on, so a first
 * sync with 500 disabled users revokes nothing (threat-model R28). A user enabled again before
 * the hint was processed is left alone (R29).
 */
export function judgeTransition(facts: TransitionFacts): WatchVerdict {
  const { known, accountEnabled } = facts;
  if (accountEnabled === undefined) return { action: 'none', why: 'the user no longer exists' };
  if (known === undefined)
    return { action: 'none', why: 'first sighting: recorded as the baseline' };
  if (known.accountEnabled && !accountEnabled) {
    if (facts.disabledByLockdown) return { action: 'own-disable' };
    if (facts.isProtected) return { action: 'alert-only', why: 'protected' };
    if (facts.isSecurityTeam) return { action: 'alert-only', why: 'security-team' };
    if (facts.isPrivileged) return { action: 'alert-only', why: 'privileged' };
    return { action: 'auto-revoke' };
  }
  if (!known.accountEnabled && accountEnabled) {
    // Reported once per re-enable: the transition is taken once; a repeat (a pending one) re-posts.
    if (facts.revoked) return { action: 'snap-back' };
    return { action: 'none', why: 'enabled again, not a user Lockdown revoked' };
  }
  return { action: 'none', why: accountEnabled ? 'still enabled' : 'still disabled' };
}

/** Whether a verdict leaves work to do: until it is done, the new baseline stays pending. */
export const hasWork = (verdict: WatchVerdict): boolean => verdict.action !== 'none';

/**
 * The state to judge a re-read against. A pending baseline whose user is still in that state is
 * judged again as the transition into it (its work was not finished); a user who has moved on is
 * judged from the pending state, and the unfinished work no longer applies (a user enabled
 * again before the revocation ran is left alone).
 */
export function judgedFrom(
  known: KnownState | undefined,
  accountEnabled: boolean,
): KnownState | undefined {
  if (!known?.pending || known.accountEnabled !== accountEnabled) return known;
  return { ...known, accountEnabled: !known.accountEnabled };
}
