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

/** Records what the watcher would have told the security channel. */
export class RecordingChannelAlerts implements ChannelAlerts {
  readonly alerts: Alert[] = [];

  async untouchableDisabled(alert: UntouchableDisabled): Promise<void> {
    this.alerts.push({ kind: 'untouchable', alert });
  }
  async automationPaused(alert: AutomationPaused): Promise<void> {
    this.alerts.push({ kind: 'paused', alert });
  }
  async automationResumed(alert: AutomationResumed): Promise<void> {
    this.alerts.push({ kind: 'resumed', alert });
  }
  async snapBack(alert: SnapBack): Promise<void> {
    this.alerts.push({ kind: 'snap-back', alert });
  }

  of<K extends Alert['kind']>(kind: K): Array<Extract<Alert, { kind: K }>> {
    return this.alerts.filter((a): a is Extract<Alert, { kind: K }> => a.kind === kind);
  }
}
