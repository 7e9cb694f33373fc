import { type TableClient, type TableEntityResult } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import { isLostRace, isNotFound, tableGuarded } from './table-guarded';

/** A row as read: its properties and the ETag that a conditional write must match. */
export type StoredRow = TableEntityResult<Record<string, unknown>>;

/**
 * What to do with the row just read: leave it (`write` absent), replace it with these
 * properties, or delete it. `result` is what the operation returns once that is done.
 */
export interface Decision<R> {
  readonly write?: Readonly<Record<string, unknown>> | 'delete';
  readonly result: R;
}

/** Beyond this many lost races in a row something is wrong (or the row is far too hot). */
const MAX_ATTEMPTS = 100;

/**
 * Read, decide, write only over what was read: the ETag (If-Match) makes the write fail if
 * anyone wrote the row in between, and a missing row is created with a create that fails if
 * someone created it first. A lost race re-reads and decides again, so `decide` sees every
 * concurrent change and a conditional operation (compare-and-set on a version, a field) keeps
 * its meaning under contention. `decide` must be pure: it may run several times.
 */
export async function compareAndSwap<R>(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
  decide: (current: StoredRow | undefined) => Decision<R>,
  what: string,
): Promise<R> {
  return tableGuarded(what, async () => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await readRow(table, partitionKey, rowKey);
      const decision = decide(current);
      if (decision.write === undefined) return decision.result;
      try {
        await writeRow(table, partitionKey, rowKey, current, decision.write);
        return decision.result;
      } catch (error) {
        if (!isLostRace(error) && !(isNotFound(error) && current)) throw error;
        await backOff(attempt);
      }
    }
    throw new DomainError(
      'STORE_UNAVAILABLE',
      {},
      { detail: `${what}: the row kept changing (${MAX_ATTEMPTS} attempts)` },
    );
  });
}

export async function readRow(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<StoredRow | undefined> {
  try {
    return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function writeRow(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
  current: StoredRow | undefined,
  write: Readonly<Record<string, unknown>> | 'delete',
): Promise<void> {
  if (write === 'delete') {
    if (current) await table.deleteEntity(partitionKey, rowKey, { etag: current.etag });
    return;
  }
  const entity = { ...write, partitionKey, rowKey };
  if (current) await table.updateEntity(entity, 'Replace', { etag: current.etag });
  else await table.createEntity(entity);
}

/** A short random pause that grows with the attempts, so racing writers spread out. */
export function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(100, 5 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
