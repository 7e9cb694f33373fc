import { verifyChain } from '../../../src/adapters/audit/audit-chain';
import { toObjectId } from '../../../src/domain/user-ref';
import { evolveStep } from '../../../src/domain/revocation/step-state';
import { initialSteps } from '../../../src/use-cases/initial-steps';
import { auditLogContract } from '../../contracts/audit-log-contract';
import { requestStoreContract, sampleRequest } from '../../contracts/request-store-contract';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { openAzuriteStore } from '../../support/azurite-store';

jest.setTimeout(30_000);

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

requestStoreContract('TableRequestStore on Azurite', async () => {
  const store = await openAzuriteStore(azurite);
  return { store: store.requests, dispose: () => store.drop() };
});

auditLogContract('TableAuditLog on Azurite', async () => {
  const store = await openAzuriteStore(azurite);
  return { audit: store.audit, dispose: () => store.drop() };
});

describe('the table store on Azurite', () => {
  it('finds no request by a hostile, empty or oversized card token, and never fails on one', async () => {
    const store = await openAzuriteStore(azurite);
    const request = sampleRequest(1);
    await store.requests.create(request, []);
    // Used as a key as is, each of these is a bad request (or another row) for Table Storage.
    for (const token of [
      `${request.token}'`,
      "x') or (PartitionKey ne '",
      'a/b',
      'a#b',
      'a?b',
      '',
      'x'.repeat(5_000),
      request.token.toUpperCase(),
    ])
      expect(await store.requests.findByToken(token)).toBeUndefined();
    expect(await store.requests.findByToken(request.token)).toEqual(request);
    expect(await store.requests.get('LD-00/001' as typeof request.id)).toBeUndefined();
    await store.drop();
  });

  it('refuses a second request with the same card token', async () => {
    const store = await openAzuriteStore(azurite);
    const first = sampleRequest(1);
    expect(await store.requests.create(first, [])).toBe(true);
    expect(await store.requests.create(sampleRequest(2, { token: first.token }), [])).toBe(false);
    expect(await store.requests.get(sampleRequest(2).id)).toBeUndefined();
    expect((await store.requests.list({ limit: 10 })).map((r) => r.id)).toEqual([first.id]);
    await store.drop();
  });

  it('keeps requests and steps larger than one table property, non-ASCII text intact', async () => {
    const store = await openAzuriteStore(azurite);
    const reason = `phishing 🎣 ${'Überprüfung – ünïcödé 漢字 '.repeat(4_000)}`;
    const request = sampleRequest(1, { reason });
    const steps = initialSteps(request.id, [request.targets[0]!.id], request.steps, new Date());
    expect(await store.requests.create(request, steps)).toBe(true);
    expect((await store.requests.get(request.id))!.reason).toBe(reason);
    const devices = Array.from({ length: 1_500 }, (_, i) => ({
      id: toObjectId(`d0000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
      displayName: `LAPTOP-${i}-🖥️`,
      status: 'done' as const,
      graphRequestId: `req-${i}`,
    }));
    const step = evolveStep(
      steps[1]!,
      { status: 'done', outcome: { message: 'ok', devices } },
      new Date(),
    );
    expect(await store.requests.updateStep(step)).toBe(true);
    expect((await store.requests.listSteps(request.id))[1]).toEqual(step);
    await store.drop();
  });

  it('moves a request in and out of the active index with its status', async () => {
    const store = await openAzuriteStore(azurite);
    const opened = sampleRequest(1);
    await store.requests.create(opened, []);
    await store.requests.create(sampleRequest(2, { status: 'completed' }), []);
    expect(
      (await store.requests.list({ statuses: ['opened'], limit: 10 })).map((r) => r.id),
    ).toEqual([opened.id]);
    const approved = { ...opened, status: 'approved' as const, version: 2 };
    expect(await store.requests.update(approved)).toBe(true);
    expect(await store.requests.list({ statuses: ['opened'], limit: 10 })).toEqual([]);
    expect(await store.requests.listRunnable(new Date())).toEqual([opened.id]);
    expect(await store.requests.update({ ...approved, status: 'completed', version: 3 })).toBe(
      true,
    );
    expect(await store.requests.listRunnable(new Date())).toEqual([]);
    expect(
      (await store.requests.list({ statuses: ['completed'], limit: 10 })).map((r) => r.id),
    ).toEqual(['LD-000002', opened.id].sort().reverse());
    await store.drop();
  });

  it('shows a record edited in the table as a broken chain', async () => {
    const store = await openAzuriteStore(azurite);
    for (let i = 1; i <= 20; i++)
      await store.audit.append({
        eventType: 'step_result',
        requestId: `LD-${String(i).padStart(6, '0')}`,
        actor: { aadObjectId: 'system', role: 'system' },
        outcome: 'success',
      });
    expect(await verifyChain(store.audit.records())).toMatchObject({ ok: true, count: 20 });
    // Someone with the account key rewrites record 7's outcome.
    const row = await store.tables.audit.getEntity<Record<string, unknown>>(
      'audit',
      'rec|000000000007',
    );
    await store.tables.audit.updateEntity(
      {
        ...row,
        partitionKey: 'audit',
        rowKey: 'rec|000000000007',
        body: String(row.body).replace('"success"', '"failure"'),
      },
      'Replace',
    );
    expect(await verifyChain(store.audit.records())).toMatchObject({
      ok: false,
      seq: 7,
      problem: expect.stringMatching(/record 7 was altered/),
    });
    await store.drop();
  });

  it('reports a store it cannot reach as STORE_UNAVAILABLE, and /readyz sees it', async () => {
    const gone = await startAzurite();
    const store = await openAzuriteStore(gone);
    await expect(store.probe()).resolves.toBeUndefined();
    await gone.stop();
    const unavailable = { code: 'STORE_UNAVAILABLE', retryable: true };
    await expect(store.probe()).rejects.toMatchObject(unavailable);
    await expect(store.requests.get(sampleRequest(1).id)).rejects.toMatchObject(unavailable);
    await expect(store.requests.create(sampleRequest(1), [])).rejects.toMatchObject(unavailable);
    await expect(store.requests.update(sampleRequest(1, { version: 2 }))).rejects.toMatchObject(
      unavailable,
    );
    await expect(
      store.audit.append({
        eventType: 'watcher_event',
        actor: { aadObjectId: 'system', role: 'system' },
        outcome: 'info',
      }),
    ).rejects.toMatchObject(unavailable);
    await expect(store.audit.head()).rejects.toMatchObject(unavailable);
    await expect(verifyChain(store.audit.records())).rejects.toMatchObject(unavailable);
  });
});
