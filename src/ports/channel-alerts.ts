/**
 * What the watcher tells the security channel besides request cards (SPEC section 5). Each alert
 * is a new thread. Implementations never throw for a delivery failure: it is logged and audited.
 */
export interface UntouchableDisabled {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  /** Break-glass accounts and privileged accounts are never revoked automatically (T21). */
  readonly why: 'protected' | 'privileged';
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
