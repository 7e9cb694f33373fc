import path from 'node:path';
import { redact } from '../../src/adapters/log/redact';
import { ConfigError, loadConfig, loadStorageConfig } from '../../src/config';

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The smallest valid production-shaped environment. */
const BASE: Readonly<Record<string, string>> = {
  HOST: '0.0.0.0',
  BOT_ID: GUID(1),
  BOT_TYPE: 'UserAssignedMsi',
  BOT_TENANT_ID: GUID(2),
  APPROVER_GROUP_ID: GUID(3),
  SECURITY_CHANNEL_ID: '19:abc123@thread.tacv2',
};

const ACCOUNT_KEY = 'S3cr3tAccountKeyValue0123456789abcdefABCDEF==';
const CONNECTION_STRING = `DefaultEndpointsProtocol=https;AccountName=lockdownprod;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`;
const AZURITE = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1`;

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig: the store', () => {
  it('keeps SQLite in DATA_DIR by default', () => {
    expect(loadConfig({ ...BASE }).store).toEqual({
      kind: 'sqlite',
      dataDir: path.resolve('./data'),
    });
  });

  it('reaches Table Storage by account URL with the Azure identity, under the default prefix', () => {
    const store = loadConfig({
      ...BASE,
      STORE: 'Table',
      STORE_TABLE_URL: 'https://lockdownprod.table.core.windows.net/',
    }).store;
    expect(store).toEqual({
      kind: 'table',
      dataDir: path.resolve('./data'),
      access: {
        kind: 'account-url',
        url: 'https://lockdownprod.table.core.windows.net',
        allowHttp: false,
      },
      tablePrefix: 'lockdown',
    });
  });

  it.each([
    ['an account key over https', CONNECTION_STRING, false],
    ['Azurite over http on loopback', AZURITE, true],
    ['the emulator shorthand', 'UseDevelopmentStorage=true', true],
    [
      'a SAS with an explicit endpoint',
      'TableEndpoint=https://acct.table.core.windows.net;SharedAccessSignature=sv=2024&sig=abc',
      false,
    ],
  ])('reaches Table Storage by connection string: %s', (_case, connectionString, allowHttp) => {
    const store = loadConfig({
      ...BASE,
      STORE: 'table',
      STORE_CONNECTION_STRING: connectionString,
      STORE_TABLE_PREFIX: 'ld2',
    }).store;
    expect(store).toMatchObject({
      kind: 'table',
      access: { kind: 'connection-string', secret: connectionString, allowHttp },
      tablePrefix: 'ld2',
    });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['STORE=table alone', { STORE: 'table' }, /^STORE_TABLE_URL: is required when STORE is table/],
    [
      'both ways to reach the account',
      {
        STORE: 'table',
        STORE_TABLE_URL: 'https://a.table.core.windows.net',
        STORE_CONNECTION_STRING: CONNECTION_STRING,
      },
      /^STORE_CONNECTION_STRING: set only one of STORE_TABLE_URL and STORE_CONNECTION_STRING/,
    ],
    [
      'a table URL without STORE=table',
      { STORE_TABLE_URL: 'https://a.table.core.windows.net' },
      /^STORE_TABLE_URL: is set but STORE is sqlite \(the default\); set STORE=table/,
    ],
    [
      'a connection string without STORE=table',
      { STORE: 'sqlite', STORE_CONNECTION_STRING: CONNECTION_STRING },
      /^STORE_CONNECTION_STRING: is set but STORE is sqlite/,
    ],
    [
      'a prefix without STORE=table',
      { STORE_TABLE_PREFIX: 'lockdown' },
      /^STORE_TABLE_PREFIX: is set but STORE is sqlite/,
    ],
    ['an unknown store', { STORE: 'cosmos' }, /^STORE: must be one of sqlite, table/],
    [
      'a table URL over http',
      { STORE: 'table', STORE_TABLE_URL: 'http://a.table.core.windows.net' },
      /^STORE_TABLE_URL: must use https/,
    ],
    [
      'a table URL carrying a SAS',
      { STORE: 'table', STORE_TABLE_URL: 'https://a.table.core.windows.net/?sv=1&sig=x' },
      /^STORE_TABLE_URL: must not contain credentials, a query or a fragment/,
    ],
    [
      'the blob endpoint instead of the table one',
      { STORE: 'table', STORE_TABLE_URL: 'https://a.blob.core.windows.net' },
      /^STORE_TABLE_URL: points at the storage account's blob service; use its table endpoint/,
    ],
    [
      'a prefix Table Storage would refuse',
      {
        STORE: 'table',
        STORE_TABLE_URL: 'https://a.table.core.windows.net',
        STORE_TABLE_PREFIX: 'lock-down',
      },
      /^STORE_TABLE_PREFIX: must be 1–55 letters and digits starting with a letter/,
    ],
    [
      'a prefix too long for a table name',
      {
        STORE: 'table',
        STORE_TABLE_URL: 'https://a.table.core.windows.net',
        STORE_TABLE_PREFIX: `a${'b'.repeat(55)}`,
      },
      /^STORE_TABLE_PREFIX: must be 1–55 letters/,
    ],
    [
      'text that is not a connection string',
      { STORE: 'table', STORE_CONNECTION_STRING: 'lockdownprod' },
      /^STORE_CONNECTION_STRING: is not a connection string/,
    ],
    [
      'a connection string with no key',
      { STORE: 'table', STORE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=a' },
      /^STORE_CONNECTION_STRING: has neither AccountKey nor SharedAccessSignature/,
    ],
    [
      'a key without its account',
      {
        STORE: 'table',
        STORE_CONNECTION_STRING: `TableEndpoint=https://a.table.core.windows.net;AccountKey=${ACCOUNT_KEY}`,
      },
      /^STORE_CONNECTION_STRING: has an AccountKey but no AccountName/,
    ],
    [
      'plain http to a real account',
      { STORE: 'table', STORE_CONNECTION_STRING: CONNECTION_STRING.replace('https', 'http') },
      /^STORE_CONNECTION_STRING: must use https \(http is allowed only on loopback/,
    ],
    [
      'a table endpoint that is not a URL',
      {
        STORE: 'table',
        STORE_CONNECTION_STRING: `AccountName=a;AccountKey=${ACCOUNT_KEY};TableEndpoint=table`,
      },
      /^STORE_CONNECTION_STRING: has a TableEndpoint that is not an absolute http\(s\) URL/,
    ],
    [
      'a misspelt setting',
      { STORE: 'table', STORE_TABEL_URL: 'https://a.table.core.windows.net' },
      /^STORE_TABEL_URL: unknown setting; did you mean STORE_TABLE_URL\?/,
    ],
  ])('refuses %s, naming the variable', (_case, env, expected) => {
    expect(problems(env)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('reports every store problem at once', () => {
    expect(
      problems({ STORE: 'table', STORE_TABLE_PREFIX: '9', STORE_CONNECTION_STRING: 'x' }).map(
        (p) => p.split(':')[0],
      ),
    ).toEqual(['STORE_CONNECTION_STRING', 'STORE_TABLE_PREFIX']);
    // A bad value elsewhere does not hide the store's own rule.
    expect(problems({ STORE: 'table', PORT: 'eighty' }).map((p) => p.split(':')[0])).toEqual([
      'PORT',
      'STORE_TABLE_URL',
    ]);
  });

  it('never repeats the connection string in its messages, and log redaction removes it', () => {
    const bad = `${CONNECTION_STRING.replace('https', 'http')};TableEndpoint=nope`;
    const text = [
      ...problems({ STORE: 'table', STORE_CONNECTION_STRING: bad }),
      ...problems({ STORE_CONNECTION_STRING: CONNECTION_STRING }),
    ].join('\n');
    expect(text).toMatch(/STORE_CONNECTION_STRING/);
    expect(text).not.toContain(ACCOUNT_KEY);
    expect(text).not.toContain('lockdownprod');
    const config = loadConfig({
      ...BASE,
      STORE: 'table',
      STORE_CONNECTION_STRING: CONNECTION_STRING,
    });
    expect(JSON.stringify(redact(config))).not.toContain(ACCOUNT_KEY);
  });
});

describe('loadStorageConfig', () => {
  it('names the SQLite directory for operator tools, with nothing else configured', () => {
    expect(loadStorageConfig({ DATA_DIR: '/var/lockdown', BOT_ID: 'not read' })).toEqual({
      store: { kind: 'sqlite', dataDir: path.resolve('/var/lockdown') },
      credential: { kind: 'managed-identity', clientId: null },
    });
  });

  it('names the table store and the identity that reaches it', () => {
    const storage = loadStorageConfig({
      STORE: 'table',
      STORE_TABLE_URL: 'https://contosolockdown.table.core.windows.net',
      AZURE_CLIENT_ID: '3f1c8a52-6b0e-4d3a-9e7f-2a1b4c5d6e7f',
    });
    expect(storage.store).toMatchObject({
      kind: 'table',
      access: { kind: 'account-url', url: 'https://contosolockdown.table.core.windows.net' },
      tablePrefix: 'lockdown',
    });
    expect(storage.credential).toEqual({
      kind: 'managed-identity',
      clientId: '3f1c8a52-6b0e-4d3a-9e7f-2a1b4c5d6e7f',
    });
  });

  it('reports every store problem at once', () => {
    expect(() => loadStorageConfig({ STORE: 'tabel', AZURE_CLIENT_SECRET: 'x' })).toThrow(
      ConfigError,
    );
    expect(() => loadStorageConfig({ STORE: 'table' })).toThrow(/STORE_TABLE_URL/);
  });
});
