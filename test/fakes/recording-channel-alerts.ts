import {
  type AutomationPaused,
  type AutomationResumed,
  type ChannelAlerts,
  type SnapBack,
  type UntouchableDisabled,
} from '../../src/ports/channel-alerts';

export type Alert =
  | { readonly kind: 'untouchable'; readonly alert: UntouchableDisabled }
  | { readonly kind: 'paused'; readonly alert: AutomationPaused }
  | { readonly kind: 'resumed'; readonly alert: AutomationResumed }
  | { readonly kind: 'snap-back'; readonly alert: SnapBack };

/**
 * Records what the watcher would have told the security channel. Like the real channel it
 * throws when a post cannot be delivered (`failNext` posts fail), and then records nothing.
 */
export class RecordingChannelAlerts implements ChannelAlerts {
  readonly alerts: Alert[] = [];
  /** How many of the next posts fail. */
  failNext = 0;

  private deliver(alert: Alert): void {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('403 BotNotInConversationRoster');
    }
    this.alerts.push(alert);
  }

  async untouchableDisabled(alert: UntouchableDisabled): Promise<void> {
    this.deliver({ kind: 'untouchable', alert });
  }
  async automationPaused(alert: AutomationPaused): Promise<void> {
    this.deliver({ kind: 'paused', alert });
  }
  async automationResumed(alert: AutomationResumed): Promise<void> {
    this.deliver({ kind: 'resumed', alert });
  }
  async snapBack(alert: SnapBack): Promise<void> {
    this.deliver({ kind: 'snap-back', alert });
  }

  of<K extends Alert['kind']>(kind: K): Array<Extract<Alert, { kind: K }>> {
    return this.alerts.filter((a): a is Extract<Alert, { kind: K }> => a.kind === kind);
  }
}
