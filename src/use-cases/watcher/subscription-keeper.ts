import { isDomainError } from '../../domain/errors';
import { type SubscriptionRecord } from '../../ports/directory-changes';
import { type DeltaPoller } from './delta-poller';
import { type LifecycleEvent } from './notification-receiver';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

/** How long each subscription is asked for (users allow up to 41,760 minutes). */
export const SUBSCRIPTION_LIFETIME_MS = 3 * 24 * 3600_000;
/** Renewed when less than half its lifetime is left: well before it expires (threat-model R26). */
export const RENEW_WHEN_LEFT_MS = SUBSCRIPTION_LIFETIME_MS / 2;

/**
 * Keeps one change-notification subscription on users alive (SPEC section 5): created at start
 * when PUBLIC_BASE_URL is set, renewed well before expiry, recreated when Graph no longer has it
 * (followed by a delta catch-up for what was missed), reauthorized when Graph asks.
 */
export class SubscriptionKeeper {
  constructor(
    private readonly deps: WatcherDeps,
    private readonly settings: WatcherSettings,
    private readonly poller: DeltaPoller,
  ) {}

  async ensure(): Promise<SubscriptionRecord | undefined> {
    if (!this.settings.notificationUrl || !this.settings.notificationSecret) return undefined;
    const current = await this.deps.watch.subscription();
    const now = this.deps.clock.now();
    if (current && Date.parse(current.expiresAt) - now.getTime() > RENEW_WHEN_LEFT_MS)
      return current;
    if (current) {
      try {
        const renewed = await this.deps.changes.renewSubscription(current.id, this.expiry());
        await this.save(renewed, 'renewed');
        return renewed;
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'SUBSCRIPTION_NOT_FOUND') throw error;
        this.deps.log.warn('the subscription is gone; creating a new one', {
          subscriptionId: current.id,
        });
      }
    }
    return this.create(current !== undefined);
  }

  async onLifecycle(event: LifecycleEvent, subscriptionId: string): Promise<void> {
    const current = await this.deps.watch.subscription();
    if (!current || current.id !== subscriptionId) return;
    await this.audit(`lifecycle ${event}`, subscriptionId);
    if (event === 'missed') {
      await this.poller.poll();
      return;
    }
    if (event === 'reauthorizationRequired') {
      try {
        await this.deps.changes.reauthorizeSubscription(current.id);
        this.deps.log.info('subscription reauthorized', { subscriptionId });
        return;
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'SUBSCRIPTION_NOT_FOUND') throw error;
      }
    }
    await this.deps.watch.setSubscription(undefined);
    await this.create(true);
  }

  private async create(replacing: boolean): Promise<SubscriptionRecord | undefined> {
    try {
      const created = await this.deps.changes.createSubscription({
        notificationUrl: this.settings.notificationUrl!,
        lifecycleNotificationUrl: this.settings.notificationUrl!,
        clientState: this.settings.notificationSecret!,
        expiresAt: this.expiry(),
      });
      await this.save(created, replacing ? 'recreated' : 'created');
      // Notifications may have been lost while there was none: catch up through delta.
      if (replacing) await this.poller.poll();
      return created;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'SUBSCRIPTION_REFUSED') throw error;
      const existing = error.context.existingSubscriptionId;
      // Graph keeps one subscription per resource and change type: adopt ours if it exists.
      if (typeof existing === 'string') return this.adopt(existing);
      this.deps.log.warn(
        'Graph refused the change-notification subscription; delta polling continues',
        { error },
      );
      await this.audit(`subscription refused: ${error.userMessage}`);
      return undefined;
    }
  }

  private async adopt(id: string): Promise<SubscriptionRecord | undefined> {
    try {
      const renewed = await this.deps.changes.renewSubscription(id, this.expiry());
      await this.save(renewed, 'adopted');
      return renewed;
    } catch (error) {
      this.deps.log.warn('could not adopt the existing subscription; delta polling continues', {
        subscriptionId: id,
        error,
      });
      return undefined;
    }
  }

  private async save(subscription: SubscriptionRecord, what: string): Promise<void> {
    await this.deps.watch.setSubscription(subscription);
    this.deps.log.info(`subscription ${what}`, {
      subscriptionId: subscription.id,
      expiresAt: subscription.expiresAt,
    });
    await this.audit(`subscription ${what}`, subscription.id);
  }

  private expiry(): Date {
    return new Date(this.deps.clock.now().getTime() + SUBSCRIPTION_LIFETIME_MS);
  }

  private async audit(detail: string, subscriptionId?: string): Promise<void> {
    await this.deps.audit.append({
      eventType: 'watcher_event',
      actor: { aadObjectId: 'system', role: 'system' },
      source: { channel: 'webhook', subscriptionId },
      outcome: 'info',
      detail,
    });
  }
}
