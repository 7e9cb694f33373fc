import { DomainError } from '../../../../src/domain/errors';
import { parseUserRef } from '../../../../src/domain/user-ref';
import { actor, DEVICES, PEOPLE } from '../../../support/core-harness';
import { watcherHarness, type WatcherHarness } from '../../../support/watcher-harness';

const automatic = async (h: WatcherHarness) =>
  (await h.requests.list({ limit: 100 })).filter((r) => r.kind === 'automatic');

describe('the watcher', () => {
  it('records a baseline on the first round and acts on nothing, even with 500 users already disabled', async () => {
    const h = watcherHarness({ pageSize: 100 });
    for (let n = 0; n < 500; n++) h.directory.setAccountEnabled(h.addUser(n), false);
    expect(await h.pollAndSettle()).toEqual({ kind: 'baseline', users: expect.any(Number) });
    expect(await automatic(h)).toEqual([]);
    expect(h.directory.mutationLog).toEqual([]);
    expect(
      h.changes.calls.filter((c) => c.startsWith('followDelta')).length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('revokes the sessions and devices of an account disabled elsewhere, and tells the channel who disabled it', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id, 'helpdesk@contoso.com');
    expect(await h.pollAndSettle()).toEqual({ kind: 'changes', hints: 1 });
    const [request] = await automatic(h);
    expect(request).toMatchObject({
      kind: 'automatic',
      status: 'completed',
      steps: ['revoke-sessions', 'disable-devices'],
      decision: { by: { aadObjectId: 'system' } },
    });
    expect(request!.reason).toContain('helpdesk@contoso.com');
    expect(h.directory.mutationLog.map((m) => m.mutation.kind).sort()).toEqual([
      'disable-device',
      'disable-device',
      'revoke-sessions',
    ]);
    expect(h.directory.peekDevice(DEVICES.tomLaptop)?.accountEnabled).toBe(false);
    expect(h.notifier.of('published').map((n) => n.request.id)).toEqual([request!.id]);
    expect(h.audit.ofType('auto_revoke')).toHaveLength(1);
  });

  it('acts once on a transition however many hints arrive', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id);
    for (let i = 0; i < 5; i++)
      await h.watch.enqueue([{ userId: PEOPLE.target.id, source: 'webhook' }], h.clock.now());
    await h.processor.drain();
    await h.pollAndSettle();
    await h.processor.drain();
    await h.runner.idle();
    expect(await automatic(h)).toHaveLength(1);
  });

  it('leaves alone a user enabled again before the hint is processed', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id);
    await h.watch.enqueue([{ userId: PEOPLE.target.id, source: 'webhook' }], h.clock.now());
    h.directory.setAccountEnabled(PEOPLE.target.id, true);
    await h.processor.drain();
    await h.runner.idle();
    expect(await automatic(h)).toEqual([]);
  });

  it("does not process Lockdown's own disable a second time", async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [parseUserRef(PEOPLE.target.upn)],
      reason: 'phishing',
    });
    await h.decide.execute({
      token: request.token,
      actor: actor(PEOPLE.approver),
      action: 'approve',
      origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
      manual: true,
    });
    await h.runner.idle();
    expect(h.directory.peekUser(PEOPLE.target.id)?.accountEnabled).toBe(false);
    await h.pollAndSettle();
    expect(await automatic(h)).toEqual([]);
  });

  it.each([
    ['a break-glass account', PEOPLE.breakGlass.id, 'protected'],
    ['a Global Administrator', PEOPLE.globalAdmin.id, 'privileged'],
    ['a PIM-eligible admin', PEOPLE.eligibleAdmin.id, 'privileged'],
  ] as const)(
    'only alerts for %s disabled elsewhere (threat-model T21)',
    async (_case, id, why) => {
      const h = watcherHarness();
      await h.pollAndSettle();
      h.disableElsewhere(id);
      await h.pollAndSettle();
      expect(await automatic(h)).toEqual([]);
      expect(h.directory.mutationLog).toEqual([]);
      expect(h.alerts.of('untouchable')).toEqual([
        expect.objectContaining({ alert: expect.objectContaining({ userId: id, why }) }),
      ]);
    },
  );

  it('pauses after the hourly limit: 25 disables with a limit of 20 act on 20, hold 5, post one review card', async () => {
    const h = watcherHarness({ maxPerHour: 20 });
    const ids = Array.from({ length: 25 }, (_, n) => h.addUser(n));
    await h.pollAndSettle();
    for (const id of ids) h.disableElsewhere(id);
    await h.pollAndSettle();
    expect(await automatic(h)).toHaveLength(20);
    expect((await h.watch.held()).length).toBe(5);
    expect(h.alerts.of('paused')).toHaveLength(1);
    expect((await h.watch.breaker()).paused).toBe(true);
  });

  it('resumes only with two different people, then looks at the held accounts again', async () => {
    const h = watcherHarness({ maxPerHour: 2 });
    const ids = Array.from({ length: 4 }, (_, n) => h.addUser(n));
    await h.pollAndSettle();
    for (const id of ids) h.disableElsewhere(id);
    await h.pollAndSettle();
    const { reviewToken, pausedAt } = await h.watch.breaker();
    const token = reviewToken!;
    expect(await h.control.resume(token, actor(PEOPLE.requester))).toEqual({
      state: 'awaiting-second',
      by: 'alice.requester',
      pausedAt,
    });
    await expect(h.control.resume(token, actor(PEOPLE.requester))).rejects.toMatchObject({
      code: 'RESUME_NEEDS_SECOND_PERSON',
    });
    await expect(h.control.resume(token, actor(PEOPLE.outsider))).rejects.toMatchObject({
      code: 'APPROVER_NOT_IN_GROUP',
    });
    await expect(h.control.resume('forged-token', actor(PEOPLE.approver))).rejects.toMatchObject({
      code: 'NOTHING_TO_RESUME',
    });
    h.clock.advance(10 * 60_000); // reviewed within the hour: the resume restarts the count
    expect(await h.control.resume(token, actor(PEOPLE.approver))).toEqual({
      state: 'resumed',
      by: ['alice.requester', 'bob.approver'],
      released: 2,
      pausedAt,
    });
    await h.processor.drain();
    await h.runner.idle();
    expect(await automatic(h)).toHaveLength(4);
    expect(h.alerts.of('resumed')).toEqual([
      {
        kind: 'resumed',
        alert: { by: ['alice.requester', 'bob.approver'], released: 2, pausedAt },
      },
    ]);
  });

  it('reports a snap-back once when an account Lockdown revoked is enabled again', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.synced.id);
    await h.pollAndSettle();
    h.directory.setAccountEnabled(PEOPLE.synced.id, true); // the next sync re-enabled it
    await h.pollAndSettle();
    await h.watch.enqueue([{ userId: PEOPLE.synced.id, source: 'webhook' }], h.clock.now());
    await h.processor.drain();
    expect(h.alerts.of('snap-back')).toEqual([
      expect.objectContaining({
        alert: expect.objectContaining({ userId: PEOPLE.synced.id, synced: true }),
      }),
    ]);
  });

  it('restarts from a new baseline when the delta link expires, acting on nothing', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id);
    h.changes.expireTokens();
    expect(await h.pollAndSettle()).toEqual({ kind: 'baseline', users: expect.any(Number) });
    expect(await automatic(h)).toEqual([]);
    expect(h.audit.entries.some((e) => e.reason === 'DELTA_TOKEN_EXPIRED')).toBe(true);
  });

  it('retries a hint later when Graph cannot answer, without losing it', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id);
    await h.watch.enqueue([{ userId: PEOPLE.target.id, source: 'webhook' }], h.clock.now());
    h.directory.failNext(
      'getUser',
      new DomainError('GRAPH_UNAVAILABLE', { operation: 'read the user', status: 'HTTP 503' }),
    );
    await h.processor.drain();
    expect(await h.watch.pendingHints()).toBe(1);
    h.clock.advance(5_000);
    await h.processor.drain();
    await h.runner.idle();
    expect(await automatic(h)).toHaveLength(1);
  });
});
