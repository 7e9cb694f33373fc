import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAuditLog } from '../../../src/adapters/audit/sqlite-audit-log';
import { SystemClock } from '../../../src/adapters/clock/system-clock';
import {
  openSqliteDatabase,
  type SqliteDatabase,
} from '../../../src/adapters/storage/sqlite-database';
import { runAuditCli } from '../../../src/cli/audit';

const RECORDS = 1_000;
const ROOT = path.join(__dirname, '../../..');

/** Runs `audit` as `npm run audit` does, against DATA_DIR, capturing what it prints. */
async function audit(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const previous = process.env.DATA_DIR;
  process.env.DATA_DIR = dataDir;
  try {
    const code = await runAuditCli(
      args,
      (t) => out.push(t),
      (t) => err.push(t),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env.DATA_DIR = previous;
  }
}

/** An attacker with write access to the database file: triggers dropped, rows edited. */
function tamper(dataDir: string, edit: (db: SqliteDatabase) => void): void {
  const db = openSqliteDatabase(dataDir);
  db.exec('DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete;');
  edit(db);
  db.close();
}

describe('audit trail tamper evidence', () => {
  let template: string;
  let dir: string;

  beforeAll(async () => {
    template = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-audit-'));
    const db = openSqliteDatabase(template);
    const log = new SqliteAuditLog(db, new SystemClock(), 'test');
    for (let i = 1; i <= RECORDS; i++) {
      await log.append({
        eventType: 'step_result',
        requestId: `LD-${String(i).padStart(6, '0')}`,
        actor: { aadObjectId: 'system', role: 'system' },
        step: 'revoke-sessions',
        outcome: 'success',
      });
    }
    db.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-audit-copy-'));
    fs.cpSync(template, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

  it('verifies an untouched trail', async () => {
    expect(await audit(dir, 'verify')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/intact: 1000 record\(s\)/),
    });
  });

  it.each<[string, (db: SqliteDatabase) => void, RegExp]>([
    [
      'one byte of record 500 changed',
      (db) =>
        db
          .prepare(
            'UPDATE audit SET body = replace(body, \'"success"\', \'"failure"\') WHERE seq = 500',
          )
          .run(),
      /BROKEN at record 500: record 500 was altered/,
    ],
    [
      'record 700 deleted',
      (db) => db.prepare('DELETE FROM audit WHERE seq = 700').run(),
      /BROKEN at record 700: record 700 is missing/,
    ],
    [
      'records 300 and 301 swapped',
      (db) => {
        const [a, b] = db
          .prepare('SELECT seq, body FROM audit WHERE seq IN (300, 301) ORDER BY seq')
          .all() as Array<{ seq: number; body: string }>;
        db.prepare('UPDATE audit SET body = ? WHERE seq = ?').run(b!.body, a!.seq);
        db.prepare('UPDATE audit SET body = ? WHERE seq = ?').run(a!.body, b!.seq);
      },
      /BROKEN at record 300/,
    ],
    [
      'record 10 re-hashed to match its edit',
      (db) => {
        db.prepare(
          "UPDATE audit SET body = replace(body, 'LD-000010', 'LD-999999'), hash = 'f' || substr(hash, 2) WHERE seq = 10",
        ).run();
      },
      /BROKEN at record 10/,
    ],
  ])('names the first bad record when %s', async (_case, edit, expected) => {
    tamper(dir, edit);
    const result = await audit(dir, 'verify');
    expect(`${result.out}${result.err}`).toMatch(expected);
  });

  it('detects records cut from the end against an anchored head, which the chain alone cannot', async () => {
    const head = (await audit(dir, 'verify')).out.match(/head ([0-9a-f]{64})/)![1]!;
    tamper(dir, (db) => db.prepare(`DELETE FROM audit WHERE seq > ${RECORDS - 5}`).run());
    expect((await audit(dir, 'verify')).code).toBe(0);
    const anchored = await audit(dir, 'verify', '--anchor', `${RECORDS}:${head}`);
    expect(anchored.code).toBe(1);
    expect(anchored.err).toMatch(/ends at record 995, but record 1000 was anchored/);
  });

  it('refuses a malformed anchor', async () => {
    expect((await audit(dir, 'verify', '--anchor', 'yesterday')).code).toBe(2);
  });

  it('exports every record as JSON lines', async () => {
    const file = path.join(dir, 'export.jsonl');
    expect((await audit(dir, 'export', '--out', file)).code).toBe(0);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(RECORDS);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      seq: 1,
      eventType: 'step_result',
      prevHash: '0'.repeat(64),
    });
  });

  it('explains its usage and refuses unknown commands', async () => {
    expect((await audit(dir, 'frobnicate')).code).toBe(2);
    expect((await audit(dir, '--help')).out).toContain('Usage: npm run audit -- <command>');
  });

  it('runs as a command line program with the exit status of the verdict', () => {
    tamper(dir, (db) =>
      db.prepare("UPDATE audit SET ts = '2020-01-01T00:00:00.000Z' WHERE seq = 42").run(),
    );
    const result = spawnSync(
      process.execPath,
      ['-r', './test/support/ts-register.js', 'src/cli/audit.ts', 'verify'],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at record 42/);
  });
});
