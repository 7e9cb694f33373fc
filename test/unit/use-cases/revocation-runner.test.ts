import { DomainError } from '../../../src/domain/errors';
import { type RevocationRequest } from '../../../src/domain/revocation/revocation-request';
import { evolveStep, type StepState } from '../../../src/domain/revocation/step-state';
import { parseUserRef, type ObjectId } from '../../../src/domain/user-ref';
import { RevocationRunner, RUNNER_DEFAULTS } from '../../../src/use-cases/revocation-runner';
import {
  actor,
  coreHarness,
  DEVICES,
  PEOPLE,
  type CoreHarness,
  type HarnessOptions,
} from '../../support/core-harness';

type Person = { readonly id: ObjectId; readonly upn: string };

async function approvedRun(
  h: CoreHarness,
  targets: readonly Person[],
  steps?: RevocationRequest['steps'],
): Promise<RevocationRequest> {
  const request = await h.open.execute({
    requester: actor(PEOPLE.requester),
    targets: targets.map((t) => parseUserRef(t.upn)),
    reason: 'phishing',
    steps,
  });
  await h.decide.execute({
    token: request.token,
    actor: actor(PEOPLE.approver),
    action: 'approve',
    origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
    manual: true,
  });
  await h.runner.idle();
  return (await h.requests.get(request.id))!;
}

const stepOf = (steps: readonly StepState[], target: Person, step: string) =>
  steps.find((s) => s.targetId === target.id && s.step === step)!;
const throttled = (seconds = 2) =>
  new DomainError(
    'GRAPH_THROTTLED',
    { retryAfterSeconds: seconds },
    { context: { status: 429, retryAfterSeconds: seconds } },
  );
const unavailable = () =>
  new DomainError(
    'GRAPH_UNAVAILABLE',
    { operation: 'x', status: 'HTTP 503' },
    { context: { status: 503 } },
  );

function harness(options: HarnessOptions = {}): CoreHarness {
  return coreHarness(options);
}

describe('the revocation pipeline', () => {
  it('disables the account, revokes sessions, disables every device and verifies, in three directory round trips', async () => {
    const h = harness();
    const before = h.directory.peekUser(PEOPLE.target.id)!.signInSessionsValidFromDateTime;
    h.directory.calls.length = 0;
    const request = await approvedRun(h, [PEOPLE.target]);
    expect(request.status).toBe('completed');
    const user = h.directory.peekUser(PEOPLE.target.id)!;
    expect(user.accountEnabled).toBe(false);
    expect(Date.parse(user.signInSessionsValidFromDateTime!)).toBeGreaterThan(Date.parse(before!));
    expect(h.directory.peekDevice(DEVICES.tomLaptop)?.accountEnabled).toBe(false);
    expect(h.directory.peekDevice(DEVICES.tomDesktop)?.accountEnabled).toBe(false);
    const steps = await h.requests.listSteps(request.id);
    expect(steps.map((s) => [s.step, s.status])).toEqual([
      ['snapshot', 'done'],
      ['disable-account', 'done'],
      ['revoke-sessions', 'done'],
      ['disable-devices', 'done'],
      ['verify', 'done'],
    ]);
    expect(stepOf(steps, PEOPLE.target, 'verify').outcome?.message).toMatch(
      /Access tokens already issued stay valid/,
    );
    // After approval: the approver check, then snapshot reads (concurrent), one batch, one verify read.
    const afterApproval = h.directory.calls.slice(
      h.directory.calls.findIndex((c) => c.method === 'getUser' && c.subject === PEOPLE.target.id),
    );
    expect(afterApproval.map((c) => c.method)).toEqual([
      'getUser',
      'listRegisteredDevices',
      'listDirectoryRoles',
      'applyMutations',
      'getUser',
    ]);
    expect(h.notifier.of('finished')).toHaveLength(1);
  });

  it('records the before-state in the audit trail and an audit record per step start and result', async () => {
    const h = harness();
    const request = await approvedRun(h, [PEOPLE.target]);
    const snapshot = h.audit.entries.find(
      (e) => e.requestId === request.id && e.step === 'snapshot' && e.eventType === 'step_result',
    );
    expect(snapshot?.after).toMatchObject({
      snapshot: { accountEnabled: true, synced: false, guest: false, devices: expect.any(Array) },
    });
    for (const step of ['disable-account', 'revoke-sessions', 'disable-devices']) {
      expect(h.audit.entries.filter((e) => e.step === step).map((e) => e.eventType)).toEqual([
        'step_started',
        'step_result',
      ]);
    }
    expect(h.audit.ofType('run_finished')).toEqual([
      expect.objectContaining({ outcome: 'success' }),
    ]);
  });

  it('tells what to do on-premises for a synced account, and still revokes its sessions', async () => {
    const h = harness();
    const request = await approvedRun(h, [PEOPLE.synced]);
    const steps = await h.requests.listSteps(request.id);
    expect(stepOf(steps, PEOPLE.synced, 'disable-account')).toMatchObject({
      status: 'done',
      outcome: { note: 'ONPREM_ACTION_REQUIRED' },
    });
    expect(stepOf(steps, PEOPLE.synced, 'disable-account').outcome?.message).toMatch(
      /Disable the account in Active Directory and reset its password twice/,
    );
    expect(stepOf(steps, PEOPLE.synced, 'revoke-sessions').status).toBe('done');
    expect(request.status).toBe('completed');
  });

  it("notes that Entra does not revoke a guest's sessions", async () => {
    const h = harness();
    const request = await approvedRun(h, [PEOPLE.guest]);
    const steps = await h.requests.listSteps(request.id);
    expect(stepOf(steps, PEOPLE.guest, 'revoke-sessions')).toMatchObject({
      status: 'done',
      outcome: { note: 'GUEST_SESSIONS_NOT_REVOKED' },
    });
    expect(stepOf(steps, PEOPLE.guest, 'disable-devices')).toMatchObject({
      status: 'skipped',
      outcome: { note: 'NO_DEVICES' },
    });
  });

  it('completes with every step skipped when the target disappears between request and approval', async () => {
    const h = harness();
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [parseUserRef(PEOPLE.target.upn)],
      reason: 'x',
    });
    h.directory.removeUser(PEOPLE.target.id);
    await h.decide.execute({
      token: request.token,
      actor: actor(PEOPLE.approver),
      action: 'approve',
      origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
      manual: true,
    });
    await h.runner.idle();
    const steps = await h.requests.listSteps(request.id);
    expect(steps.map((s) => [s.step, s.status, s.outcome?.note])).toEqual([
      ['snapshot', 'done', 'TARGET_GONE'],
      ['disable-account', 'skipped', 'TARGET_GONE'],
      ['revoke-sessions', 'skipped', 'TARGET_GONE'],
      ['disable-devices', 'skipped', 'TARGET_GONE'],
      ['verify', 'skipped', 'TARGET_GONE'],
    ]);
    expect(await h.requests.get(request.id)).toMatchObject({ status: 'completed' });
    expect(h.directory.mutationLog).toEqual([]);
  });

  it('waits out throttling and outages on every step and finishes the work, never reporting done early', async () => {
    const h = harness();
    h.directory.failMutations((m) => m.kind === 'disable-user', throttled(5), 3);
    h.directory.failMutations((m) => m.kind === 'revoke-sessions', unavailable(), 2);
    h.directory.failMutations((m) => m.kind === 'disable-device', throttled(1), 4);
    const opened = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [parseUserRef(PEOPLE.target.upn)],
      reason: 'x',
    });
    h.directory.failNext('listRegisteredDevices', unavailable()); // the snapshot's read, after approval
    await h.decide.execute({
      token: opened.token,
      actor: actor(PEOPLE.approver),
      action: 'approve',
      origin: { conversationId: opened.card!.conversationId, replyToId: opened.card!.activityId },
      manual: true,
    });
    await h.runner.idle();
    const request = (await h.requests.get(opened.id))!;
    expect(request.status).toBe('completed');
    expect(stepOf(await h.requests.listSteps(request.id), PEOPLE.target, 'snapshot').attempts).toBe(
      1,
    );
    const done = h.notifier.of('progress').filter((n) => n.request.status === 'completed');
    expect(done.length).toBeGreaterThan(0);
    expect(
      done.every((n) => n.kind !== 'published' && n.steps.every((s) => s.status === 'done')),
    ).toBe(true);
    expect(h.directory.peekUser(PEOPLE.target.id)?.accountEnabled).toBe(false);
    expect(
      h.directory.mutationLog.filter((m) => m.mutation.kind === 'disable-user' && m.ok),
    ).toHaveLength(1);
  });

  it('reports one device it cannot disable while the others succeed, and retries only that device', async () => {
    const h = harness();
    h.directory.addDevice({
      id: DEVICES.tomPhone,
      ownerIds: [PEOPLE.target.id],
      displayName: 'TOM-IPHONE',
      operatingSystem: 'iOS',
    });
    const request = await approvedRun(h, [PEOPLE.target]);
    expect(request.status).toBe('completed-with-failures');
    const devices = stepOf(
      await h.requests.listSteps(request.id),
      PEOPLE.target,
      'disable-devices',
    );
    expect(devices.status).toBe('failed');
    expect(devices.outcome?.devices?.map((d) => [d.displayName, d.status])).toEqual(
      expect.arrayContaining([
        ['TOM-LAPTOP', 'done'],
        ['TOM-DESKTOP', 'done'],
        ['TOM-IPHONE', 'failed'],
      ]),
    );
    expect(devices.outcome?.devices?.find((d) => d.status === 'failed')?.message).toMatch(
      /only Windows devices/,
    );
    h.directory.mutationLog.length = 0;
    await h.retry.execute(request.id, actor(PEOPLE.approver));
    await h.runner.idle();
    expect(h.directory.mutationLog.map((m) => m.mutation)).toEqual([
      { kind: 'disable-device', deviceId: DEVICES.tomPhone },
    ]);
  });

  it('settles a retry without a Graph call when the failed device was disabled by hand meanwhile', async () => {
    const h = harness();
    h.directory.addDevice({
      id: DEVICES.tomPhone,
      ownerIds: [PEOPLE.target.id],
      displayName: 'TOM-IPHONE',
      operatingSystem: 'iOS',
    });
    const request = await approvedRun(h, [PEOPLE.target]);
    h.directory.setDeviceEnabled(DEVICES.tomPhone, false); // done in Intune, as the card advised
    h.directory.mutationLog.length = 0;
    await h.retry.execute(request.id, actor(PEOPLE.approver));
    await h.runner.idle();
    expect(h.directory.mutationLog).toEqual([]);
    expect(await h.requests.get(request.id)).toMatchObject({ status: 'completed' });
  });

  it('marks a step failed after too many throttled attempts, and a retry then finishes it', async () => {
    const h = harness({ maxStepAttempts: 3 });
    h.directory.failMutations((m) => m.kind === 'revoke-sessions', throttled(1), 3);
    const request = await approvedRun(h, [PEOPLE.target]);
    expect(request.status).toBe('completed-with-failures');
    expect(
      stepOf(await h.requests.listSteps(request.id), PEOPLE.target, 'revoke-sessions'),
    ).toMatchObject({ status: 'failed', outcome: { retryable: true } });
    await h.retry.execute(request.id, actor(PEOPLE.requester));
    await h.runner.idle();
    expect(await h.requests.get(request.id)).toMatchObject({ status: 'completed', runCount: 2 });
    expect(h.directory.mutationLog.filter((m) => m.mutation.kind === 'disable-user')).toHaveLength(
      1,
    );
  });

  it('refuses a retry when nothing failed, or from outside the security team', async () => {
    const h = harness();
    const request = await approvedRun(h, [PEOPLE.target]);
    await expect(h.retry.execute(request.id, actor(PEOPLE.approver))).rejects.toMatchObject({
      code: 'NOTHING_TO_RETRY',
    });
    await expect(h.retry.execute(request.id, actor(PEOPLE.outsider))).rejects.toMatchObject({
      code: 'APPROVER_NOT_IN_GROUP',
    });
  });

  it('a password reset is never shown, stored, logged or audited', async () => {
    const h = harness();
    const request = await approvedRun(
      h,
      [PEOPLE.target],
      ['disable-account', 'revoke-sessions', 'reset-password'],
    );
    expect(
      stepOf(await h.requests.listSteps(request.id), PEOPLE.target, 'reset-password'),
    ).toMatchObject({ status: 'done', outcome: { note: 'PASSWORD_RESET' } });
    expect(h.passwords.issued).toHaveLength(1);
    const everything = JSON.stringify([
      await h.requests.list({ limit: 10 }),
      await h.requests.listSteps(request.id),
      h.audit.entries,
      h.notifier.notices,
      h.logLines,
    ]);
    expect(everything).not.toContain(h.passwords.issued[0]);
  });

  it('resumes after a crash without sending a mutation that already landed', async () => {
    const h = harness();
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [parseUserRef(PEOPLE.target.upn)],
      reason: 'x',
    });
    // The approved request's first runner crashed after sending the batch: intents were durable,
    // the directory applied the changes, the results were never recorded.
    const approved = {
      ...request,
      status: 'running' as const,
      version: request.version + 1,
      startedAt: h.clock.now().toISOString(),
      runCount: 1,
    };
    await h.requests.update(approved);
    const snapshotState = stepOf(await h.requests.listSteps(request.id), PEOPLE.target, 'snapshot');
    const snapshot = {
      exists: true,
      accountEnabled: true,
      synced: false,
      guest: false,
      signInSessionsValidFromDateTime: h.directory.peekUser(PEOPLE.target.id)!
        .signInSessionsValidFromDateTime,
      lastPasswordChangeDateTime: null,
      devices: [DEVICES.tomLaptop, DEVICES.tomDesktop].map((id) => ({
        id,
        displayName: id,
        operatingSystem: 'Windows',
        accountEnabled: true,
      })),
      roles: [],
    };
    await h.requests.updateStep(
      evolveStep(
        snapshotState,
        { status: 'done', outcome: { message: 'recorded', snapshot } },
        h.clock.now(),
      ),
    );
    for (const step of ['disable-account', 'revoke-sessions', 'disable-devices']) {
      const state = stepOf(await h.requests.listSteps(request.id), PEOPLE.target, step);
      await h.requests.updateStep(
        evolveStep(
          state,
          { status: 'running', intentAt: h.clock.now().toISOString(), attempts: 1 },
          h.clock.now(),
        ),
      );
    }
    h.clock.advance(2_000);
    await h.directory.applyMutations([
      { kind: 'disable-user', userId: PEOPLE.target.id },
      { kind: 'revoke-sessions', userId: PEOPLE.target.id },
      { kind: 'disable-device', deviceId: DEVICES.tomLaptop },
    ]);
    h.directory.mutationLog.length = 0;
    expect(await h.runner.resumeAll()).toBe(1);
    await h.runner.idle();
    expect(await h.requests.get(request.id)).toMatchObject({ status: 'completed' });
    expect(h.directory.mutationLog.map((m) => m.mutation)).toEqual([
      { kind: 'disable-device', deviceId: DEVICES.tomDesktop },
    ]);
  });

  it('lets only one runner work on a request while its lease holds, and a successor take over after it lapses', async () => {
    const h = harness();
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [parseUserRef(PEOPLE.target.upn)],
      reason: 'x',
    });
    await h.requests.update({ ...request, status: 'approved', version: request.version + 1 });
    expect(
      await h.requests.claimLease(
        request.id,
        'crashed-instance',
        new Date(h.clock.now().getTime() + 60_000),
        h.clock.now(),
      ),
    ).toBe(true);
    expect(await h.runner.resumeAll()).toBe(0);
    h.clock.advance(61_000);
    const other = new RevocationRunner(h.deps, { ...RUNNER_DEFAULTS, owner: 'successor' });
    expect(await other.resumeAll()).toBe(1);
    await other.idle();
    expect(await h.requests.get(request.id)).toMatchObject({ status: 'completed' });
  });

  it('runs a bulk request of many targets to the end', async () => {
    const h = harness();
    const many = Array.from({ length: 12 }, (_, i) => {
      const person = {
        id: parseUserRef(
          `00000000-0000-4000-8000-0000000009${String(i).padStart(2, '0')}`,
        ) as unknown as { id: ObjectId },
        upn: `bulk${i}@contoso.com`,
      };
      return person;
    });
    many.forEach((p, i) =>
      h.directory.addUser({
        id: `00000000-0000-4000-8000-0000000009${String(i).padStart(2, '0')}` as ObjectId,
        userPrincipalName: p.upn,
      }),
    );
    const request = await approvedRun(
      h,
      many.map((p) => ({
        id: `00000000-0000-4000-8000-0000000009${String(many.indexOf(p)).padStart(2, '0')}` as ObjectId,
        upn: p.upn,
      })),
    );
    expect(request.status).toBe('completed');
    expect(
      h.directory.mutationLog.filter((m) => m.mutation.kind === 'disable-user' && m.ok),
    ).toHaveLength(12);
  });
});
