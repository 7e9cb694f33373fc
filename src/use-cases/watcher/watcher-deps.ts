import { type AutoRevokeStep } from '../../domain/revocation/step-id';
import { type ObjectId, type UserRef } from '../../domain/user-ref';
import { type ChannelAlerts } from '../../ports/channel-alerts';
import { type DirectoryChanges } from '../../ports/directory-changes';
import { type WatcherStore } from '../../ports/watcher-store';
import { type CoreDeps } from '../core-deps';
import { type RunScheduler } from '../decide-revocation';

/** The revocation core's dependencies plus the watcher's own. */
export interface WatcherDeps extends CoreDeps {
  readonly changes: DirectoryChanges;
  readonly watch: WatcherStore;
  readonly alerts: ChannelAlerts;
  readonly runs: RunScheduler;
}

/** SPEC section 5's knobs, from the configuration. */
export interface WatcherSettings {
  readonly autoRevokeSteps: readonly AutoRevokeStep[];
  readonly maxPerHour: number;
  readonly protectedUsers: readonly UserRef[];
  /** The requester and approver groups: their members are never revoked automatically (T21). */
  readonly securityGroupIds: readonly ObjectId[];
  /** The home tenant: the only one whose notifications are accepted (T18). */
  readonly homeTenantId: string;
  readonly notificationSecret: string | null;
  /** Where Graph sends notifications; null without webhooks. */
  readonly notificationUrl: string | null;
}
