import { type Config } from './config';
import { createGraphNotificationsEndpoint } from './http/graph-notifications-endpoint';
import { type RequestRevocation } from './use-cases/request-revocation';
import { AutomationControl } from './use-cases/watcher/automation-control';
import { RedisableSnapBack } from './use-cases/watcher/redisable-snap-back';
import { Watcher, type WatcherStatus } from './use-cases/watcher/watcher';
import { type WatcherDeps, type WatcherSettings } from './use-cases/watcher/watcher-deps';

/** Where Graph posts change and lifecycle notifications (SPEC section 9). */
export const NOTIFICATIONS_PATH = '/api/graph/notifications';

export interface WatcherParts {
  /** Null when WATCH_MODE=off. */
  readonly watcher: Watcher | null;
  /** The Resume and Re-disable buttons work whatever the mode: old cards stay answerable. */
  readonly control: AutomationControl;
  readonly redisable: RedisableSnapBack;
  /** The HTTP route, when change notifications are on. */
  readonly endpoint: ReturnType<typeof createGraphNotificationsEndpoint> | undefined;
  status(): Promise<WatcherStatus | null>;
}

/** The watcher's part of the composition root (SPEC section 5). Nothing runs until `start()`. */
export function composeWatcher(
  config: Config,
  deps: WatcherDeps,
  open: RequestRevocation,
  owner: string,
): WatcherParts {
  const { watcher: wc } = config;
  const settings: WatcherSettings = {
    autoRevokeSteps: wc.autoRevokeSteps,
    maxPerHour: wc.autoRevokeMaxPerHour,
    protectedUsers: config.approval.protectedUsers,
    homeTenantId: config.bot.tenantId ?? config.tenants.allowed[0]!,
    securityGroupIds: [
      ...new Set([config.approval.requesterGroupId, config.approval.approverGroupId]),
    ],
    notificationSecret: wc.notificationSecret,
    notificationUrl:
      wc.webhooks && wc.publicBaseUrl ? `${wc.publicBaseUrl}${NOTIFICATIONS_PATH}` : null,
  };
  const watcher =
    wc.mode === 'off'
      ? null
      : new Watcher(deps, settings, {
          owner,
          webhooks: settings.notificationUrl !== null,
          pollIntervalMs: wc.intervalSeconds * 1000,
        });
  return {
    watcher,
    control: new AutomationControl(deps, {
      requesterGroupId: config.approval.requesterGroupId,
      approverGroupId: config.approval.approverGroupId,
    }),
    redisable: new RedisableSnapBack(deps, open),
    endpoint:
      watcher && settings.notificationUrl
        ? createGraphNotificationsEndpoint(watcher, deps.log)
        : undefined,
    status: async () => (watcher ? watcher.status() : null),
  };
}
