import { type RequestId } from '../../src/domain/revocation/request-id';
import { evolve, type RevocationRequest } from '../../src/domain/revocation/revocation-request';
import { evolveStep } from '../../src/domain/revocation/step-state';
import { toObjectId } from '../../src/domain/user-ref';
import { type RequestStore } from '../../src/ports/request-store';
import { initialSteps } from '../../src/use-cases/initial-steps';

export interface StoreFixture {
  readonly store: RequestStore;
  dispose(): Promise<void>;
}

const TARGET = toObjectId('00000000-0000-4000-8000-000000000010');
const OTHER = toObjectId('00000000-0000-4000-8000-000000000011');
const T0 = new Date('2026-11-22T10:00:00.000Z');

export function sampleRequest(
  n: number,
  change: Partial<RevocationRequest> = {},
): RevocationRequest {
  const createdAt = new Date(T0.getTime() + n * 1_000).toISOString();
  return {
    id: `LD-${String(n).padStart(6, '0')}` as RequestId,
    token: `token-${n}-${'k'.repeat(20)}`,
    kind: 'manual',
    status: 'opened',
    version: 1,
    requester: {
      aadObjectId: toObjectId('00000000-0000-4000-8000-000000000001'),
      displayName: 'Alice',
    },
    reason: 'phishing',
    targets: [
      {
        id: n % 2 ? TARGET : OTHER,
        userPrincipalName: 't@contoso.com',
        displayName: 'T',
        accountEnabled: true,
        synced: false,
        guest: false,
        deviceCount: 0,
        privilegedRoles: [],
      },
    ],
    steps: ['disable-account', 'revoke-sessions'],
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + 30 * 60_000).toISOString(),
    decision: null,
    card: null,
    startedAt: null,
    finishedAt: null,
    runCount: 0,
    ...change,
  };
}

const stepsOf = (r: RevocationRequest) =>
  initialSteps(
    r.id,
    r.targets.map((t) => t.id),
    r.steps,
    T0,
  );

/**
 * The RequestStore's guarantees, run against every implementation: create-if-absent,
 * compare-and-set on versions (exactly one of many concurrent writers wins), leases that keep a
 * second runner out until they lapse.
 */
export function requestStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`RequestStore contract: ${name}`, () => {
    let f: StoreFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(async () => {
      await f.dispose();
    });

    it('creates a request with its steps, and refuses a second request with the same id', async () => {
      const request = sampleRequest(1);
      expect(await f.store.create(request, stepsOf(request))).toBe(true);
      expect(await f.store.create({ ...request, token: 'another-token-xxxxxxxxxx' }, [])).toBe(
        false,
      );
      expect(await f.store.get(request.id)).toEqual(request);
      expect(await f.store.findByToken(request.token)).toEqual(request);
      expect((await f.store.listSteps(request.id)).map((s) => s.step)).toEqual([
        'snapshot',
        'disable-account',
        'revoke-sessions',
        'verify',
      ]);
    });

    it('answers undefined for an unknown id or token', async () => {
      expect(await f.store.get('LD-ZZZZZZ' as RequestId)).toBeUndefined();
      expect(await f.store.findByToken('nope')).toBeUndefined();
    });

    it('updates only over the version it read', async () => {
      const request = sampleRequest(1);
      await f.store.create(request, []);
      const approved = evolve(request, { status: 'approved' });
      expect(await f.store.update(approved)).toBe(true);
      expect(await f.store.update(evolve(request, { status: 'rejected' }))).toBe(false);
      expect(await f.store.get(request.id)).toMatchObject({ status: 'approved', version: 2 });
    });

    it('lets exactly one of many concurrent writers win', async () => {
      const request = sampleRequest(1);
      await f.store.create(request, stepsOf(request));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          f.store.update(evolve(request, { reason: `writer ${i}` })),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const step = (await f.store.listSteps(request.id))[0]!;
      const stepResults = await Promise.all(
        Array.from({ length: 20 }, () =>
          f.store.updateStep(evolveStep(step, { status: 'done' }, T0)),
        ),
      );
      expect(stepResults.filter(Boolean)).toHaveLength(1);
    });

    it('lists newest first, by status and by target', async () => {
      for (let n = 1; n <= 5; n++) {
        const r = sampleRequest(n, n === 3 ? { status: 'completed' } : {});
        await f.store.create(r, []);
      }
      expect((await f.store.list({ limit: 3 })).map((r) => r.id)).toEqual([
        'LD-000005',
        'LD-000004',
        'LD-000003',
      ]);
      expect((await f.store.list({ statuses: ['completed'], limit: 10 })).map((r) => r.id)).toEqual(
        ['LD-000003'],
      );
      expect((await f.store.list({ targetId: TARGET, limit: 10 })).map((r) => r.id)).toEqual([
        'LD-000005',
        'LD-000003',
        'LD-000001',
      ]);
    });

    it('keeps a second runner out while a lease holds, and lets it in once the lease lapses', async () => {
      const request = sampleRequest(1, { status: 'approved' });
      await f.store.create(request, []);
      const until = new Date(T0.getTime() + 60_000);
      expect(await f.store.claimLease(request.id, 'a', until, T0)).toBe(true);
      expect(await f.store.claimLease(request.id, 'b', until, T0)).toBe(false);
      expect(await f.store.claimLease(request.id, 'a', new Date(T0.getTime() + 120_000), T0)).toBe(
        true,
      );
      expect(await f.store.listRunnable(T0)).toEqual([]);
      const later = new Date(T0.getTime() + 121_000);
      expect(await f.store.listRunnable(later)).toEqual([request.id]);
      expect(
        await f.store.claimLease(request.id, 'b', new Date(later.getTime() + 60_000), later),
      ).toBe(true);
      await f.store.releaseLease(request.id, 'a');
      expect(
        await f.store.claimLease(request.id, 'a', new Date(later.getTime() + 60_000), later),
      ).toBe(false);
      await f.store.releaseLease(request.id, 'b');
      expect(
        await f.store.claimLease(request.id, 'a', new Date(later.getTime() + 60_000), later),
      ).toBe(true);
    });

    it('lists as runnable only approved and running requests', async () => {
      await f.store.create(sampleRequest(1, { status: 'approved' }), []);
      await f.store.create(sampleRequest(2, { status: 'running' }), []);
      await f.store.create(sampleRequest(3, { status: 'opened' }), []);
      await f.store.create(sampleRequest(4, { status: 'completed' }), []);
      expect((await f.store.listRunnable(T0)).sort()).toEqual(['LD-000001', 'LD-000002']);
    });
  });
}
