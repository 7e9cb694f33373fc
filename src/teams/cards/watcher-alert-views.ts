/**
 * View models for the watcher's alerts in the security channel (SPEC section 5): plain data,
 * already worded for people; times are pre-formatted (e.g. "2026-11-22 10:15 UTC"). Names, UPNs
 * and "disabled by" come from the directory, so the renderers treat them as untrusted text.
 */

export type UntouchableReason = 'protected' | 'security-team' | 'privileged';

/**
 * A break-glass, security-team or privileged account was disabled outside Lockdown. Lockdown touched nothing
 * (threat-model T21: an attacker may want it to finish the job); the team must check.
 */
export interface UntouchableAlertView {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly objectId: string;
  /**
   * 'protected': a configured break-glass account; 'security-team': in the requester or approver
   * group; 'privileged': holds a privileged role.
   */
  readonly why: UntouchableReason;
  /** Who or what disabled it, from the directory's audit log; null when not known. */
  readonly disabledBy: string | null;
  readonly at: string;
}

/**
 * The circuit breaker paused automatic revocation after more than `limit` in an hour; further
 * transitions are held for review. Paused while `resumeRequestedBy` is null, then awaiting a
 * second person, then resumed once `resumedBy` is set.
 */
export interface AutomationPausedView {
  /** The breaker's review token: the only thing the Resume button carries. */
  readonly token: string;
  readonly limit: number;
  readonly at: string;
  /** The first of the two people needed to resume; null until someone asks. */
  readonly resumeRequestedBy: string | null;
  /** The two people who resumed it; null while paused. */
  readonly resumedBy: readonly string[] | null;
  /** How many held accounts were released for another look once resumed. */
  readonly released: number | null;
}

/** An account Lockdown revoked (request `requestId`) is enabled again. */
export interface SnapBackView {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly objectId: string;
  readonly requestId: string;
  /** This snap-back's own token: the only thing the re-disable button carries. */
  readonly token: string;
  /** Synced from on-premises AD: the next sync re-enables it unless it is disabled there too. */
  readonly synced: boolean;
  readonly at: string;
  /** The re-disable request opened from this card; null until someone opens one. */
  readonly redisable: { readonly requestId: string; readonly by: string } | null;
}
