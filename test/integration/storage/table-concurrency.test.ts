import { verifyChain } from '../../../src/adapters/audit/audit-chain';
import { type AuditRecord } from '../../../src/domain/audit/audit-event';
import { evolve } from '../../../src/domain/revocation/revocation-request';
import { evolveStep } from '../../../src/domain/revocation/step-state';
import { toObjectId } from '../../../src/domain/user-ref';
import { initialSteps } from '../../../src/use-cases/initial-steps';
import { sampleRequest } from '../../contracts/request-store-contract';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { openAzuriteStore, type AzuriteStore } from '../../support/azurite-store';
import { printFigure } from '../../support/print-figure';

jest.setTimeout(60_000);

let azurite: RunningAzurite;
let instances: AzuriteStore[];
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});
// Two instances on one store: each with its own TableClients, as two processes would have.
beforeEach(async () => {
  const first = await openAzuriteStore(azurite);
  instances = [first, await openAzuriteStore(azurite, first.prefix)];
});
afterEach(async () => {
  await instances[1]!.close();
  await instances[0]!.drop();
});

const APPROVERS = Array.from({ length: 100 }, (_, i) =>
  toObjectId(`a0000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
);

describe('two instances on one Table Storage store', () => {
  it('let exactly one of 100 racing approvals decide a request', async () => {
    const request = sampleRequest(1);
    const steps = initialSteps(request.id, [request.targets[0]!.id], request.steps, new Date());
    expect(await instances[0]!.requests.create(request, steps)).toBe(true);
    // Each attempt reads the request through its own instance and then writes its decision
    // over the version it read, as DecideRevocation does.
    const started = performance.now();
    const results = await Promise.all(
      APPROVERS.map(async (approver, i) => {
        const store = instances[i % 2]!.requests;
        const current = (await store.get(request.id))!;
        if (current.status !== 'opened') return false;
        const decision = {
          outcome: 'approved' as const,
          by: { aadObjectId: approver, displayName: `Approver ${i}` },
          at: new Date().toISOString(),
        };
        return store.update(evolve(current, { status: 'approved', decision }));
      }),
    );
    printFigure(
      `Table store (Azurite): 100 racing approvals over 2 instances settled in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = APPROVERS[results.indexOf(true)];
    for (const store of instances) {
      expect(await store.requests.get(request.id)).toMatchObject({
        status: 'approved',
        version: 2,
        decision: { by: { aadObjectId: winner } },
      });
      expect(await store.requests.listRunnable(new Date())).toEqual([request.id]);
    }

    // And the run: one lease, one runner per step.
    const until = new Date(Date.now() + 60_000);
    const leases = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        instances[i % 2]!.requests.claimLease(request.id, `runner-${i}`, until, new Date()),
      ),
    );
    expect(leases.filter(Boolean)).toHaveLength(1);
    const step = steps[1]!;
    const running = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        instances[i % 2]!.requests.updateStep(
          evolveStep(step, { status: 'running', intentAt: new Date().toISOString() }, new Date()),
        ),
      ),
    );
    expect(running.filter(Boolean)).toHaveLength(1);
  });

  it('keep one audit chain, without gaps or forks, while two writers append 200 events each', async () => {
    const event = (writer: number, n: number) => ({
      eventType: 'step_result' as const,
      requestId: `LD-${String(n).padStart(6, '0')}`,
      actor: { aadObjectId: 'system' as const, role: 'system' as const },
      outcome: 'success' as const,
      detail: `writer ${writer} event ${n}`,
    });
    const started = performance.now();
    // Each writer appends one event at a time, as events happen: every append is its own
    // transaction, racing the other writer's for the head.
    const appended = await Promise.all(
      [0, 1].map(async (writer) => {
        const records: AuditRecord[] = [];
        for (let n = 0; n < 200; n++)
          records.push(await instances[writer]!.audit.append(event(writer, n)));
        return records;
      }),
    );
    printFigure(
      `Table store (Azurite): 2 writers appended 400 audit records in ${(performance.now() - started).toFixed(0)} ms`,
    );
    const stored: AuditRecord[] = [];
    for await (const record of instances[0]!.audit.records()) stored.push(record);
    expect(await verifyChain(stored)).toMatchObject({ ok: true, count: 400 });
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    // What each writer was told it appended is exactly what the trail holds.
    const bySeq = new Map(stored.map((r) => [r.seq, r]));
    for (const record of appended.flat()) expect(bySeq.get(record.seq)).toEqual(record);
    expect(new Set(appended.flat().map((r) => r.seq)).size).toBe(400);
    const writers = stored.map((r) => r.detail!.split(' ')[1]);
    const switches = writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length;
    printFigure(`Table store (Azurite): the chain switches writer ${switches} time(s)`);
    expect(switches).toBeGreaterThan(1);
    expect(await instances[1]!.audit.head()).toEqual({ seq: 400, hash: stored.at(-1)!.hash });
  });
});
