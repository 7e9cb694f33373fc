import { type BreakerState, CLOSED_BREAKER } from '../../domain/watcher/circuit-breaker';
import { type SubscriptionRecord } from '../../ports/directory-changes';
import { guarded, type SqliteDatabase } from './sqlite-database';

const DELTA_LINK = 'delta-link';
const SUBSCRIPTION = 'subscription';
const BREAKER = 'breaker';

/**
 * The watcher's single values on SQLite (migration 2, `watcher_settings`): the delta link and the
 * subscription, written unconditionally (version stays 0), and the circuit breaker, written only
 * by compare-and-set on its version so that two instances never both pause or resume it.
 */
export class SqliteWatcherSettings {
  constructor(private readonly db: SqliteDatabase) {}

  deltaLink(): string | undefined {
    return guarded('read the delta link', () => this.get(DELTA_LINK));
  }

  setDeltaLink(link: string | undefined): void {
    guarded('store the delta link', () => this.set(DELTA_LINK, link));
  }

  subscription(): SubscriptionRecord | undefined {
    return guarded('read the subscription', () => {
      const value = this.get(SUBSCRIPTION);
      return value === undefined ? undefined : (JSON.parse(value) as SubscriptionRecord);
    });
  }

  setSubscription(subscription: SubscriptionRecord | undefined): void {
    guarded('store the subscription', () =>
      this.set(SUBSCRIPTION, subscription && JSON.stringify(subscription)),
    );
  }

  breaker(): BreakerState {
    return guarded('read the circuit breaker', () => {
      const value = this.get(BREAKER);
      // Defaults first: a state written before a field existed still reads completely.
      return { ...CLOSED_BREAKER, ...(JSON.parse(value ?? '{}') as Partial<BreakerState>) };
    });
  }

  updateBreaker(next: BreakerState): boolean {
    return guarded('update the circuit breaker', () => {
      const body = JSON.stringify(next);
      // Version 1 replaces the implicit CLOSED_BREAKER (version 0): it exists only if no row does.
      const result =
        next.version === 1
          ? this.db
              .prepare(
                'INSERT OR IGNORE INTO watcher_settings (key, version, value) VALUES (?, 1, ?)',
              )
              .run(BREAKER, body)
          : this.db
              .prepare(
                'UPDATE watcher_settings SET version = ?, value = ? WHERE key = ? AND version = ?',
              )
              .run(next.version, body, BREAKER, next.version - 1);
      return result.changes === 1;
    });
  }

  private get(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM watcher_settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  private set(key: string, value: string | undefined): void {
    if (value === undefined) {
      this.db.prepare('DELETE FROM watcher_settings WHERE key = ?').run(key);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO watcher_settings (key, version, value) VALUES (?, 0, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(key, value);
  }
}
