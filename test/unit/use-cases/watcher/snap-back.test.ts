import { parseUserRef } from '../../../../src/domain/user-ref';
import { actor, PEOPLE } from '../../../support/core-harness';
import { watcherHarness, type WatcherHarness } from '../../../support/watcher-harness';

/** Alice asks, Bob approves: Lockdown disables Tom and the watcher sees its own disable. */
async function revokedByLockdown(h: WatcherHarness) {
  await h.pollAndSettle();
  const request = await h.open.execute({
    requester: actor(PEOPLE.requester),
    targets: [parseUserRef(PEOPLE.target.upn)],
    reason: 'phishing',
  });
  await approve(h, request.token);
  await h.pollAndSettle();
  return request;
}

async function approve(h: WatcherHarness, token: string) {
  const request = (await h.requests.findByToken(token))!;
  await h.decide.execute({
    token,
    actor: actor(PEOPLE.approver),
    action: 'approve',
    origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
    manual: true,
  });
  await h.runner.idle();
}

/** Someone re-enables Tom in the portal; the next round reports it. */
async function snapBack(h: WatcherHarness) {
  h.directory.setAccountEnabled(PEOPLE.target.id, true);
  await h.pollAndSettle();
  return h.alerts.of('snap-back').at(-1)!.alert;
}

describe('snap-back of an account Lockdown disabled on request', () => {
  it('remembers its own disable and reports the re-enable once, with a card token of its own', async () => {
    const h = watcherHarness();
    const request = await revokedByLockdown(h);
    expect(await h.watch.revokedUser(PEOPLE.target.id)).toMatchObject({ requestId: request.id });
    const alert = await snapBack(h);
    expect(alert).toMatchObject({ userId: PEOPLE.target.id, requestId: request.id, synced: false });
    expect(alert.token).not.toBe(request.token);
    await h.watch.enqueue([{ userId: PEOPLE.target.id, source: 'webhook' }], h.clock.now());
    await h.pollAndSettle();
    expect(h.alerts.of('snap-back')).toHaveLength(1);
    expect(h.audit.entries.filter((e) => e.reason === 'SNAP_BACK')).toHaveLength(1);
  });

  it('opens one re-disable request for that account, by the person who clicked, under the two-person rule', async () => {
    const h = watcherHarness();
    const original = await revokedByLockdown(h);
    const { token } = await snapBack(h);
    const { request: redisable } = await h.redisable.execute(token, actor(PEOPLE.secondApprover));
    expect(redisable).toMatchObject({
      kind: 'manual',
      status: 'opened',
      requester: { aadObjectId: PEOPLE.secondApprover.id },
      targets: [expect.objectContaining({ id: PEOPLE.target.id })],
    });
    expect(redisable.reason).toContain(original.id);
    expect(h.directory.peekUser(PEOPLE.target.id)?.accountEnabled).toBe(true);
    for (const person of [PEOPLE.secondApprover, PEOPLE.requester])
      await expect(h.redisable.execute(token, actor(person))).rejects.toMatchObject({
        code: 'REDISABLE_ALREADY_OPEN',
        params: { requestId: redisable.id },
      });
    await approve(h, redisable.token);
    expect(h.directory.peekUser(PEOPLE.target.id)?.accountEnabled).toBe(false);
  });

  it('watches the account again after the re-disable: a second re-enable is a new snap-back', async () => {
    const h = watcherHarness();
    await revokedByLockdown(h);
    const first = await snapBack(h);
    const { request: redisable } = await h.redisable.execute(first.token, actor(PEOPLE.requester));
    await approve(h, redisable.token);
    await h.pollAndSettle();
    expect(await h.watch.revokedUser(PEOPLE.target.id)).toMatchObject({
      requestId: redisable.id,
      snapBackReportedAt: null,
    });
    const second = await snapBack(h);
    expect(second).toMatchObject({ requestId: redisable.id });
    await expect(h.redisable.execute(first.token, actor(PEOPLE.requester))).rejects.toMatchObject({
      code: 'CARD_NOT_RECOGNISED',
    });
  });

  it('opens nothing and keeps the button usable when the clicker may not request', async () => {
    const h = watcherHarness();
    await revokedByLockdown(h);
    const { token } = await snapBack(h);
    await expect(h.redisable.execute(token, actor(PEOPLE.outsider))).rejects.toMatchObject({
      code: 'REQUESTER_NOT_IN_GROUP',
    });
    expect(await h.watch.revokedUser(PEOPLE.target.id)).toMatchObject({ redisableRequestId: null });
    await expect(h.redisable.execute(token, actor(PEOPLE.requester))).resolves.toMatchObject({
      request: { status: 'opened' },
    });
  });

  it('frees the button again when the re-disable request is rejected', async () => {
    const h = watcherHarness();
    await revokedByLockdown(h);
    const { token } = await snapBack(h);
    const { request: first } = await h.redisable.execute(token, actor(PEOPLE.requester));
    await h.decide.execute({
      token: first.token,
      actor: actor(PEOPLE.approver),
      action: 'reject',
      origin: { conversationId: first.card!.conversationId, replyToId: first.card!.activityId },
      manual: true,
    });
    const { request: second } = await h.redisable.execute(token, actor(PEOPLE.requester));
    expect(second.id).not.toBe(first.id);
  });

  it('says there is nothing to do once the account is disabled again, and refuses unknown tokens', async () => {
    const h = watcherHarness();
    await revokedByLockdown(h);
    const { token } = await snapBack(h);
    h.disableElsewhere(PEOPLE.target.id);
    await h.pollAndSettle();
    await expect(h.redisable.execute(token, actor(PEOPLE.requester))).rejects.toMatchObject({
      code: 'NOTHING_TO_REDISABLE',
    });
    await expect(
      h.redisable.execute('not-a-token-at-all', actor(PEOPLE.requester)),
    ).rejects.toMatchObject({ code: 'CARD_NOT_RECOGNISED' });
  });

  it('lets one of two simultaneous clicks open the request', async () => {
    const h = watcherHarness();
    await revokedByLockdown(h);
    const { token } = await snapBack(h);
    const outcomes = await Promise.allSettled([
      h.redisable.execute(token, actor(PEOPLE.requester)),
      h.redisable.execute(token, actor(PEOPLE.secondApprover)),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(
      (await h.requests.list({ statuses: ['opened'], limit: 10 })).filter((r) =>
        r.reason.startsWith('Re-disable'),
      ),
    ).toHaveLength(1);
  });
});
