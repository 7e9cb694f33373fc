import { type AccessToken, type TokenCredential } from '@azure/identity';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyChain } from '../../../src/adapters/audit/audit-chain';
import { SystemClock } from '../../../src/adapters/clock/system-clock';
import { openTableStore } from '../../../src/adapters/storage/table-store';
import { loadConfig } from '../../../src/config';
import { createServerTls } from '../../../src/simulator/graph/certificates';
import { sampleRequest } from '../../contracts/request-store-contract';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { MINIMAL_ENV } from '../../support/graph-connection';

jest.setTimeout(30_000);

/**
 * A token shaped like the one Entra issues to a managed identity for Azure Storage. Unsigned:
 * Azurite's basic OAuth checks issuer, audience and lifetime, not the signature.
 */
function storageToken(audience: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    part({ alg: 'RS256', typ: 'JWT' }),
    part({
      aud: audience,
      iss: 'https://sts.windows.net/c0270550-0000-4000-8000-000000000001/',
      iat: now - 60,
      nbf: now - 60,
      exp: now + 3600,
      oid: '00000000-0000-4000-8000-0000000000aa',
    }),
    'c2lnbmF0dXJl',
  ].join('.');
}

/** Lockdown's Azure identity, as the managed identity would answer; notes what was asked. */
class RecordingCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(private readonly audience: string) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...[scopes].flat());
    return { token: storageToken(this.audience), expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** Azurite over https with a certificate from the test CA that scripts/test.js trusts. */
async function startTlsAzurite(): Promise<RunningAzurite> {
  const dir = process.env.LOCKDOWN_TEST_CA_DIR;
  if (!dir) throw new Error('No test CA: run the tests with `npm test` (scripts/test.js).');
  const tls = await createServerTls({
    certPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
    keyPem: readFileSync(path.join(dir, 'ca-key.pem'), 'utf8'),
  });
  return startAzurite({ tls });
}

describe('the table store reached by account URL with an Azure identity', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startTlsAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  const open = (credential: TokenCredential) => {
    const config = loadConfig({
      ...MINIMAL_ENV,
      STORE: 'table',
      STORE_TABLE_URL: azurite.tableUrl,
      STORE_TABLE_PREFIX: azurite.freshPrefix(),
    }).store;
    if (config.kind !== 'table')
      throw new Error('the configuration did not select the table store');
    let made = 0;
    const opening = openTableStore(config, {
      clock: new SystemClock(),
      botVersion: 'test',
      credential: () => {
        made += 1;
        return credential;
      },
    });
    return { opening, made: () => made };
  };

  it('works with a bearer token for Azure Storage, asked for once per store', async () => {
    const credential = new RecordingCredential('https://storage.azure.com');
    const { opening, made } = open(credential);
    const store = await opening;
    const request = sampleRequest(1);
    expect(await store.requests.create(request, [])).toBe(true);
    expect(await store.requests.findByToken(request.token)).toEqual(request);
    await store.audit.append({
      eventType: 'request_created',
      requestId: request.id,
      actor: { aadObjectId: 'system', role: 'system' },
      outcome: 'success',
    });
    expect(await verifyChain(store.audit.records())).toMatchObject({ ok: true, count: 1 });
    await expect(store.probe()).resolves.toBeUndefined();
    expect(made()).toBe(1);
    expect(new Set(credential.scopes)).toEqual(new Set(['https://storage.azure.com/.default']));
    await store.close();
  });

  it('fails to open as STORE_UNAVAILABLE when the identity has no usable Storage token', async () => {
    const graphToken = new RecordingCredential('https://graph.microsoft.com');
    await expect(open(graphToken).opening).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      retryable: true,
    });
  });
});
