import { type Untouchable } from '../domain/watcher/transition-policy';

/**
 * What the watcher tells the security channel besides request cards (SPEC section 5). Each alert
 * is a new thread. A delivery failure (after the connector's own retries) is audited and thrown,
 * so the watcher tries again later: an alert must not be lost.
 */
export interface UntouchableDisabled {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  /**
   * Break-glass, security-team and privileged accounts are never revoked automatically (T21): an
   * attacker may disable them to lock the team out, or to have Lockdown finish the job.
   */
  readonly why: Untouchable;
  readonly disabledBy: string | undefined;
  readonly at: string;
}

export interface AutomationPaused {
  /** The review card's token: its Resume button carries only this. */
  readonly token: string;
  readonly limit: number;
  readonly at: string;
}

export interface AutomationResumed {
  /** The two people who resumed it. */
  readonly by: readonly string[];
  /** Held transitions released to be looked at again. */
  readonly released: number;
  readonly pausedAt: string;
}

export interface SnapBack {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  /** The request that revoked the user. */
  readonly requestId: string;
  /** The card's token: the Re-disable button carries only this. */
  readonly token: string;
  readonly synced: boolean;
  readonly at: string;
}

export interface ChannelAlerts {
  untouchableDisabled(alert: UntouchableDisabled): Promise<void>;
  automationPaused(alert: AutomationPaused): Promise<void>;
  automationResumed(alert: AutomationResumed): Promise<void>;
  snapBack(alert: SnapBack): Promise<void>;
}
