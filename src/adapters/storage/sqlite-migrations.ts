/**
 * Schema migrations, applied in order and recorded in `PRAGMA user_version`. Append new ones;
 * never edit a released migration.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: requests, step states, run leases and the audit trail.
  `
  CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX requests_by_status ON requests (status, created_at);
  CREATE INDEX requests_by_creation ON requests (created_at);
  CREATE TABLE request_targets (
    target_id TEXT NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id),
    PRIMARY KEY (target_id, request_id)
  );
  CREATE TABLE steps (
    request_id TEXT NOT NULL REFERENCES requests (id),
    target_id TEXT NOT NULL,
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (request_id, target_id, step)
  );
  CREATE TABLE leases (
    request_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    until_ms INTEGER NOT NULL
  );
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    ts TEXT NOT NULL,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
];
