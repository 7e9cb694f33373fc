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
  // 2: the watcher (SPEC section 5): baseline, settings, hint queue, automatic revocations (for the
  // circuit breaker), users held while it is open, and users Lockdown revoked (for snap-back).
  // A hint is 'pending' while it waits and 'leased' while a worker holds it; only a waiting hint
  // absorbs a new one for the same user (the index below), because a worker already re-reading
  // the user may have read it before the change its new hint announces. AUTOINCREMENT keeps a
  // finished hint's id from being reused, so a late completeHint never finishes a newer hint.
  `
  CREATE TABLE watcher_baseline (
    user_id TEXT PRIMARY KEY,
    account_enabled INTEGER NOT NULL CHECK (account_enabled IN (0, 1)),
    observed_at TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1))
  ) WITHOUT ROWID;
  CREATE TABLE watcher_settings (
    key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    value TEXT NOT NULL
  );
  CREATE TABLE watcher_hints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'leased')),
    received_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    not_before_ms INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until_ms INTEGER
  );
  CREATE UNIQUE INDEX watcher_hints_one_waiting_per_user ON watcher_hints (user_id)
    WHERE status = 'pending';
  CREATE INDEX watcher_hints_by_age ON watcher_hints (received_at, id);
  CREATE INDEX watcher_hints_by_user ON watcher_hints (user_id, status);
  CREATE TABLE watcher_auto_revocations (
    request_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    PRIMARY KEY (request_id, user_id)
  );
  CREATE INDEX watcher_auto_revocations_by_time ON watcher_auto_revocations (at_ms);
  CREATE TABLE watcher_held (
    user_id TEXT PRIMARY KEY,
    held_at_ms INTEGER NOT NULL
  );
  CREATE TABLE watcher_revoked (
    user_id TEXT PRIMARY KEY,
    user_principal_name TEXT NOT NULL,
    request_id TEXT NOT NULL,
    revoked_at TEXT NOT NULL,
    snap_back_reported_at TEXT,
    snap_back_token TEXT,
    redisable_request_id TEXT
  );
  CREATE UNIQUE INDEX watcher_revoked_by_snap_back_token ON watcher_revoked (snap_back_token);
  `,
];
