import { setTimeout as sleep } from 'node:timers/promises';
import { verifyChain } from '../../src/adapters/audit/audit-chain';
import { type Readiness } from '../../src/http/http-reply';
import { type AuditRecord } from '../../src/domain/audit/audit-event';
import { type RequestId } from '../../src/domain/revocation/request-id';
import { type RevocationRequest } from '../../src/domain/revocation/revocation-request';
import { toObjectId, type ObjectId } from '../../src/domain/user-ref';
import { type GraphSimulator } from '../../src/simulator/graph/start-graph-simulator';
import { VERBS } from '../../src/teams/cards/verbs';
import { initialSteps } from '../../src/use-cases/initial-steps';
import { CHANNEL, PEOPLE, TENANT, cardInvoke } from '../support/activities';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { azuriteEnv, openAzuriteStore, type AzuriteStore } from '../support/azurite-store';
import { ConnectorRecorder } from '../support/connector-recorder';
import { freshUser } from '../support/core-stack';
import { MINIMAL_ENV } from '../support/graph-connection';
import { startTestGraphSimulator } from '../support/graph-simulator';
import { startLockdownProcess, type LockdownProcess } from '../support/lockdown-process';
import { openRequestThrough, postActivity } from '../support/post-activity';
import { printFigure } from '../support/print-figure';

const SAM = toObjectId('a0000000-0000-4000-8000-000000000001');
const NOAH = toObjectId('a0000000-0000-4000-8000-000000000003');

// Two Node processes transpile Lockdown at start, on a shared machine: allow them time.
jest.setTimeout(180_000);

interface Target {
  readonly id: ObjectId;
  readonly upn: string;
  readonly deviceIds: readonly ObjectId[];
}

/**
 * Two whole Lockdown processes (the real start function, each with its own store clients) on
 * one Azurite store and one Graph simulator, as two App Service instances of a scale-out: their
 * pipelines race for the same approved requests at start, and approval clicks for the same card
 * reach both at once. Every decision and every Graph mutation must happen exactly once.
 */
describe('two Lockdown instances on one Table Storage store', () => {
  let azurite: RunningAzurite;
  let sim: GraphSimulator;
  let connector: ConnectorRecorder;
  let store: AzuriteStore;
  let instances: LockdownProcess[] = [];

  beforeAll(async () => {
    [azurite, sim, connector] = await Promise.all([
      startAzurite(),
      startTestGraphSimulator(),
      new ConnectorRecorder().start(),
    ]);
    store = await openAzuriteStore(azurite);
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
    await store?.close();
    await connector?.close();
    await sim?.close();
    await azurite?.stop();
  });

  it('decide each request once and apply each Graph mutation once', async () => {
    // Slow snapshots keep runs (and their leases) going long enough for both to contend.
    sim.faults.add({ method: 'GET', path: '/users/*/registeredDevices', latencyMs: 400 });
    // Approved before either instance runs (as after a restart): both resume them at start.
    const resumed = await Promise.all(
      [1, 2, 3, 4].map((n) => seedApproved(store, target(sim, `resumed${n}`), n)),
    );
    const leases = observeLeases(store);
    const started = performance.now();
    try {
      instances = await Promise.all(
        Array.from({ length: 2 }, () =>
          startLockdownProcess(instanceEnv(sim, connector, azurite, store.prefix)),
        ),
      );
      printFigure(
        `two instances: both processes listening after ${(performance.now() - started).toFixed(0)} ms`,
      );
      const clicked = await openAndApproveThroughBoth(3);
      const all = [...resumed, ...clicked];
      await untilCompleted(all.map((r) => r.id));
      printFigure(
        `two instances: 7 requests decided and run in ${(performance.now() - started).toFixed(0)} ms`,
      );

      // One decision per clicked request, one run per request, in one unbroken audit chain.
      const records: AuditRecord[] = [];
      for await (const record of store.audit.records()) records.push(record);
      expect(await verifyChain(records)).toMatchObject({ ok: true, count: records.length });
      const count = (id: string, type: string) =>
        records.filter((r) => r.requestId === id && r.eventType === type).length;
      for (const { id } of clicked) expect([id, count(id, 'approval_granted')]).toEqual([id, 1]);
      for (const { id } of all) expect([id, count(id, 'run_started')]).toEqual([id, 1]);

      // Exactly the mutations the pipelines call for, each once: nothing twice, nothing else.
      const expected = all.flatMap(({ target: t }) => [
        `PATCH /v1.0/users/${t.id}`,
        `POST /v1.0/users/${t.id}/revokeSignInSessions`,
        ...t.deviceIds.map((d) => `PATCH /v1.0/devices/${d}`),
      ]);
      expect(
        sim.calls
          .mutations()
          .map((c) => `${c.method} ${c.path}`)
          .sort(),
      ).toEqual(expected.sort());
      for (const { target: t } of all) {
        expect(sim.tenant.getUser(t.id)!.accountEnabled).toBe(false);
        for (const d of t.deviceIds) expect(sim.tenant.getDevice(d)!.accountEnabled).toBe(false);
      }

      // /readyz probes the shared store: ready while it answers, not ready once it is gone.
      const ready = async (i: LockdownProcess) => {
        const response = await fetch(`${i.url}/readyz`);
        return {
          status: response.status,
          store: ((await response.json()) as Readiness).checks.store,
        };
      };
      expect(await ready(instances[0]!)).toEqual({ status: 200, store: { ok: true } });
      await leases.stop();
      await azurite.stop();
      expect(await ready(instances[1]!)).toEqual({
        status: 503,
        store: { ok: false, detail: 'the store cannot be read' },
      });
    } finally {
      const owners = await leases.stop();
      printFigure(`two instances: runs seen per lease owner: ${owners.join(', ')}`);
    }
  });

  /** Opens `n` requests through one instance or the other; 8 approvals each, half to each. */
  async function openAndApproveThroughBoth(n: number) {
    const clicked: Array<{ id: string; target: Target }> = [];
    for (let i = 1; i <= n; i++) {
      const t = target(sim, `clicked${i}`);
      const card = await openRequestThrough(instances[i % 2]!.url, connector, t.upn);
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          postActivity(
            instances[k % 2]!.url,
            cardInvoke(
              k % 4 < 2 ? PEOPLE.noah : PEOPLE.ava,
              VERBS.approve,
              { token: card.token },
              card.place,
              {
                serviceUrl: connector.url,
              },
            ),
          ),
        ),
      );
      expect(answers).toEqual(Array(8).fill(200));
      clicked.push({ id: card.requestId, target: t });
    }
    return clicked;
  }

  /** Waits for every request to complete; on a timeout, says where each one stands. */
  async function untilCompleted(ids: readonly string[]): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const requests = await Promise.all(ids.map((id) => store.requests.get(id as RequestId)));
      if (requests.every((r) => r?.status === 'completed')) return;
      if (Date.now() > deadline) break;
      await sleep(100);
    }
    const states = await Promise.all(
      ids.map(async (id) => {
        const open = (await store.requests.listSteps(id as RequestId))
          .filter((s) => s.status !== 'done')
          .map((s) => `${s.step} ${s.status} ${s.outcome?.message ?? ''}`);
        return `${id}: ${(await store.requests.get(id as RequestId))?.status} ${open.join('; ')}`;
      }),
    );
    const logs = instances.map((i) => `--- instance ${i.pid}:\n${i.output().slice(-6_000)}`);
    throw new Error(`not completed within 120 s:\n${states.join('\n')}\n${logs.join('\n')}`);
  }
});

function instanceEnv(
  sim: GraphSimulator,
  connector: ConnectorRecorder,
  azurite: RunningAzurite,
  prefix: string,
): Record<string, string> {
  return {
    ...MINIMAL_ENV,
    ...sim.env(),
    ...azuriteEnv(azurite, prefix),
    HOST: '127.0.0.1',
    PORT: '0',
    TEAMS_SERVICE_URL: connector.url,
    ALLOWED_TENANT_IDS: TENANT,
    SECURITY_CHANNEL_ID: CHANNEL,
    // The watcher runs too: both record the first baseline into the shared store at start.
    WATCH_MODE: 'delta',
    WATCH_INTERVAL_SECONDS: '3600',
    LOG_LEVEL: 'info',
  };
}

function target(sim: GraphSimulator, name: string): Target {
  return freshUser(sim, `${name}.${Math.random().toString(36).slice(2, 7)}`, {
    devices: [{ os: 'Windows' }, { os: 'Windows' }],
  });
}

/** An approved request written straight into the store, as one approved before a restart. */
async function seedApproved(store: AzuriteStore, t: Target, n: number) {
  const now = new Date();
  const id = `LD-SEED0${n}` as RequestId;
  const request: RevocationRequest = {
    id,
    token: `seed-token-${n}-${Math.random().toString(36).slice(2)}`,
    kind: 'manual',
    status: 'approved',
    version: 2,
    requester: { aadObjectId: SAM, displayName: 'Sam Rivera' },
    reason: 'two-instance test',
    targets: [
      {
        id: t.id,
        userPrincipalName: t.upn,
        displayName: t.upn,
        accountEnabled: true,
        synced: false,
        guest: false,
        deviceCount: t.deviceIds.length,
        privilegedRoles: [],
      },
    ],
    steps: ['disable-account', 'revoke-sessions', 'disable-devices'],
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
    decision: {
      outcome: 'approved',
      by: { aadObjectId: NOAH, displayName: 'Noah Kim' },
      at: now.toISOString(),
    },
    card: null,
    startedAt: null,
    finishedAt: null,
    runCount: 0,
  };
  expect(await store.requests.create(request, initialSteps(id, [t.id], request.steps, now))).toBe(
    true,
  );
  return { id: id as string, target: t };
}

/** Polls the lease rows; `stop` resolves with "owner: runs" for every owner seen. */
function observeLeases(store: AzuriteStore): { stop(): Promise<string[]> } {
  const seen = new Map<string, Set<string>>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = store.tables.requests.listEntities<{ owner: string }>({
        queryOptions: { filter: "PartitionKey eq 'leases'" },
      });
      for await (const row of rows)
        seen.set(row.owner, (seen.get(row.owner) ?? new Set()).add(row.rowKey!));
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop.catch(() => undefined); // the store may be gone by now
      return [...seen].map(([owner, ids]) => `${owner.replace(/^.*-/, 'pid ')}: ${ids.size}`);
    },
  };
}
