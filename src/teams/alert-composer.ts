import {
  type AutomationPaused,
  type AutomationResumed,
  type SnapBack,
  type UntouchableDisabled,
} from '../ports/channel-alerts';
import { type RevokedUser } from '../domain/watcher/watched-user';
import { type TargetSummary } from '../domain/revocation/revocation-request';
import { renderAutomationPausedCard } from './cards/render-automation-paused-card';
import { renderSnapBackCard } from './cards/render-snap-back-card';
import { renderUntouchableAlertCard } from './cards/render-untouchable-alert-card';
import { type AutomationPausedView } from './cards/watcher-alert-views';
import { formatTime } from './request-view';

/**
 * Renders the watcher's cards: the alerts the adapter posts to the security channel, and the
 * same cards as they stand after a click (the Resume and Re-disable buttons).
 */
export class AlertComposer {
  /** AUTO_REVOKE_MAX_PER_HOUR, which the review card quotes. */
  constructor(private readonly maxPerHour: number) {}

  untouchable(alert: UntouchableDisabled): object {
    return renderUntouchableAlertCard({
      displayName: alert.displayName,
      userPrincipalName: alert.userPrincipalName,
      objectId: alert.userId,
      why: alert.why,
      disabledBy: alert.disabledBy ?? null,
      at: formatTime(alert.at),
    });
  }

  paused(alert: AutomationPaused): object {
    return this.breaker({ token: alert.token, pausedAt: alert.at });
  }

  resumed(alert: AutomationResumed): object {
    return this.breaker({
      token: '',
      pausedAt: alert.pausedAt,
      resumedBy: alert.by,
      released: alert.released,
    });
  }

  /** The review card in any of its states: paused, awaiting a second person, resumed. */
  breaker(state: {
    readonly token: string;
    readonly pausedAt: string;
    readonly resumeRequestedBy?: string;
    readonly resumedBy?: readonly string[];
    readonly released?: number;
  }): object {
    const view: AutomationPausedView = {
      token: state.token,
      limit: this.maxPerHour,
      at: formatTime(state.pausedAt),
      resumeRequestedBy: state.resumeRequestedBy ?? null,
      resumedBy: state.resumedBy ?? null,
      released: state.released ?? null,
    };
    return renderAutomationPausedCard(view);
  }

  snapBack(alert: SnapBack): object {
    return renderSnapBackCard({
      displayName: alert.displayName,
      userPrincipalName: alert.userPrincipalName,
      objectId: alert.userId,
      requestId: alert.requestId,
      token: alert.token,
      synced: alert.synced,
      at: formatTime(alert.at),
      redisable: null,
    });
  }

  /** The snap-back card once a re-disable request is open: no button, the new request named. */
  snapBackRedisabled(
    snapBack: RevokedUser,
    target: TargetSummary,
    redisable: { readonly requestId: string; readonly by: string },
  ): object {
    return renderSnapBackCard({
      displayName: target.displayName,
      userPrincipalName: target.userPrincipalName,
      objectId: target.id,
      requestId: snapBack.requestId,
      token: snapBack.snapBackToken ?? '',
      synced: target.synced,
      at: formatTime(snapBack.snapBackReportedAt ?? snapBack.revokedAt),
      redisable,
    });
  }
}
