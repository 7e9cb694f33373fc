import { type TableClient } from '@azure/data-tables';
import { type BreakerState, CLOSED_BREAKER } from '../../domain/watcher/circuit-breaker';
import { type SubscriptionRecord } from '../../ports/directory-changes';
import { compareAndSwap, readRow } from './table-compare-and-swap';
import { isNotFound, tableGuarded } from './table-guarded';
import { jsonProperties, parseJsonProperties } from './table-json-properties';

const PARTITION = 'settings';
const DELTA_LINK = 'delta-link';
const SUBSCRIPTION = 'subscription';
const BREAKER = 'breaker';

/**
 * The watcher's single values on Table Storage (one row each in `settings`): the delta link and
 * the subscription, written unconditionally, and the circuit breaker, written only by
 * compare-and-swap on its version so that two instances never both pause or resume it.
 */
export class TableWatcherSettings {
  constructor(private readonly table: TableClient) {}

  deltaLink(): Promise<string | undefined> {
    return tableGuarded('read the delta link', () => this.get<string>(DELTA_LINK));
  }

  setDeltaLink(link: string | undefined): Promise<void> {
    return tableGuarded('store the delta link', () => this.set(DELTA_LINK, link));
  }

  subscription(): Promise<SubscriptionRecord | undefined> {
    return tableGuarded('read the subscription', () => this.get<SubscriptionRecord>(SUBSCRIPTION));
  }

  setSubscription(subscription: SubscriptionRecord | undefined): Promise<void> {
    return tableGuarded('store the subscription', () => this.set(SUBSCRIPTION, subscription));
  }

  async breaker(): Promise<BreakerState> {
    // Defaults first: a state written before a field existed still reads completely.
    const stored = await tableGuarded('read the circuit breaker', () =>
      this.get<Partial<BreakerState>>(BREAKER),
    );
    return { ...CLOSED_BREAKER, ...stored };
  }

  /** Version 1 replaces the implicit CLOSED_BREAKER (version 0): it exists only if no row does. */
  updateBreaker(next: BreakerState): Promise<boolean> {
    return compareAndSwap(
      this.table,
      PARTITION,
      BREAKER,
      (current) =>
        (current ? Number(current.version) : 0) === next.version - 1
          ? { write: { version: next.version, ...jsonProperties('value', next) }, result: true }
          : { result: false },
      'update the circuit breaker',
    );
  }

  private async get<T>(rowKey: string): Promise<T | undefined> {
    const row = await readRow(this.table, PARTITION, rowKey);
    return row && parseJsonProperties<T>(row, 'value');
  }

  private async set(rowKey: string, value: unknown): Promise<void> {
    if (value !== undefined) {
      const entity = {
        partitionKey: PARTITION,
        rowKey,
        version: 0,
        ...jsonProperties('value', value),
      };
      await this.table.upsertEntity(entity, 'Replace');
      return;
    }
    try {
      await this.table.deleteEntity(PARTITION, rowKey);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
