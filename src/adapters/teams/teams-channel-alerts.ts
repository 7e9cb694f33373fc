import { SYSTEM_AUDIT_ACTOR } from '../../domain/audit/audit-event';
import { type AuditLog } from '../../ports/audit-log';
import {
  type AutomationPaused,
  type AutomationResumed,
  type ChannelAlerts,
  type SnapBack,
  type UntouchableDisabled,
} from '../../ports/channel-alerts';
import { type Logger } from '../../ports/logger';
import { type SecurityChannel } from './security-channel';

/** Renders the watcher's alerts; supplied by the Teams surface. */
export interface AlertCards {
  untouchable(alert: UntouchableDisabled): object;
  paused(alert: AutomationPaused): object;
  resumed(alert: AutomationResumed): object;
  snapBack(alert: SnapBack): object;
}

/**
 * The watcher's alerts as new threads in the security channel (SPEC section 5). A delivery
 * failure (after the connector's retries) is logged, audited and thrown: the watcher keeps the
 * work pending and posts again later, so an alert is never silently lost.
 */
export class TeamsChannelAlerts implements ChannelAlerts {
  constructor(
    private readonly channel: SecurityChannel,
    private readonly cards: AlertCards,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {}

  untouchableDisabled(alert: UntouchableDisabled): Promise<void> {
    return this.post('post the untouchable-account alert', this.cards.untouchable(alert));
  }

  automationPaused(alert: AutomationPaused): Promise<void> {
    return this.post('post the automation review card', this.cards.paused(alert));
  }

  automationResumed(alert: AutomationResumed): Promise<void> {
    return this.post('post the automation resumed card', this.cards.resumed(alert));
  }

  snapBack(alert: SnapBack): Promise<void> {
    return this.post('post the snap-back card', this.cards.snapBack(alert), alert.requestId);
  }

  private async post(what: string, content: object, requestId?: string): Promise<void> {
    try {
      const binding = await this.channel.startThread(what, content);
      this.log.info('watcher alert posted', { what, ...binding });
    } catch (error) {
      this.log.warn('could not reach the security channel', { what, error });
      await this.audit
        .append({
          eventType: 'notify_failed',
          requestId,
          actor: SYSTEM_AUDIT_ACTOR,
          outcome: 'failure',
          detail: `${what}: ${error instanceof Error ? error.message : String(error)}`,
        })
        .catch(() => undefined);
      throw error;
    }
  }
}
