import { type ObjectId } from '../../domain/user-ref';
import { type RevokedUser } from '../../domain/watcher/watched-user';
import { guarded, type SqliteDatabase } from './sqlite-database';

type RevokedRow = {
  user_id: string;
  user_principal_name: string;
  request_id: string;
  revoked_at: string;
  snap_back_reported_at: string | null;
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
             snap_back_reported_at = NULL`,
        )
        .run(user.userId, user.userPrincipalName, user.requestId, user.revokedAt),
    );
  }

  markSnapBack(userId: ObjectId, at: Date): boolean {
    return guarded('mark a snap-back reported', () => {
      const result = this.db
        .prepare(
          `UPDATE watcher_revoked SET snap_back_reported_at = ?
           WHERE user_id = ? AND snap_back_reported_at IS NULL`,
        )
        .run(at.toISOString(), userId);
      return result.changes === 1;
    });
  }

  clearSnapBack(userId: ObjectId): void {
    guarded('clear a snap-back', () =>
      this.db
        .prepare('UPDATE watcher_revoked SET snap_back_reported_at = NULL WHERE user_id = ?')
        .run(userId),
    );
  }
}

const toRevoked = (row: RevokedRow): RevokedUser => ({
  userId: row.user_id as ObjectId,
  userPrincipalName: row.user_principal_name,
  requestId: row.request_id,
  revokedAt: row.revoked_at,
  snapBackReportedAt: row.snap_back_reported_at,
});
