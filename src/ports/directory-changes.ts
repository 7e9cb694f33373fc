import { type ObjectId } from '../domain/user-ref';

/** One user in a delta page: its current selected state, or a removal. */
export interface DeltaUser {
  readonly id: ObjectId;
  readonly removed: boolean;
  /** Absent when the page does not say (a removal, or a change to other properties). */
  readonly accountEnabled?: boolean;
  readonly userPrincipalName?: string;
}

export interface DeltaPage {
  readonly users: readonly DeltaUser[];
  /** More pages of this round follow. */
  readonly nextLink?: string;
  /** The round is complete: call this later for the changes since. */
  readonly deltaLink?: string;
}

/** A Graph change-notification subscription on users, as Lockdown keeps it. */
export interface SubscriptionRecord {
  readonly id: string;
  readonly expiresAt: string;
  readonly notificationUrl: string;
  readonly createdAt: string;
}

export interface NewSubscription {
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string;
  readonly clientState: string;
  readonly expiresAt: Date;
}

/** Who disabled an account, when the directory audit log can tell. */
export interface DisableRecord {
  readonly by: string;
  readonly at: string;
}

/**
 * How Lockdown watches Entra ID for accounts disabled elsewhere: delta query on users and change
 * notifications (graph-facts §10, §11). Failures are catalogued DomainErrors; an expired delta
 * link is DELTA_TOKEN_EXPIRED and a vanished subscription SUBSCRIPTION_NOT_FOUND.
 */
export interface DirectoryChanges {
  /** The first page of a full round (`id`, `accountEnabled`, `userPrincipalName` selected). */
  startDelta(): Promise<DeltaPage>;
  /** Follows a nextLink or a deltaLink that Graph returned. */
  followDelta(link: string): Promise<DeltaPage>;
  createSubscription(subscription: NewSubscription): Promise<SubscriptionRecord>;
  renewSubscription(id: string, expiresAt: Date): Promise<SubscriptionRecord>;
  reauthorizeSubscription(id: string): Promise<void>;
  /** Undefined when Graph no longer has it. */
  getSubscription(id: string): Promise<SubscriptionRecord | undefined>;
  /** Removes it; a subscription Graph no longer has counts as removed. */
  deleteSubscription(id: string): Promise<void>;
  /** Best effort from the directory audit log (needs AuditLog.Read.All); undefined if unknown. */
  whoDisabled(userId: ObjectId, since?: Date): Promise<DisableRecord | undefined>;
}
