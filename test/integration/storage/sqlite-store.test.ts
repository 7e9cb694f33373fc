import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAuditLog } from '../../../src/adapters/audit/sqlite-audit-log';
import { SystemClock } from '../../../src/adapters/clock/system-clock';
import { SqliteRequestStore } from '../../../src/adapters/storage/sqlite-request-store';
import { openSqliteDatabase } from '../../../src/adapters/storage/sqlite-database';
import { auditLogContract } from '../../contracts/audit-log-contract';
import { requestStoreContract, sampleRequest } from '../../contracts/request-store-contract';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-store-'));
}

requestStoreContract('SqliteRequestStore', async () => {
  const dir = tempDir();
  const db = openSqliteDatabase(dir);
  return {
    store: new SqliteRequestStore(db),
    dispose: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

auditLogContract('SqliteAuditLog', async () => {
  const dir = tempDir();
  const db = openSqliteDatabase(dir);
  return {
    audit: new SqliteAuditLog(db, new SystemClock(), 'test'),
    dispose: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the SQLite store on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what it committed across a reopen, and migrates only once', async () => {
    const first = openSqliteDatabase(dir);
    const request = sampleRequest(1);
    await new SqliteRequestStore(first).create(request, []);
    first.close();
    const second = openSqliteDatabase(dir);
    expect(second.pragma('user_version', { simple: true })).toBe(2);
    expect(await new SqliteRequestStore(second).get(request.id)).toEqual(request);
    second.close();
  });

  it('creates its file readable by its owner only', () => {
    openSqliteDatabase(dir).close();
    expect(fs.statSync(path.join(dir, 'lockdown.db')).mode & 0o077).toBe(0);
  });

  it('refuses to rewrite or delete audit records', async () => {
    const db = openSqliteDatabase(dir);
    await new SqliteAuditLog(db, new SystemClock(), 'test').append({
      eventType: 'request_created',
      actor: { aadObjectId: 'system', role: 'system' },
      outcome: 'success',
    });
    expect(() => db.prepare("UPDATE audit SET body = '{}' WHERE seq = 1").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM audit WHERE seq = 1').run()).toThrow(/append-only/);
    db.close();
  });

  it('refuses to open a store whose schema is newer than this code', () => {
    const db = openSqliteDatabase(dir);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openSqliteDatabase(dir)).toThrow(/newer than this Lockdown knows/);
  });

  it('reports a store it cannot use as STORE_UNAVAILABLE', async () => {
    const db = openSqliteDatabase(dir);
    const store = new SqliteRequestStore(db);
    db.close();
    await expect(store.get(sampleRequest(1).id)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      retryable: true,
    });
  });
});
