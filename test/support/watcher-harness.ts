import { toObjectId, type ObjectId } from '../../src/domain/user-ref';
import { DeltaPoller } from '../../src/use-cases/watcher/delta-poller';
import { HintProcessor } from '../../src/use-cases/watcher/hint-processor';
import { NotificationReceiver } from '../../src/use-cases/watcher/notification-receiver';
import { SubscriptionKeeper } from '../../src/use-cases/watcher/subscription-keeper';
import { AutomationControl } from '../../src/use-cases/watcher/automation-control';
import { RedisableSnapBack } from '../../src/use-cases/watcher/redisable-snap-back';
import { type WatcherDeps, type WatcherSettings } from '../../src/use-cases/watcher/watcher-deps';
import { FakeDirectoryChanges } from '../fakes/fake-directory-changes';
import { InMemoryWatcherStore } from '../fakes/in-memory-watcher-store';
import { RecordingChannelAlerts } from '../fakes/recording-channel-alerts';
import { coreHarness, GROUPS, PEOPLE, type HarnessOptions } from './core-harness';

export const SECRET = 'a-client-state-secret-of-some-length';
export const HOME_TENANT = '00000000-0000-4000-8000-00000000aaaa';

/** The watcher on the core harness's fakes, plus the watcher's own. */
export function watcherHarness(
  options: HarnessOptions & { maxPerHour?: number; pageSize?: number } = {},
) {
  const core = coreHarness(options);
  const changes = new FakeDirectoryChanges(
    core.directory,
    () => core.clock.now(),
    options.pageSize,
  );
  const watch = new InMemoryWatcherStore();
  const alerts = new RecordingChannelAlerts();
  const deps: WatcherDeps = { ...core.deps, changes, watch, alerts, runs: core.runner };
  const settings: WatcherSettings = {
    autoRevokeSteps: ['revoke-sessions', 'disable-devices'],
    maxPerHour: options.maxPerHour ?? 20,
    protectedUsers: core.settings.protectedUsers,
    homeTenantId: HOME_TENANT,
    securityGroupIds: [GROUPS.requesters, GROUPS.approvers],
    notificationSecret: SECRET,
    notificationUrl: 'https://lockdown.example.com/api/graph/notifications',
  };
  const poller = new DeltaPoller(deps);
  const processor = new HintProcessor(deps, settings, 'unit-watcher');
  /** Disables a user "in the portal" (outside Lockdown). */
  const disableElsewhere = (id: ObjectId, by = 'admin@contoso.com') => {
    core.directory.setAccountEnabled(id, false);
    changes.setDisabledBy(id, { by, at: core.clock.now().toISOString() });
  };
  /** A new enabled user in the directory, with one Windows device. */
  const addUser = (n: number) => {
    const id = toObjectId(`00000000-0000-4000-8000-0000000${String(50_000 + n).padStart(5, '0')}`);
    core.directory.addUser({ id, userPrincipalName: `user${n}@contoso.com` });
    core.directory.addDevice({
      id: toObjectId(`00000000-0000-4000-8000-0000001${String(50_000 + n).padStart(5, '0')}`),
      ownerIds: [id],
    });
    return id;
  };
  /** One delta round, then the queue drained, then the runs finished. */
  const pollAndSettle = async () => {
    const outcome = await poller.poll();
    await processor.drain();
    await core.runner.idle();
    return outcome;
  };
  return {
    ...core,
    changes,
    watch,
    alerts,
    watcherDeps: deps,
    settings: { ...core.settings, watcher: settings },
    poller,
    processor,
    receiver: new NotificationReceiver(deps, settings),
    keeper: new SubscriptionKeeper(deps, settings, async () => void (await poller.poll())),
    control: new AutomationControl(deps, {
      requesterGroupId: GROUPS.requesters,
      approverGroupId: GROUPS.approvers,
    }),
    redisable: new RedisableSnapBack(deps, core.open),
    disableElsewhere,
    addUser,
    pollAndSettle,
    people: PEOPLE,
  };
}

export type WatcherHarness = ReturnType<typeof watcherHarness>;
