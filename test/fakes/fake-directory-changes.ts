import { DomainError } from '../../src/domain/errors';
import { type ObjectId } from '../../src/domain/user-ref';
import {
  type DeltaPage,
  type DirectoryChanges,
  type DisableRecord,
  type NewSubscription,
  type SubscriptionRecord,
} from '../../src/ports/directory-changes';
import { type InMemoryDirectory } from './in-memory-directory';

/**
 * Delta query and subscriptions over an InMemoryDirectory, with Graph's rules: a delta round
 * pages through every user, a delta link returns the users changed since it was issued, old
 * links expire, a dropped subscription is not found.
 */
export class FakeDirectoryChanges implements DirectoryChanges {
  readonly calls: string[] = [];
  private readonly snapshots = new Map<string, Map<string, boolean>>();
  private readonly subscriptions = new Map<string, SubscriptionRecord>();
  private readonly disabledBy = new Map<string, DisableRecord>();
  private readonly failures = new Map<string, Error>();
  private expiredBefore = 0;
  private counter = 0;

  constructor(
    private readonly directory: InMemoryDirectory,
    private readonly now: () => Date,
    private readonly pageSize = 100,
  ) {}

  async startDelta(): Promise<DeltaPage> {
    this.calls.push('startDelta');
    return this.page(
      this.directory.allUsers().map((u) => u.id),
      0,
      this.snapshot(),
    );
  }

  async followDelta(link: string): Promise<DeltaPage> {
    this.calls.push(`followDelta ${link.split(':')[1]}`);
    const [, kind, id, offset] = link.split(':');
    if (Number(id) < this.expiredBefore)
      throw new DomainError(
        'DELTA_TOKEN_EXPIRED',
        {},
        { context: { status: 400, graphCode: 'syncStateNotFound' } },
      );
    const base = this.snapshots.get(id!);
    if (!base)
      throw new DomainError('GRAPH_UNEXPECTED_RESPONSE', { operation: 'follow the delta feed' });
    if (kind === 'page')
      return this.page(
        this.directory.allUsers().map((u) => u.id),
        Number(offset),
        id!,
      );
    const changed = this.directory
      .allUsers()
      .filter((u) => base.get(u.id) !== u.accountEnabled)
      .map((u) => u.id);
    return this.page(changed, 0, this.snapshot());
  }

  /** Every delta link issued so far answers DELTA_TOKEN_EXPIRED (syncStateNotFound). */
  expireTokens(): void {
    this.expiredBefore = this.counter + 1;
  }

  async createSubscription(subscription: NewSubscription): Promise<SubscriptionRecord> {
    this.calls.push('createSubscription');
    // Graph keeps one subscription per resource and change type: a second is a 409.
    const existing = [...this.subscriptions.values()][0];
    if (existing) {
      throw new DomainError(
        'SUBSCRIPTION_REFUSED',
        { graphCode: 'Conflict' },
        { context: { status: 409, subscriptionExists: true, existingSubscriptionId: existing.id } },
      );
    }
    const record = {
      id: `0000000${++this.counter}-0000-4000-8000-000000000000`.slice(-36),
      expiresAt: subscription.expiresAt.toISOString(),
      notificationUrl: subscription.notificationUrl,
      createdAt: this.now().toISOString(),
    };
    this.subscriptions.set(record.id, record);
    return record;
  }

  async renewSubscription(id: string, expiresAt: Date): Promise<SubscriptionRecord> {
    this.calls.push('renewSubscription');
    this.failIfScripted('renewSubscription');
    const current = this.subscriptions.get(id);
    if (!current) throw new DomainError('SUBSCRIPTION_NOT_FOUND', { subscriptionId: id });
    const renewed = { ...current, expiresAt: expiresAt.toISOString() };
    this.subscriptions.set(id, renewed);
    return renewed;
  }

  /** The next call of `method` fails with `error`, as Graph would. */
  failNext(method: 'reauthorizeSubscription' | 'renewSubscription', error: Error): void {
    this.failures.set(method, error);
  }

  private failIfScripted(method: string): void {
    const error = this.failures.get(method);
    if (!error) return;
    this.failures.delete(method);
    throw error;
  }

  async reauthorizeSubscription(id: string): Promise<void> {
    this.calls.push('reauthorizeSubscription');
    this.failIfScripted('reauthorizeSubscription');
    if (!this.subscriptions.has(id))
      throw new DomainError('SUBSCRIPTION_NOT_FOUND', { subscriptionId: id });
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    return this.subscriptions.get(id);
  }

  async deleteSubscription(id: string): Promise<void> {
    this.calls.push('deleteSubscription');
    this.subscriptions.delete(id);
  }

  /** As if Graph dropped it. */
  dropSubscription(id: string): void {
    this.subscriptions.delete(id);
  }

  setDisabledBy(userId: ObjectId, record: DisableRecord): void {
    this.disabledBy.set(userId, record);
  }

  /** Like the audit log: a record from before `since` is not this disable's. */
  async whoDisabled(userId: ObjectId, since?: Date): Promise<DisableRecord | undefined> {
    const record = this.disabledBy.get(userId);
    return record && (!since || Date.parse(record.at) >= since.getTime()) ? record : undefined;
  }

  private snapshot(): string {
    const id = String(++this.counter);
    this.snapshots.set(id, new Map(this.directory.allUsers().map((u) => [u.id, u.accountEnabled])));
    return id;
  }

  private page(ids: readonly ObjectId[], offset: number, round: string): DeltaPage {
    const slice = ids.slice(offset, offset + this.pageSize);
    const users = slice.map((id) => {
      const user = this.directory.peekUser(id)!;
      return {
        id,
        removed: false,
        accountEnabled: user.accountEnabled,
        userPrincipalName: user.userPrincipalName,
      };
    });
    const more = offset + this.pageSize < ids.length;
    return more
      ? { users, nextLink: `fake:page:${round}:${offset + this.pageSize}` }
      : { users, deltaLink: `fake:delta:${round}` };
  }
}
