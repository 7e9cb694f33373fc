import { type TableClient, type TransactionAction } from '@azure/data-tables';
import { createHash } from 'node:crypto';
import { type ObjectId } from '../../domain/user-ref';
import { type KnownState } from '../../domain/watcher/watched-user';
import { compareAndSwap, readRow, type StoredRow } from './table-compare-and-swap';
import { isLostRace, tableGuarded } from './table-guarded';
import { inParallel } from './table-in-parallel';
import { jsonProperties, parseJsonProperties } from './table-json-properties';
import { inPartition } from './table-keys';

const PARTITION = 'baseline';
/**
 * Users are spread over this many rows by a hash of their id. A row holds every state of its
 * bucket, so a 50,000-user baseline is about a thousand writes instead of fifty thousand, and
 * still a few KiB per row (a row holds up to about 7,000 users: 7 million in all).
 */
const BUCKETS = 1024;
/** Writing more buckets than this reads the whole baseline in one query instead of row by row. */
const READ_ALL_ABOVE = BUCKETS / 4;
const MAX_BATCH = 100;
const MAX_BATCH_CHARS = 2_000_000;

/** A user's state in its bucket: [accountEnabled, observedAt, pending]. */
type Packed = readonly [0 | 1, string, 0 | 1];
type Bucket = Readonly<Record<string, Packed>>;

/**
 * The watcher's baseline on Table Storage. Every write to a bucket is conditional on the
 * bucket's ETag and decided again after a lost race, so per user it behaves like SQLite's
 * conditional UPDATE: a transition moves a state only from the one it expects (exactly one of
 * many concurrent transitions wins), and a baseline round never overwrites a pending state.
 */
export class TableWatcherBaseline {
  constructor(private readonly table: TableClient) {}

  async get(userId: ObjectId): Promise<KnownState | undefined> {
    return tableGuarded('read a known state', async () => {
      const packed = usersOf(await readRow(this.table, PARTITION, bucketOf(userId)))[userId];
      return packed && unpack(userId, packed);
    });
  }

  async record(states: readonly KnownState[]): Promise<void> {
    const groups = new Map<string, Map<string, KnownState>>();
    for (const state of states) {
      const bucket = bucketOf(state.userId);
      const group = groups.get(bucket) ?? new Map<string, KnownState>();
      group.set(state.userId, state); // the last write for a user wins, as in SQLite
      groups.set(bucket, group);
    }
    if (groups.size === 0) return;
    await tableGuarded('record the baseline', async () => {
      const current = await this.read([...groups.keys()]);
      const writes: Array<{ bucket: string; action: TransactionAction; chars: number }> = [];
      for (const [bucket, group] of groups) {
        const row = current.get(bucket);
        const merged = merge(usersOf(row), group.values());
        if (!merged) continue;
        const entity = bucketRow(bucket, merged);
        writes.push({
          bucket,
          chars: JSON.stringify(merged).length,
          action: row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity],
        });
      }
      for (const batch of batches(writes)) {
        try {
          await this.table.submitTransaction(batch.map((w) => w.action));
        } catch (error) {
          if (!isLostRace(error)) throw error;
          // Another instance wrote one of these buckets: merge each again on its own.
          await inParallel(batch, 8, (w) => this.recordOne(w.bucket, groups.get(w.bucket)!));
        }
      }
    });
  }

  async transition(expected: KnownState | undefined, next: KnownState): Promise<boolean> {
    assertSameUser(expected, next);
    return compareAndSwap(
      this.table,
      PARTITION,
      bucketOf(next.userId),
      (current) => {
        const users = usersOf(current);
        const stored = users[next.userId];
        const matches = expected
          ? stored !== undefined && sameState(unpack(next.userId, stored), expected)
          : stored === undefined;
        if (!matches) return { result: false };
        const bucket = bucketRow(bucketOf(next.userId), { ...users, [next.userId]: pack(next) });
        return { write: bucket, result: true };
      },
      'move a known state',
    );
  }

  private recordOne(bucket: string, group: Map<string, KnownState>): Promise<void> {
    return compareAndSwap(
      this.table,
      PARTITION,
      bucket,
      (current) => {
        const merged = merge(usersOf(current), group.values());
        return { write: merged && bucketRow(bucket, merged), result: undefined };
      },
      'record the baseline',
    );
  }

  private async read(buckets: readonly string[]): Promise<Map<string, StoredRow>> {
    const rows = new Map<string, StoredRow>();
    if (buckets.length > READ_ALL_ABOVE) {
      const query = { queryOptions: { filter: inPartition(PARTITION) } };
      for await (const row of this.table.listEntities<Record<string, unknown>>(query))
        rows.set(row.rowKey!, row);
    } else {
      await inParallel(buckets, 16, async (bucket) => {
        const row = await readRow(this.table, PARTITION, bucket);
        if (row) rows.set(bucket, row);
      });
    }
    return rows;
  }
}

function bucketOf(userId: string): string {
  const n = createHash('sha256').update(userId).digest().readUInt16BE(0) % BUCKETS;
  return `b${n.toString(16).padStart(3, '0')}`;
}

const usersOf = (row: StoredRow | undefined): Bucket =>
  (row && parseJsonProperties<Bucket>(row, 'users')) ?? {};

const bucketRow = (bucket: string, users: Bucket) => ({
  partitionKey: PARTITION,
  rowKey: bucket,
  ...jsonProperties('users', users),
});

/** The bucket with `states` written over it, pending states kept; undefined if nothing changes. */
function merge(users: Bucket, states: Iterable<KnownState>): Bucket | undefined {
  const next: Record<string, Packed> = { ...users };
  let changed = false;
  for (const state of states) {
    const stored = users[state.userId];
    if (stored?.[2] === 1) continue; // pending: its work is unfinished
    const packed = pack(state);
    if (stored && stored.every((v, i) => v === packed[i])) continue;
    next[state.userId] = packed;
    changed = true;
  }
  return changed ? next : undefined;
}

/** Up to 100 writes per transaction, well inside its 4 MiB payload. */
function batches<T extends { chars: number }>(writes: readonly T[]): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const write of writes) {
    if (
      current.length === MAX_BATCH ||
      (current.length > 0 && chars + write.chars > MAX_BATCH_CHARS)
    ) {
      result.push(current);
      current = [];
      chars = 0;
    }
    current.push(write);
    chars += write.chars;
  }
  if (current.length > 0) result.push(current);
  return result;
}

const pack = (s: KnownState): Packed => [s.accountEnabled ? 1 : 0, s.observedAt, s.pending ? 1 : 0];

const unpack = (userId: string, p: Packed): KnownState => ({
  userId: userId as ObjectId,
  accountEnabled: p[0] === 1,
  observedAt: p[1],
  pending: p[2] === 1,
});

const sameState = (a: KnownState, b: KnownState): boolean =>
  a.accountEnabled === b.accountEnabled && a.observedAt === b.observedAt && a.pending === b.pending;

/** A baseline transition is about one user; anything else is a bug in the caller. */
function assertSameUser(expected: KnownState | undefined, next: KnownState): void {
  if (expected && expected.userId !== next.userId)
    throw new Error(
      `transitionState must move one user's state (expected ${expected.userId}, next ${next.userId})`,
    );
}
