import { type RequestId } from '../../domain/revocation/request-id';
import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { type StepState } from '../../domain/revocation/step-state';
import { type RequestQuery, type RequestStore } from '../../ports/request-store';
import { guarded, type SqliteDatabase } from './sqlite-database';

type BodyRow = { body: string };

/** The request store on SQLite; each conditional write is one statement with a version guard. */
export class SqliteRequestStore implements RequestStore {
  constructor(private readonly db: SqliteDatabase) {}

  async create(request: RevocationRequest, steps: readonly StepState[]): Promise<boolean> {
    return guarded('create a request', () =>
      this.db
        .transaction(() => {
          const inserted = this.db
            .prepare(
              'INSERT OR IGNORE INTO requests (id, token, status, version, created_at, body) VALUES (?, ?, ?, ?, ?, ?)',
            )
            .run(
              request.id,
              request.token,
              request.status,
              request.version,
              request.createdAt,
              JSON.stringify(request),
            );
          if (inserted.changes !== 1) return false;
          const target = this.db.prepare(
            'INSERT OR IGNORE INTO request_targets (target_id, request_id) VALUES (?, ?)',
          );
          for (const t of request.targets) target.run(t.id, request.id);
          const step = this.db.prepare(
            'INSERT INTO steps (request_id, target_id, step, status, version, body) VALUES (?, ?, ?, ?, ?, ?)',
          );
          for (const s of steps)
            step.run(s.requestId, s.targetId, s.step, s.status, s.version, JSON.stringify(s));
          return true;
        })
        .immediate(),
    );
  }

  async get(id: RequestId): Promise<RevocationRequest | undefined> {
    return guarded('read a request', () =>
      parse(
        this.db.prepare('SELECT body FROM requests WHERE id = ?').get(id) as BodyRow | undefined,
      ),
    );
  }

  async findByToken(token: string): Promise<RevocationRequest | undefined> {
    return guarded('find a request by token', () =>
      parse(
        this.db.prepare('SELECT body FROM requests WHERE token = ?').get(token) as
          BodyRow | undefined,
      ),
    );
  }

  async update(next: RevocationRequest): Promise<boolean> {
    return guarded('update a request', () => {
      const result = this.db
        .prepare(
          'UPDATE requests SET status = ?, version = ?, body = ? WHERE id = ? AND version = ?',
        )
        .run(next.status, next.version, JSON.stringify(next), next.id, next.version - 1);
      return result.changes === 1;
    });
  }

  async list(query: RequestQuery): Promise<RevocationRequest[]> {
    return guarded('list requests', () => {
      const where: string[] = [];
      const args: unknown[] = [];
      if (query.statuses?.length) {
        where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
        args.push(...query.statuses);
      }
      if (query.targetId) {
        where.push('id IN (SELECT request_id FROM request_targets WHERE target_id = ?)');
        args.push(query.targetId);
      }
      const sql = `SELECT body FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
      return (this.db.prepare(sql).all(...args, query.limit) as BodyRow[]).map(
        (row) => JSON.parse(row.body) as RevocationRequest,
      );
    });
  }

  async listSteps(requestId: RequestId): Promise<StepState[]> {
    return guarded('list steps', () =>
      (
        this.db
          .prepare('SELECT body FROM steps WHERE request_id = ? ORDER BY rowid')
          .all(requestId) as BodyRow[]
      ).map((row) => JSON.parse(row.body) as StepState),
    );
  }

  async updateStep(next: StepState): Promise<boolean> {
    return guarded('update a step', () => {
      const result = this.db
        .prepare(
          'UPDATE steps SET status = ?, version = ?, body = ? WHERE request_id = ? AND target_id = ? AND step = ? AND version = ?',
        )
        .run(
          next.status,
          next.version,
          JSON.stringify(next),
          next.requestId,
          next.targetId,
          next.step,
          next.version - 1,
        );
      return result.changes === 1;
    });
  }

  async claimLease(requestId: RequestId, owner: string, until: Date, now: Date): Promise<boolean> {
    return guarded('claim a lease', () => {
      const result = this.db
        .prepare(
          `INSERT INTO leases (request_id, owner, until_ms) VALUES (?, ?, ?)
           ON CONFLICT (request_id) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms
           WHERE leases.owner = excluded.owner OR leases.until_ms <= ?`,
        )
        .run(requestId, owner, until.getTime(), now.getTime());
      return result.changes === 1;
    });
  }

  async releaseLease(requestId: RequestId, owner: string): Promise<void> {
    guarded('release a lease', () =>
      this.db
        .prepare('DELETE FROM leases WHERE request_id = ? AND owner = ?')
        .run(requestId, owner),
    );
  }

  async listRunnable(now: Date): Promise<RequestId[]> {
    return guarded('list runnable requests', () =>
      (
        this.db
          .prepare(
            `SELECT id FROM requests WHERE status IN ('approved', 'running')
             AND id NOT IN (SELECT request_id FROM leases WHERE until_ms > ?) ORDER BY created_at`,
          )
          .all(now.getTime()) as Array<{ id: string }>
      ).map((row) => row.id as RequestId),
    );
  }
}

const parse = (row: BodyRow | undefined): RevocationRequest | undefined =>
  row ? (JSON.parse(row.body) as RevocationRequest) : undefined;
