import { verifyChain } from '../../src/adapters/audit/audit-chain';
import { type AuditEvent } from '../../src/domain/audit/audit-event';
import { type AuditLog } from '../../src/ports/audit-log';

export interface AuditFixture {
  readonly audit: AuditLog;
  dispose(): Promise<void>;
}

const event = (n: number): AuditEvent => ({
  eventType: 'step_result',
  requestId: `LD-00000${n % 10}`,
  actor: { aadObjectId: 'system', role: 'system' },
  step: 'revoke-sessions',
  outcome: 'success',
  graph: { requestId: `graph-${n}` },
});

/** The audit trail's guarantees, for every implementation: one unbroken chain, in order. */
export function auditLogContract(name: string, makeFixture: () => Promise<AuditFixture>): void {
  describe(`AuditLog contract: ${name}`, () => {
    let f: AuditFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(async () => {
      await f.dispose();
    });

    it('chains records in order, each naming the hash of the one before', async () => {
      const first = await f.audit.append(event(1));
      const second = await f.audit.append(event(2));
      expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
      const records = [];
      for await (const r of f.audit.records()) records.push(r);
      expect(records.map((r) => r.graph?.requestId)).toEqual(['graph-1', 'graph-2']);
      expect(await verifyChain(f.audit.records())).toMatchObject({
        ok: true,
        count: 2,
        head: second.hash,
      });
    });

    it('keeps one unbroken chain under concurrent appends', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => f.audit.append(event(i))));
      expect(await verifyChain(f.audit.records())).toMatchObject({ ok: true, count: 40 });
    });

    it('never stores a secret that slipped into an event', async () => {
      await f.audit.append({
        ...event(1),
        detail: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
        after: { password: 'Hunter2!' },
      });
      const text = [];
      for await (const r of f.audit.records()) text.push(JSON.stringify(r));
      expect(text.join('')).not.toMatch(/eyJzdWIiOiJ4In0|Hunter2!/);
    });
  });
}
