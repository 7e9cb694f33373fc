import { DomainError } from '../../domain/errors';
import { isObjectId, type ObjectId } from '../../domain/user-ref';
import {
  type DeltaPage,
  type DirectoryChanges,
  type DisableRecord,
  type NewSubscription,
  type SubscriptionRecord,
} from '../../ports/directory-changes';
import { checkedGraphLink } from './checked-graph-link';
import { findDisableRecord } from './find-disable-record';
import {
  deltaTokenExpired,
  hasStatus,
  isExpiredDeltaToken,
  subscriptionNotFound,
  subscriptionRefused,
  withoutClientState,
} from './graph-change-failures';
import { type GraphHttp } from './graph-http';
import { graphPaths } from './graph-paths';
import { unexpectedGraphAnswer } from './parse-graph-answer';
import { toDeltaPage } from './to-delta-page';
import { toSubscriptionRecord } from './to-subscription-record';

/**
 * The DirectoryChanges port over Microsoft Graph v1.0: delta query on users and a change
 * notification subscription on `users` (graph-facts §10, §11). Every call goes through GraphHttp,
 * so failures are catalogued DomainErrors that keep Graph's request-id.
 */
export class GraphDirectoryChanges implements DirectoryChanges {
  constructor(
    private readonly http: GraphHttp,
    private readonly now: () => Date = () => new Date(),
  ) {}

  startDelta(): Promise<DeltaPage> {
    return this.deltaPage(graphPaths.usersDelta());
  }

  /** A stored link is checked like a fresh one: it carries Lockdown's token wherever it points. */
  async followDelta(link: string): Promise<DeltaPage> {
    const checked = checkedGraphLink(this.http.origin, 'delta', link, 'delta link');
    try {
      return await this.deltaPage(checked);
    } catch (error) {
      throw isExpiredDeltaToken(error) ? deltaTokenExpired(error) : error;
    }
  }

  /** changeType `updated` covers soft deletion too (graph-facts §10.1). */
  async createSubscription(subscription: NewSubscription): Promise<SubscriptionRecord> {
    const { clientState } = subscription;
    try {
      const reply = await this.http.send({
        operation: 'subscribe',
        method: 'POST',
        path: graphPaths.subscriptions(),
        body: {
          changeType: 'updated',
          resource: 'users',
          notificationUrl: subscription.notificationUrl,
          lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
          clientState,
          expirationDateTime: subscription.expiresAt.toISOString(),
        },
        subject: 'users',
      });
      return toSubscriptionRecord(reply.body, this.now());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (hasStatus(error, 400) || hasStatus(error, 409))
        throw subscriptionRefused(error, clientState);
      throw withoutClientState(error, clientState);
    }
  }

  /** Renewing also reauthorizes (graph-facts §10.5). */
  async renewSubscription(id: string, expiresAt: Date): Promise<SubscriptionRecord> {
    const subscriptionId = checkedSubscriptionId(id);
    try {
      const reply = await this.http.send({
        operation: 'subscribe',
        method: 'PATCH',
        path: graphPaths.subscription(subscriptionId),
        body: { expirationDateTime: expiresAt.toISOString() },
        subject: subscriptionId,
      });
      return sameSubscription(subscriptionId, toSubscriptionRecord(reply.body, this.now()));
    } catch (error) {
      throw hasStatus(error, 404) ? subscriptionNotFound(error, subscriptionId) : error;
    }
  }

  async reauthorizeSubscription(id: string): Promise<void> {
    const subscriptionId = checkedSubscriptionId(id);
    try {
      await this.http.send({
        operation: 'subscribe',
        method: 'POST',
        path: graphPaths.reauthorizeSubscription(subscriptionId),
        subject: subscriptionId,
      });
    } catch (error) {
      throw hasStatus(error, 404) ? subscriptionNotFound(error, subscriptionId) : error;
    }
  }

  async deleteSubscription(id: string): Promise<void> {
    const subscriptionId = checkedSubscriptionId(id);
    try {
      await this.http.send({
        operation: 'subscribe',
        method: 'DELETE',
        path: graphPaths.subscription(subscriptionId),
        subject: subscriptionId,
      });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  }

  /** `createdAt` is the time of this read: Graph does not say when a subscription was made. */
  async getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    const subscriptionId = checkedSubscriptionId(id);
    try {
      const reply = await this.http.send({
        operation: 'subscribe',
        method: 'GET',
        path: graphPaths.subscription(subscriptionId),
        subject: subscriptionId,
      });
      return sameSubscription(subscriptionId, toSubscriptionRecord(reply.body, this.now()));
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /**
   * Best effort: any Graph failure (no AuditLog.Read.All, throttling, an unexpected answer) is
   * "unknown", never an error, so that naming the initiator cannot hold up the watcher.
   */
  async whoDisabled(userId: ObjectId, since?: Date): Promise<DisableRecord | undefined> {
    try {
      const reply = await this.http.send({
        operation: 'read-audit',
        method: 'GET',
        path: graphPaths.directoryAudits(userId),
        subject: userId,
      });
      return findDisableRecord(reply.body, userId, since);
    } catch (error) {
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }

  private async deltaPage(path: string): Promise<DeltaPage> {
    const reply = await this.http.send({ operation: 'delta', method: 'GET', path });
    const page = toDeltaPage(reply.body);
    const origin = this.http.origin;
    return {
      users: page.users,
      ...(page.nextLink === undefined
        ? {}
        : { nextLink: checkedGraphLink(origin, 'delta', page.nextLink, 'nextLink') }),
      ...(page.deltaLink === undefined
        ? {}
        : { deltaLink: checkedGraphLink(origin, 'delta', page.deltaLink, 'deltaLink') }),
    };
  }
}

/** A subscription id reaches a path only if it has the GUID shape Graph gives them. */
function checkedSubscriptionId(id: string): ObjectId {
  if (!isObjectId(id))
    throw unexpectedGraphAnswer('subscribe', 'a subscription id that is not a GUID');
  return id.toLowerCase() as ObjectId;
}

function sameSubscription(id: ObjectId, record: SubscriptionRecord): SubscriptionRecord {
  if (record.id !== id)
    throw unexpectedGraphAnswer('subscribe', `asked for ${id}, got ${record.id}`);
  return record;
}
