import { randomUUID } from 'node:crypto';

import { type LifecycleEvent, type SubscriptionInfo } from './graph-simulator';
import { contextUrl } from './odata';
import { NotificationDelivery } from './notification-delivery';
import { type Scheduler } from './scheduler';
import { type SimClock } from './sim-clock';
import { type TenantModel } from './tenant-model';

export interface SubscriptionRecord {
  id: string;
  /** As given, without a leading '/': 'users' or 'users/<id>'. */
  resource: string;
  changeTypes: string[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expiration: Date;
}

/**
 * The app's change-notification subscriptions and their deliveries. Expired subscriptions
 * vanish (404, no more notifications); every user change reaches each live subscription on
 * `users` or on that user, as a basic 'updated' notification (graph-facts §10.3).
 */
export class SubscriptionService {
  private readonly records = new Map<string, SubscriptionRecord>();
  private readonly delivery: NotificationDelivery;

  constructor(
    private readonly model: TenantModel,
    private readonly clock: SimClock,
    scheduler: Scheduler,
  ) {
    this.delivery = new NotificationDelivery(scheduler);
    model.onUserChange((userId) => this.notifyUserChanged(userId));
  }

  live(): SubscriptionRecord[] {
    const now = this.clock.now().getTime();
    for (const [id, record] of this.records) {
      if (record.expiration.getTime() <= now) this.records.delete(id);
    }
    return [...this.records.values()];
  }

  get(id: string): SubscriptionRecord | undefined {
    return this.live().find((s) => s.id === id.toLowerCase());
  }

  add(fields: Omit<SubscriptionRecord, 'id'>): SubscriptionRecord {
    const record = { ...fields, id: randomUUID() };
    this.records.set(record.id, record);
    return record;
  }

  delete(id: string): boolean {
    return this.get(id) !== undefined && this.records.delete(id.toLowerCase());
  }

  toGraph(record: SubscriptionRecord): Record<string, unknown> {
    const app = this.model.seed.app;
    return {
      '@odata.context': contextUrl('subscriptions', undefined, '/$entity'),
      id: record.id,
      resource: record.resource,
      applicationId: app.clientId,
      changeType: record.changeTypes.join(','),
      clientState: record.clientState,
      notificationUrl: record.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: record.lifecycleNotificationUrl,
      expirationDateTime: record.expiration.toISOString(),
      creatorId: app.servicePrincipalId,
      includeResourceData: null,
      latestSupportedTlsVersion: 'v1_2',
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  info(record: SubscriptionRecord): SubscriptionInfo {
    return {
      id: record.id,
      resource: record.resource,
      changeType: record.changeTypes.join(','),
      notificationUrl: record.notificationUrl,
      lifecycleNotificationUrl: record.lifecycleNotificationUrl,
      clientState: record.clientState,
      expirationDateTime: record.expiration.toISOString(),
    };
  }

  async sendLifecycle(id: string, event: LifecycleEvent): Promise<boolean> {
    const record = this.get(id);
    if (record === undefined) throw new Error(`No live subscription '${id}'`);
    if (record.lifecycleNotificationUrl === null) {
      throw new Error(`Subscription '${id}' has no lifecycleNotificationUrl`);
    }
    const tenantId = this.model.tenantId;
    const item = {
      subscriptionId: record.id,
      subscriptionExpirationDateTime: graphDate(record.expiration),
      tenantId,
      organizationId: tenantId,
      clientState: record.clientState,
      lifecycleEvent: event,
    };
    return this.delivery.deliver(record.lifecycleNotificationUrl, [item]);
  }

  private notifyUserChanged(userId: string): void {
    const tenantId = this.model.tenantId;
    for (const record of this.live()) {
      const resource = record.resource.toLowerCase();
      if (resource !== 'users' && resource !== `users/${userId}`) continue;
      if (!record.changeTypes.includes('updated')) continue;
      this.delivery.enqueue(record.notificationUrl, {
        subscriptionId: record.id,
        subscriptionExpirationDateTime: graphDate(record.expiration),
        clientState: record.clientState,
        changeType: 'updated',
        resource: `Users/${userId}`,
        tenantId,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${userId}`,
          id: userId,
          organizationId: tenantId,
        },
      });
    }
  }
}

/** '2026-09-30T10:00:00+00:00', the form notification payloads use. */
function graphDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
