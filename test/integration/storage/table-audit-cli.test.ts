import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAuditCli } from '../../../src/cli/audit';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { azuriteEnv, openAzuriteStore, type AzuriteStore } from '../../support/azurite-store';

jest.setTimeout(30_000);

/** `npm run audit` as an operator runs it against the shared store: its environment only. */
async function audit(env: Record<string, string>, ...args: string[]) {
  const saved = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  Object.assign(process.env, env);
  try {
    const code = await runAuditCli(
      args,
      (t) => out.push(t),
      (t) => err.push(t),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('npm run audit on the Azure Table Storage store', () => {
  let azurite: RunningAzurite;
  let store: AzuriteStore;
  let env: Record<string, string>;

  beforeAll(async () => {
    azurite = await startAzurite();
    store = await openAzuriteStore(azurite);
    env = azuriteEnv(azurite, store.prefix);
    for (let i = 1; i <= 12; i++) {
      await store.audit.append({
        eventType: 'step_result',
        requestId: `LD-${String(i).padStart(6, '0')}`,
        actor: { aadObjectId: 'system', role: 'system' },
        outcome: 'success',
      });
    }
  });
  afterAll(async () => {
    await store?.drop();
    await azurite?.stop();
  });

  it('verifies and exports the shared trail, not a local file', async () => {
    expect(await audit(env, 'verify')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Audit trail intact: 12 record\(s\), head /),
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-')), 'a.jsonl');
    expect((await audit(env, 'export', '--out', file)).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(12);
  });

  it('names the record someone edited in the table', async () => {
    const row = await store.tables.audit.getEntity<Record<string, unknown>>(
      'audit',
      'rec|000000000005',
    );
    await store.tables.audit.updateEntity(
      {
        ...row,
        partitionKey: 'audit',
        rowKey: 'rec|000000000005',
        body: String(row.body).replace('"success"', '"failure"'),
      },
      'Replace',
    );
    expect(await audit(env, 'verify')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/Audit trail BROKEN at record 5/),
    });
  });

  it('says what is wrong with the store settings, and opens nothing', async () => {
    const answer = await audit({ STORE: 'table' }, 'verify');
    expect(answer.code).toBe(2);
    expect(answer.err).toMatch(/STORE_TABLE_URL|STORE_CONNECTION_STRING/);
  });
});
