import { type StoreConfig } from '../../config';
import { SqliteAuditLog } from '../audit/sqlite-audit-log';
import { type LockdownStore, type StoreOptions } from './lockdown-store';
import { openSqliteDatabase } from './sqlite-database';
import { SqliteRequestStore } from './sqlite-request-store';
import { SqliteWatcherStore } from './sqlite-watcher-store';
import { openTableStore } from './table-store';

/**
 * Opens the store the configuration names (STORE): embedded SQLite in DATA_DIR for one instance,
 * or Azure Table Storage shared by several, with the same conditional-write guarantees.
 */
export async function openStore(
  config: StoreConfig,
  options: StoreOptions,
): Promise<LockdownStore> {
  if (config.kind === 'table') return openTableStore(config, options);
  const db = openSqliteDatabase(config.dataDir);
  return {
    requests: new SqliteRequestStore(db),
    audit: new SqliteAuditLog(db, options.clock, options.botVersion),
    watch: new SqliteWatcherStore(db),
    probe: async () => void db.prepare('SELECT 1').get(),
    close: async () => void db.close(),
  };
}
