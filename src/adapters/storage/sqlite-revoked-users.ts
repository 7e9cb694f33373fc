import { toRequestId } from '../../domain/revocation/request-id';
import { type ObjectId } from '../../domain/user-ref';
import { type RevokedUser } from '../../domain/watcher/watched-user';
import { guarded, type SqliteDatabase } from './sqlite-database';

type RevokedRow = {
  user_id: string;
  user_principal_name: string;
  request_id: string;
  revoked_at: string;
  snap_back_reported_at: string | null;
  snap_back_token: string | null;
  redisable_request_id: string | null;
};

/**
 * The users Lockdown revoked, on SQLite (migration 2, `watcher_revoked`), so that re-enabling one
 * is reported as a snap-back (SPEC section 5). Marking a snap-back reported is one conditional
 * UPDATE: of two instances that see the same re-enable, only one posts the card.
 */
export class SqliteRevokedUsers {
  constructor(private readonly db: SqliteDatabase) {}

  get(userId: ObjectId): RevokedUser | undefined {
    return guarded('read a revoked user', () => {
      const row = this.db.prepare('SELECT * FROM watcher_revoked WHERE user_id = ?').get(userId) as
        RevokedRow | undefined;
      return row && toRevoked(row);
    });
  }

  bySnapBackToken(token: string): RevokedUser | undefined {
    return guarded('read a revoked user', () => {
      const row = this.db
        .prepare('SELECT * FROM watcher_revoked WHERE snap_back_token = ?')
        .get(token) as RevokedRow | undefined;
      return row && toRevoked(row);
    });
  }

  /** A new revocation starts a new watch: no snap-back reported yet, whatever `user` says. */
  record(user: RevokedUser): void {
    guarded('record a revoked user', () =>
      this.db
        .prepare(
          `INSERT INTO watcher_revoked
             (user_id, user_principal_name, request_id, revoked_at, snap_back_reported_at)
           VALUES (?, ?, ?, ?, NULL)
           ON CONFLICT (user_id) DO UPDATE SET user_principal_name = excluded.user_principal_name,
             request_id = excluded.request_id, revoked_at = excluded.revoked_at,
             snap_back_reported_at = NULL, snap_back_token = NULL, redisable_request_id = NULL`,
        )
        .run(user.userId, user.userPrincipalName, user.requestId, user.revokedAt),
    );
  }

  markSnapBack(userId: ObjectId, at: Date, token: string): boolean {
    return guarded('mark a snap-back reported', () => {
      const result = this.db
        .prepare(
          `UPDATE watcher_revoked SET snap_back_reported_at = ?, snap_back_token = ?
           WHERE user_id = ? AND snap_back_reported_at IS NULL`,
        )
        .run(at.toISOString(), token, userId);
      return result.changes === 1;
    });
  }

  clearSnapBack(userId: ObjectId): void {
    guarded('clear a snap-back', () =>
      this.db
        .prepare(
          `UPDATE watcher_revoked SET snap_back_reported_at = NULL, redisable_request_id = NULL
           WHERE user_id = ?`,
        )
        .run(userId),
    );
  }

  /** `IS ?` matches NULL too, so "no marker yet" is a compare-and-set like any other. */
  swapRedisable(userId: ObjectId, expected: string | null, next: string | null): boolean {
    return guarded('claim a re-disable', () => {
      const result = this.db
        .prepare(
          `UPDATE watcher_revoked SET redisable_request_id = ?
           WHERE user_id = ? AND redisable_request_id IS ?`,
        )
        .run(next, userId, expected);
      return result.changes === 1;
    });
  }
}

const toRevoked = (row: RevokedRow): RevokedUser => ({
  userId: row.user_id as ObjectId,
  userPrincipalName: row.user_principal_name,
  requestId: toRequestId(row.request_id),
  revokedAt: row.revoked_at,
  snapBackReportedAt: row.snap_back_reported_at,
  snapBackToken: row.snap_back_token,
  redisableRequestId: row.redisable_request_id,
});
