import { performance } from 'node:perf_hooks';
import { parseUserRef } from '../../../src/domain/user-ref';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startCoreStack, TEAM, type CoreStack } from '../../support/core-stack';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { printFigure } from '../../support/print-figure';

const TARGETS = 50;
const DEVICES_EACH = 2;

jest.setTimeout(120_000);

/**
 * SPEC section 10: a bulk request (up to 50 targets) runs with bounded concurrency and JSON
 * batching. One request for 50 users with devices, approved, carried out against the simulator;
 * the time and the Graph calls it took are printed, not asserted.
 */
describe('a bulk request of 50 targets', () => {
  let sim: GraphSimulator;
  let core: CoreStack;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    core = startCoreStack(sim);
  });
  afterAll(async () => {
    await core.close();
    core.removeData();
    await sim.close();
  });

  it('is carried out to the end, every mutation exactly once', async () => {
    const users = sim.tenant.addUsers(TARGETS, {
      userPrincipalName: 'bulk.user{n}@contoso.com',
      displayName: 'Bulk User {n}',
    });
    const devices = users.flatMap((u, i) =>
      sim.tenant.addDevices(DEVICES_EACH, {
        owner: u.id,
        displayName: `BULK${i + 1}-DEV{n}`,
        operatingSystem: 'Windows',
      }),
    );
    const request = await core.open.execute({
      requester: TEAM.requester,
      targets: users.map((u) => parseUserRef(u.userPrincipalName)),
      reason: 'bulk leaver batch',
    });
    expect(request.targets).toHaveLength(TARGETS);
    sim.calls.clear();

    const started = performance.now();
    await core.decide.execute({
      token: request.token,
      actor: TEAM.approver,
      action: 'approve',
      origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
      manual: true,
    });
    await core.runner.idle();
    const elapsedMs = performance.now() - started;

    expect(await core.requests.get(request.id)).toMatchObject({ status: 'completed' });
    const steps = await core.requests.listSteps(request.id);
    expect(steps).toHaveLength(TARGETS * 5);
    expect(steps.filter((s) => s.status !== 'done')).toEqual([]);
    expect(users.filter((u) => sim.tenant.getUser(u.id)!.accountEnabled)).toEqual([]);
    expect(devices.filter((d) => sim.tenant.getDevice(d.id)!.accountEnabled)).toEqual([]);

    const calls = sim.calls.all();
    const applied = calls
      .filter((c) => c.method !== 'GET' && c.applied)
      .map((c) => `${c.method} ${c.path}`);
    const expected = [
      ...users.flatMap((u) => [
        `PATCH /v1.0/users/${u.id}`,
        `POST /v1.0/users/${u.id}/revokeSignInSessions`,
      ]),
      ...devices.map((d) => `PATCH /v1.0/devices/${d.id}`),
    ];
    expect(applied.sort()).toEqual(expected.sort());

    const roundTrips = calls.filter((c) => !c.viaBatch);
    const batches = roundTrips.filter((c) => c.path === '/v1.0/$batch').length;
    printFigure(
      `bulk request: ${TARGETS} targets × ${DEVICES_EACH} devices carried out in ` +
        `${elapsedMs.toFixed(0)} ms after approval; ${roundTrips.length} HTTP round trips ` +
        `(${(roundTrips.length / TARGETS).toFixed(1)} per target, ${batches} of them JSON batches), ` +
        `${calls.length} Graph operations counting batch items ` +
        `(${(calls.length / TARGETS).toFixed(1)} per target); ${applied.length} mutations, each once`,
    );
  });
});
