import { odata, type TableClient } from '@azure/data-tables';
import { toRequestId } from '../../domain/revocation/request-id';
import { type ObjectId } from '../../domain/user-ref';
import { type RevokedUser } from '../../domain/watcher/watched-user';
import { compareAndSwap, readRow, type StoredRow } from './table-compare-and-swap';
import { tableGuarded } from './table-guarded';
import { isSafeKeyPart } from './table-keys';

const PARTITION = 'revoked';
/** Snap-back tokens are 22 characters; a much longer one is not a token. */
const MAX_TOKEN_LENGTH = 512;

type Fields = Omit<RevokedUser, 'userId'>;

/**
 * The users Lockdown revoked, on Table Storage (one row per user in `revoked`), so that
 * re-enabling one is reported as a snap-back (SPEC section 5). Marking a snap-back reported,
 * clearing it and the re-disable marker are compare-and-swap on the row: of two instances that
 * see the same re-enable, only one posts the card. A null field is an absent property.
 */
export class TableRevokedUsers {
  constructor(private readonly table: TableClient) {}

  async get(userId: ObjectId): Promise<RevokedUser | undefined> {
    if (!isSafeKeyPart(userId)) return undefined;
    return tableGuarded('read a revoked user', async () =>
      toRevoked(await readRow(this.table, PARTITION, userId)),
    );
  }

  /** The token is a filter value (quoted by `odata`), never a key; an empty one finds nobody. */
  async bySnapBackToken(token: string): Promise<RevokedUser | undefined> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
    return tableGuarded('read a revoked user', async () => {
      const rows = this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and snapBackToken eq ${token}` },
      });
      for await (const row of rows) if (row.snapBackToken === token) return toRevoked(row);
      return undefined;
    });
  }

  /** A new revocation starts a new watch: no snap-back reported yet, whatever `user` says. */
  async record(user: RevokedUser): Promise<void> {
    await tableGuarded('record a revoked user', () =>
      this.table.upsertEntity(
        {
          partitionKey: PARTITION,
          rowKey: user.userId,
          ...properties({
            userPrincipalName: user.userPrincipalName,
            requestId: user.requestId,
            revokedAt: user.revokedAt,
            snapBackReportedAt: null,
            snapBackToken: null,
            redisableRequestId: null,
          }),
        },
        'Replace',
      ),
    );
  }

  markSnapBack(userId: ObjectId, at: Date, token: string): Promise<boolean> {
    return this.swap(userId, 'mark a snap-back reported', (fields) =>
      fields.snapBackReportedAt === null
        ? { ...fields, snapBackReportedAt: at.toISOString(), snapBackToken: token }
        : undefined,
    ).then((swapped) => swapped === true);
  }

  async clearSnapBack(userId: ObjectId): Promise<void> {
    await this.swap(userId, 'clear a snap-back', (fields) => ({
      ...fields,
      snapBackReportedAt: null,
      redisableRequestId: null,
    }));
  }

  swapRedisable(userId: ObjectId, expected: string | null, next: string | null): Promise<boolean> {
    return this.swap(userId, 'claim a re-disable', (fields) =>
      fields.redisableRequestId === expected ? { ...fields, redisableRequestId: next } : undefined,
    ).then((swapped) => swapped === true);
  }

  /** Applies `change` to the stored user (undefined: refuse); false when there is none. */
  private swap(
    userId: ObjectId,
    what: string,
    change: (fields: Fields) => Fields | undefined,
  ): Promise<boolean> {
    if (!isSafeKeyPart(userId)) return Promise.resolve(false);
    return compareAndSwap(
      this.table,
      PARTITION,
      userId,
      (current) => {
        const user = toRevoked(current);
        const next = user && change(user);
        return next ? { write: properties(next), result: true } : { result: false };
      },
      what,
    );
  }
}

function properties(fields: Fields): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

function toRevoked(row: StoredRow | Record<string, unknown> | undefined): RevokedUser | undefined {
  if (!row) return undefined;
  const text = (name: string): string | null =>
    typeof row[name] === 'string' ? (row[name] as string) : null;
  return {
    userId: String(row.rowKey) as ObjectId,
    userPrincipalName: String(row.userPrincipalName),
    requestId: toRequestId(String(row.requestId)),
    revokedAt: String(row.revokedAt),
    snapBackReportedAt: text('snapBackReportedAt'),
    snapBackToken: text('snapBackToken'),
    redisableRequestId: text('redisableRequestId'),
  };
}
