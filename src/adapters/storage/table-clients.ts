import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { type TokenCredential } from '@azure/identity';
import { type TableAccess } from '../../config';
import { inPartition } from './table-keys';
import { statusOf, tableGuarded } from './table-guarded';

/** The SDK's pipeline policy type, without depending on its pipeline package directly. */
type PipelinePolicy = NonNullable<
  TableServiceClientOptions['additionalPolicies']
>[number]['policy'];

/** No single try waits on a silent connection for longer than this. */
const TRY_TIMEOUT_MS = 10_000;
/**
 * Aborts a try that takes too long. Done here rather than with the request's `timeout`, whose
 * timer the SDK leaves running after a refused connection (it kept test processes alive).
 */
const TRY_TIMEOUT: PipelinePolicy = {
  name: 'lockdownTryTimeout',
  sendRequest: async (request, next) => {
    const outer = request.abortSignal;
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    const timer = setTimeout(abort, TRY_TIMEOUT_MS);
    outer?.addEventListener('abort', abort);
    request.abortSignal = controller.signal;
    try {
      return await next(request);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
      request.abortSignal = outer;
    }
  },
};

/** Lockdown's three tables: requests and their steps, the audit trail, the watcher's state. */
export interface TableClients {
  readonly requests: TableClient;
  readonly audit: TableClient;
  readonly watcher: TableClient;
}

/**
 * One TableClient per table, from a connection string (its key signs each request) or from the
 * account URL with Lockdown's Azure identity (Storage Table Data Contributor on the account).
 * Plain http is allowed only when the configuration found a loopback emulator.
 */
export function createTableClients(
  access: TableAccess,
  tablePrefix: string,
  credential: () => TokenCredential,
): TableClients {
  const options: TableServiceClientOptions = {
    allowInsecureConnection: access.allowHttp,
    // A click waits on the store: fail in about a second when it is down, not after minutes.
    retryOptions: { maxRetries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
    additionalPolicies: [{ policy: TRY_TIMEOUT, position: 'perRetry' }],
  };
  const token = access.kind === 'account-url' ? credential() : undefined;
  const client = (suffix: string): TableClient =>
    access.kind === 'connection-string'
      ? TableClient.fromConnectionString(access.secret, `${tablePrefix}${suffix}`, options)
      : new TableClient(access.url, `${tablePrefix}${suffix}`, token!, options);
  return { requests: client('requests'), audit: client('audit'), watcher: client('watcher') };
}

/**
 * Creates the tables that do not exist yet. An identity allowed to use the tables but not to
 * create them (infrastructure made them) is refused the create: then the tables must answer.
 */
export async function ensureTables(clients: TableClients): Promise<void> {
  await tableGuarded('create the tables', async () => {
    await Promise.all(
      Object.values(clients).map(async (table: TableClient) => {
        try {
          await table.createTable();
        } catch (error) {
          if (statusOf(error) !== 403) throw error;
          await firstPage(table);
        }
      }),
    );
  });
}

/**
 * One cheap read per table: proves the account answers, the credential is accepted and the
 * tables exist, for /readyz.
 */
export async function probeTables(clients: TableClients): Promise<void> {
  await tableGuarded('probe the tables', async () => {
    await Promise.all(Object.values(clients).map(firstPage));
  });
}

async function firstPage(table: TableClient): Promise<void> {
  const query = { queryOptions: { filter: inPartition('probe'), select: ['RowKey'] } };
  await table.listEntities(query).byPage({ maxPageSize: 1 }).next();
}
