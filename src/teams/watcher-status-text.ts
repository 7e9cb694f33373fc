import { type WatcherStatus } from '../use-cases/watcher/watcher';
import { formatTime } from './request-view';

/**
 * One message on the watcher for `status` (SPEC section 5: subscription upkeep is visible in
 * `status`). Every value is Lockdown's own (times, counts, catalogue messages), never directory
 * text, so it is safe as markdown.
 */
export function watcherStatusText(status: WatcherStatus | null): string {
  if (!status)
    return '**Watcher:** off (WATCH_MODE=off): accounts disabled elsewhere are not watched.';
  const parts = [
    status.webhooks ? notifications(status) : 'change notifications off',
    `delta polling every ${status.pollIntervalSeconds} s, ${lastRound(status)}`,
    `${status.pendingHints} hint(s) waiting`,
    status.pausedAt === null
      ? 'automatic revocation active'
      : `**automatic revocation PAUSED** since ${formatTime(status.pausedAt)}: review it on its card`,
  ];
  return `**Watcher:** ${parts.join(' · ')}.`;
}

function notifications(status: WatcherStatus): string {
  return status.subscription
    ? `change notifications on (subscription renews before ${formatTime(status.subscription.expiresAt)})`
    : 'change notifications on, **no subscription yet** (see the log)';
}

function lastRound(status: WatcherStatus): string {
  if (status.lastPollError) return `**last round failed**: ${status.lastPollError}`;
  return status.lastPollAt ? `last round ${formatTime(status.lastPollAt)}` : 'first round pending';
}
