import { type StoreConfig } from '../../config';
import { TableAuditLog } from '../audit/table-audit-log';
import { type LockdownStore, type StoreOptions } from './lockdown-store';
import { createTableClients, ensureTables, probeTables } from './table-clients';
import { TableRequestStore } from './table-request-store';
import { TableWatcherStore } from './table-watcher-store';

/**
 * Lockdown's store on Azure Table Storage, shared by every instance (SPEC section 10): creates
 * its tables if needed, then the three ports over them, each instance with its own clients.
 */
export async function openTableStore(
  config: Extract<StoreConfig, { kind: 'table' }>,
  options: StoreOptions,
): Promise<LockdownStore> {
  const tables = createTableClients(config.access, config.tablePrefix, options.credential);
  await ensureTables(tables);
  const audit = new TableAuditLog(tables.audit, options.clock, options.botVersion);
  return {
    requests: new TableRequestStore(tables.requests),
    audit,
    watch: new TableWatcherStore(tables.watcher),
    probe: () => probeTables(tables),
    close: () => audit.flush(),
  };
}
