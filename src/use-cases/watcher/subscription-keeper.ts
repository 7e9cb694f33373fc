import { isDomainError } from '../../domain/errors';
import { type SubscriptionRecord } from '../../ports/directory-changes';
import { systemEvent } from '../audit-helpers';
import { type LifecycleEvent } from './notification-receiver';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

/** How long each subscription is asked for (users allow up to 41,760 minutes). */
export const SUBSCRIPTION_LIFETIME_MS = 3 * 24 * 3600_000;
/** Renewed when less than half its lifetime is left: well before it expires (threat-model R26). */
export const RENEW_WHEN_LEFT_MS = SUBSCRIPTION_LIFETIME_MS / 2;

/**
 * Keeps one change-notification subscription on users alive (SPEC section 5): created at start
 * when PUBLIC_BASE_URL is set, renewed well before expiry, recreated when Graph no longer has it
 * or when it points somewhere else, reauthorized when Graph asks. Every new subscription is
 * followed by a delta catch-up (`catchUp`) for what no subscription reported meanwhile.
 */
export class SubscriptionKeeper {
  constructor(
    private readonly deps: WatcherDeps,
    private readonly settings: WatcherSettings,
    private readonly catchUp: () => Promise<void>,
  ) {}

  async ensure(): Promise<SubscriptionRecord | undefined> {
    if (!this.settings.notificationUrl || !this.settings.notificationSecret) return undefined;
    const current = await this.deps.watch.subscription();
    if (current && current.notificationUrl !== this.settings.notificationUrl) {
      // PUBLIC_BASE_URL changed: the old subscription reports to a URL that is not ours now.
      await this.replace(current, 'points to an old notification URL');
      return this.create('recreated');
    }
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
        await this.deps.watch.setSubscription(undefined);
        return this.create('recreated');
      }
    }
    return this.create('created');
  }

  async onLifecycle(event: LifecycleEvent, subscriptionId: string): Promise<void> {
    const current = await this.deps.watch.subscription();
    if (!current || current.id !== subscriptionId) return;
    await this.audit(`lifecycle ${event}`, subscriptionId);
    if (event === 'missed') return this.catchUp();
    if (event === 'reauthorizationRequired') {
      try {
        await this.deps.changes.reauthorizeSubscription(current.id);
        this.deps.log.info('subscription reauthorized', { subscriptionId });
        return;
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'SUBSCRIPTION_NOT_FOUND') {
          // Renewing reauthorizes too: mark it due, so the next upkeep round renews it.
          await this.deps.watch.setSubscription({
            ...current,
            expiresAt: new Date(0).toISOString(),
          });
          throw error;
        }
      }
    }
    await this.deps.watch.setSubscription(undefined);
    await this.create('recreated');
  }

  private async create(what: 'created' | 'recreated'): Promise<SubscriptionRecord | undefined> {
    try {
      const created = await this.deps.changes.createSubscription({
        notificationUrl: this.settings.notificationUrl!,
        lifecycleNotificationUrl: this.settings.notificationUrl!,
        clientState: this.settings.notificationSecret!,
        expiresAt: this.expiry(),
      });
      await this.save(created, what);
      await this.catchUp();
      return created;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'SUBSCRIPTION_REFUSED') throw error;
      const existing = error.context.existingSubscriptionId;
      // Graph keeps one subscription per resource and change type for an app (a 409).
      if (typeof existing === 'string') return this.adopt(existing);
      this.deps.log.warn(
        'Graph refused the change-notification subscription; delta polling continues',
        { error },
      );
      await this.audit(`subscription refused: ${error.userMessage}`);
      return undefined;
    }
  }

  /**
   * The subscription Graph already has is adopted only if it reports here; one made for another
   * URL (another deployment, an old PUBLIC_BASE_URL) is deleted and a new one made. Its
   * clientState cannot be read back, so a wrong one shows as refused notifications.
   */
  private async adopt(id: string): Promise<SubscriptionRecord | undefined> {
    const existing = await this.deps.changes.getSubscription(id);
    if (existing && existing.notificationUrl !== this.settings.notificationUrl) {
      await this.replace(existing, 'reports to another URL');
      return this.create('recreated');
    }
    const renewed = await this.deps.changes.renewSubscription(id, this.expiry());
    await this.save(renewed, 'adopted');
    await this.catchUp();
    return renewed;
  }

  private async replace(old: SubscriptionRecord, why: string): Promise<void> {
    this.deps.log.warn(`the subscription ${why}; replacing it`, { subscriptionId: old.id });
    await this.deps.changes.deleteSubscription(old.id);
    await this.deps.watch.setSubscription(undefined);
    await this.audit(`subscription deleted: it ${why}`, old.id);
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
    await this.deps.audit.append(
      systemEvent('watcher_event', {
        source: { channel: 'webhook', subscriptionId },
        outcome: 'info',
        detail,
      }),
    );
  }
}
