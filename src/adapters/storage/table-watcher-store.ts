import { odata, type TableClient } from '@azure/data-tables';
import { type ObjectId } from '../../domain/user-ref';
import { type BreakerState } from '../../domain/watcher/circuit-breaker';
import {
  type HintSource,
  type KnownState,
  type RevokedUser,
} from '../../domain/watcher/watched-user';
import { type SubscriptionRecord } from '../../ports/directory-changes';
import { type QueuedHint, type WatcherStore } from '../../ports/watcher-store';
import { isLostRace, tableGuarded } from './table-guarded';
import { TableHintQueue } from './table-hint-queue';
import { hashedKeyPart, isSafeKeyPart, key, timeKey } from './table-keys';
import { TableRevokedUsers } from './table-revoked-users';
import { TableWatcherBaseline } from './table-watcher-baseline';
import { TableWatcherSettings } from './table-watcher-settings';

const AUTO_REVOCATIONS = 'auto';

/**
 * The watcher's state on Azure Table Storage, in one table: the baseline (`baseline`), the
 * single values (`settings`), the hint queue and held users (`hints`), automatic revocations
 * (`auto`) and revoked users (`revoked`). As on SQLite, every write that decides something is
 * conditional, so of two instances the first wins and the other sees `false`.
 */
export class TableWatcherStore implements WatcherStore {
  private readonly baseline: TableWatcherBaseline;
  private readonly settings: TableWatcherSettings;
  private readonly hints: TableHintQueue;
  private readonly revoked: TableRevokedUsers;

  constructor(private readonly table: TableClient) {
    this.baseline = new TableWatcherBaseline(table);
    this.settings = new TableWatcherSettings(table);
    this.hints = new TableHintQueue(table);
    this.revoked = new TableRevokedUsers(table);
  }

  knownState(userId: ObjectId): Promise<KnownState | undefined> {
    return this.baseline.get(userId);
  }

  recordStates(states: readonly KnownState[]): Promise<void> {
    return this.baseline.record(states);
  }

  transitionState(expected: KnownState | undefined, next: KnownState): Promise<boolean> {
    return this.baseline.transition(expected, next);
  }

  deltaLink(): Promise<string | undefined> {
    return this.settings.deltaLink();
  }

  setDeltaLink(link: string | undefined): Promise<void> {
    return this.settings.setDeltaLink(link);
  }

  subscription(): Promise<SubscriptionRecord | undefined> {
    return this.settings.subscription();
  }

  setSubscription(subscription: SubscriptionRecord | undefined): Promise<void> {
    return this.settings.setSubscription(subscription);
  }

  enqueue(
    hints: ReadonlyArray<{ readonly userId: ObjectId; readonly source: HintSource }>,
    receivedAt: Date,
  ): Promise<number> {
    return this.hints.enqueue(hints, receivedAt);
  }

  claimHints(owner: string, limit: number, now: Date, leaseUntil: Date): Promise<QueuedHint[]> {
    return this.hints.claim(owner, limit, now, leaseUntil);
  }

  completeHint(id: string): Promise<void> {
    return this.hints.complete(id);
  }

  retryHint(id: string, notBefore: Date): Promise<void> {
    return this.hints.retry(id, notBefore);
  }

  pendingHints(): Promise<number> {
    return this.hints.pending();
  }

  /** Idempotent per request and user (a create that fails if the pair is already there). */
  async recordAutoRevocation(userId: ObjectId, requestId: string, at: Date): Promise<void> {
    const request = isSafeKeyPart(requestId) ? requestId : hashedKeyPart(requestId);
    await tableGuarded('record an automatic revocation', async () => {
      try {
        await this.table.createEntity({
          partitionKey: AUTO_REVOCATIONS,
          rowKey: key(request, userId),
          at: timeKey(at.getTime()),
        });
      } catch (error) {
        if (!isLostRace(error)) throw error;
      }
    });
  }

  async autoRevocationsSince(since: Date): Promise<number> {
    return tableGuarded('count automatic revocations', async () => {
      let count = 0;
      const rows = this.table.listEntities({
        queryOptions: {
          filter: odata`PartitionKey eq ${AUTO_REVOCATIONS} and at ge ${timeKey(since.getTime())}`,
          select: ['RowKey'],
        },
      });
      for await (const _row of rows) count++;
      return count;
    });
  }

  breaker(): Promise<BreakerState> {
    return this.settings.breaker();
  }

  updateBreaker(next: BreakerState): Promise<boolean> {
    return this.settings.updateBreaker(next);
  }

  hold(userId: ObjectId, at: Date): Promise<void> {
    return this.hints.held.hold(userId, at);
  }

  held(): Promise<ObjectId[]> {
    return this.hints.held.held();
  }

  releaseHeld(now: Date): Promise<ObjectId[]> {
    return this.hints.held.release(now);
  }

  revokedUser(userId: ObjectId): Promise<RevokedUser | undefined> {
    return this.revoked.get(userId);
  }

  revokedUserBySnapBackToken(token: string): Promise<RevokedUser | undefined> {
    return this.revoked.bySnapBackToken(token);
  }

  recordRevoked(user: RevokedUser): Promise<void> {
    return this.revoked.record(user);
  }

  markSnapBack(userId: ObjectId, at: Date, token: string): Promise<boolean> {
    return this.revoked.markSnapBack(userId, at, token);
  }

  clearSnapBack(userId: ObjectId): Promise<void> {
    return this.revoked.clearSnapBack(userId);
  }

  swapRedisable(userId: ObjectId, expected: string | null, next: string | null): Promise<boolean> {
    return this.revoked.swapRedisable(userId, expected, next);
  }
}
