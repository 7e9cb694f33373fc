import { type TableClient } from '@azure/data-tables';
import { SystemClock } from '../../src/adapters/clock/system-clock';
import { type LockdownStore } from '../../src/adapters/storage/lockdown-store';
import { createTableClients, type TableClients } from '../../src/adapters/storage/table-clients';
import { openTableStore } from '../../src/adapters/storage/table-store';
import { loadConfig } from '../../src/config';
import { type Clock } from '../../src/ports/clock';
import { type RunningAzurite } from './azurite';
import { MINIMAL_ENV } from './graph-connection';

export interface AzuriteStore extends LockdownStore {
  readonly prefix: string;
  /** The raw tables, for what only an attacker or an operator would do to them. */
  readonly tables: TableClients;
  /** Deletes the tables. */
  drop(): Promise<void>;
}

/** The environment that selects the table store on this Azurite, as an operator would set it. */
export const azuriteEnv = (azurite: RunningAzurite, prefix: string): Record<string, string> => ({
  STORE: 'table',
  STORE_CONNECTION_STRING: azurite.connectionString,
  STORE_TABLE_PREFIX: prefix,
});

/**
 * Opens Lockdown's table store on Azurite through the configuration, as start-up does. Each call
 * has its own TableClients, as another instance would: open twice with one prefix for two
 * instances on one store.
 */
export async function openAzuriteStore(
  azurite: RunningAzurite,
  prefix: string = azurite.freshPrefix(),
  clock: Clock = new SystemClock(),
): Promise<AzuriteStore> {
  const config = loadConfig({ ...MINIMAL_ENV, ...azuriteEnv(azurite, prefix) }).store;
  if (config.kind !== 'table') throw new Error('the configuration did not select the table store');
  const noCredential = () => {
    throw new Error('a connection string needs no Azure credential');
  };
  const store = await openTableStore(config, {
    clock,
    botVersion: 'test',
    credential: noCredential,
  });
  const tables = createTableClients(config.access, prefix, noCredential);
  return {
    ...store,
    prefix,
    tables,
    drop: async () => {
      await store.close();
      await Promise.all(Object.values(tables).map((t: TableClient) => t.deleteTable()));
    },
  };
}
