import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../domain/errors';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE = 'lockdown.db';

/**
 * Opens (creating if needed) Lockdown's embedded store in `dataDir` and brings its schema up to
 * date. WAL keeps readers and the writer apart; every committed transaction survives a process
 * crash. The file is created readable by its owner only: it holds the audit trail.
 */
export function openSqliteDatabase(dataDir: string): SqliteDatabase {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

export function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(
      `the store's schema (version ${current}) is newer than this Lockdown knows (${SQLITE_MIGRATIONS.length}); upgrade Lockdown`,
    );
  }
  db.transaction(() => {
    for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
      db.exec(SQLITE_MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
}

/** Runs a store operation, turning SQLite failures into the catalogue's STORE_UNAVAILABLE. */
export function guarded<T>(what: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError(
      'STORE_UNAVAILABLE',
      {},
      {
        cause: error,
        detail: `${what}: ${error instanceof Error ? error.message : String(error)}`,
      },
    );
  }
}
