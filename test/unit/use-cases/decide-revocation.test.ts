import { DomainError } from '../../../src/domain/errors';
import { type RevocationRequest } from '../../../src/domain/revocation/revocation-request';
import { parseUserRef, type ObjectId } from '../../../src/domain/user-ref';
import { type DecisionClick } from '../../../src/use-cases/decide-revocation';
import { actor, coreHarness, PEOPLE, type CoreHarness } from '../../support/core-harness';

type Person = { readonly id: ObjectId; readonly upn: string };

async function openRequest(
  h: CoreHarness,
  requester: Person = PEOPLE.requester,
  targets: readonly Person[] = [PEOPLE.target],
): Promise<RevocationRequest> {
  return h.open.execute({
    requester: actor(requester),
    targets: targets.map((t) => parseUserRef(t.upn)),
    reason: 'phishing',
  });
}

function click(
  request: RevocationRequest,
  who: Person,
  change: Partial<DecisionClick> = {},
): DecisionClick {
  return {
    token: request.token,
    actor: actor(who),
    action: 'approve',
    origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
    manual: true,
    ...change,
  };
}

async function refusalOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('the decision went through');
}

/** A refused click changes nothing: same version, no run, no directory change, audited. */
async function expectUnchanged(
  h: CoreHarness,
  request: RevocationRequest,
  code: string,
): Promise<void> {
  const stored = await h.requests.get(request.id);
  expect(stored?.version).toBe(request.version);
  expect(stored?.status).toBe(request.status);
  await h.runner.idle();
  expect(h.directory.mutationLog).toEqual([]);
  const refusals = [...h.audit.ofType('approval_refused'), ...h.audit.ofType('binding_mismatch')];
  expect(refusals.map((r) => r.reason)).toContain(code);
}

describe('DecideRevocation', () => {
  it('approves on a second member’s click, audits it, updates the card and runs the pipeline', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    const approved = await h.decide.execute(click(request, PEOPLE.approver));
    expect(approved).toMatchObject({
      status: 'approved',
      decision: { outcome: 'approved', by: { aadObjectId: PEOPLE.approver.id } },
    });
    expect(h.audit.ofType('approval_granted')).toEqual([
      expect.objectContaining({
        requestId: request.id,
        actor: expect.objectContaining({ aadObjectId: PEOPLE.approver.id, role: 'approver' }),
      }),
    ]);
    await h.runner.idle();
    expect(await h.requests.get(request.id)).toMatchObject({ status: 'completed' });
    expect(h.directory.peekUser(PEOPLE.target.id)?.accountEnabled).toBe(false);
  });

  it('rejects on an approver’s click and runs nothing', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    expect(
      await h.decide.execute(click(request, PEOPLE.approver, { action: 'reject' })),
    ).toMatchObject({ status: 'rejected' });
    await h.runner.idle();
    expect(h.directory.mutationLog).toEqual([]);
    expect(h.audit.ofType('request_rejected')).toHaveLength(1);
  });

  describe('the identity matrix {requester, approver, target}', () => {
    it.each<[string, Person, readonly Person[], Person, string]>([
      [
        'the requester approves their own request',
        PEOPLE.requester,
        [PEOPLE.target],
        PEOPLE.requester,
        'APPROVER_IS_REQUESTER',
      ],
      [
        'a requester who is also an approver approves their own',
        PEOPLE.leadRequester,
        [PEOPLE.target],
        PEOPLE.leadRequester,
        'APPROVER_IS_REQUESTER',
      ],
      [
        'an approver approves a request that targets them',
        PEOPLE.requester,
        [PEOPLE.target, PEOPLE.approver],
        PEOPLE.approver,
        'APPROVER_IS_TARGET',
      ],
      [
        'an approver outside the approver group',
        PEOPLE.requester,
        [PEOPLE.target],
        PEOPLE.outsider,
        'APPROVER_NOT_IN_GROUP',
      ],
      [
        'a disabled member of the approver group',
        PEOPLE.requester,
        [PEOPLE.target],
        PEOPLE.disabledApprover,
        'APPROVER_NOT_ELIGIBLE',
      ],
      [
        'a guest in the approver group',
        PEOPLE.requester,
        [PEOPLE.target],
        PEOPLE.guestApprover,
        'APPROVER_NOT_ELIGIBLE',
      ],
      [
        'a requester-group member who is not an approver',
        PEOPLE.leadRequester,
        [PEOPLE.target],
        PEOPLE.requester,
        'APPROVER_NOT_IN_GROUP',
      ],
    ])('refuses when %s', async (_case, requester, targets, clicker, code) => {
      const h = coreHarness();
      const request = await openRequest(h, requester, targets);
      const error = await refusalOf(h.decide.execute(click(request, clicker)));
      expect(error.code).toBe(code);
      await expectUnchanged(h, request, code);
    });

    it.each<[string, Person, Person]>([
      ['a plain requester, approved by an approver', PEOPLE.requester, PEOPLE.approver],
      [
        'an approver as requester, approved by another approver',
        PEOPLE.leadRequester,
        PEOPLE.secondApprover,
      ],
    ])('approves %s', async (_case, requester, approver) => {
      const h = coreHarness();
      const request = await openRequest(h, requester);
      await expect(h.decide.execute(click(request, approver))).resolves.toMatchObject({
        status: 'approved',
      });
    });
  });

  it.each<[string, (h: CoreHarness, r: RevocationRequest) => Promise<unknown>, string]>([
    ['an expired request', async (h) => h.clock.advance(30 * 60_000), 'REQUEST_EXPIRED'],
    [
      'a cancelled request',
      (h, r) => h.cancel.execute(r.id, actor(PEOPLE.requester)),
      'REQUEST_ALREADY_DECIDED',
    ],
    [
      'a rejected request',
      (h, r) => h.decide.execute(click(r, PEOPLE.secondApprover, { action: 'reject' })),
      'REQUEST_ALREADY_DECIDED',
    ],
  ])('refuses to approve %s', async (_case, before, code) => {
    const h = coreHarness();
    const request = await openRequest(h);
    await before(h, request);
    const current = (await h.requests.get(request.id))!;
    const error = await refusalOf(h.decide.execute(click(request, PEOPLE.approver)));
    expect(error.code).toBe(code);
    await h.runner.idle();
    expect(h.directory.mutationLog).toEqual([]);
    expect((await h.requests.get(request.id))!.decision?.by.aadObjectId).toBe(
      code === 'REQUEST_EXPIRED' ? 'system' : current.decision?.by.aadObjectId,
    );
  });

  it('marks an expired request expired on the first click after its expiry', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    h.clock.advance(30 * 60_000);
    await refusalOf(h.decide.execute(click(request, PEOPLE.approver)));
    expect(await h.requests.get(request.id)).toMatchObject({ status: 'expired' });
    expect(h.audit.ofType('request_expired')).toHaveLength(1);
  });

  it.each<[string, Partial<DecisionClick['origin']>]>([
    ['another conversation', { conversationId: '19:other@thread.tacv2' }],
    ['another message in the same conversation', { replyToId: '999' }],
    ['no message id', { replyToId: null }],
  ])('refuses a click from %s and audits a binding mismatch', async (_case, origin) => {
    const h = coreHarness();
    const request = await openRequest(h);
    const base = click(request, PEOPLE.approver);
    const error = await refusalOf(
      h.decide.execute({ ...base, origin: { ...base.origin, ...origin } }),
    );
    expect(error.code).toBe('CARD_BINDING_MISMATCH');
    await expectUnchanged(h, request, 'CARD_BINDING_MISMATCH');
    expect(h.audit.ofType('binding_mismatch')).toHaveLength(1);
  });

  it('refuses a card token it never issued', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    expect(
      (
        await refusalOf(
          h.decide.execute(click(request, PEOPLE.approver, { token: 'forged-token' })),
        )
      ).code,
    ).toBe('CARD_NOT_RECOGNISED');
  });

  it('never decides on an automatic refresh', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    expect(
      (await refusalOf(h.decide.execute(click(request, PEOPLE.approver, { manual: false })))).code,
    ).toBe('NOT_A_CLICK');
    await expectUnchanged(h, request, 'NOT_A_CLICK');
  });

  it('fails closed when Graph cannot confirm the approver, and says to try again', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    h.directory.failNext(
      'isMemberOf',
      new DomainError('GRAPH_UNAVAILABLE', {
        operation: 'check group membership',
        status: 'HTTP 503',
      }),
    );
    const error = await refusalOf(h.decide.execute(click(request, PEOPLE.approver)));
    expect(error).toMatchObject({ code: 'MEMBERSHIP_CHECK_UNAVAILABLE', retryable: true });
    expect(error.userMessage).toContain('Try again');
    await expectUnchanged(h, request, 'MEMBERSHIP_CHECK_UNAVAILABLE');
  });

  it('checks the approver group live: a member removed after the request is refused', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    h.directory.addGroup(h.settings.approverGroupId, [PEOPLE.secondApprover.id]);
    expect((await refusalOf(h.decide.execute(click(request, PEOPLE.approver)))).code).toBe(
      'APPROVER_NOT_IN_GROUP',
    );
  });

  it('lets exactly one of 100 concurrent approvals win, and runs one pipeline', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    const approvers = [PEOPLE.approver, PEOPLE.secondApprover];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => h.decide.execute(click(request, approvers[i % 2]!))),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .map((o) => (o.reason as DomainError).code);
    expect(new Set(lost)).toEqual(new Set(['REQUEST_ALREADY_DECIDED']));
    await h.runner.idle();
    expect(h.audit.ofType('approval_granted')).toHaveLength(1);
    expect(h.audit.ofType('run_started')).toHaveLength(1);
    expect(h.directory.mutationLog.filter((m) => m.mutation.kind === 'disable-user')).toHaveLength(
      1,
    );
  });

  it('answers a retried approval by the winner with the decision already taken', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    await h.decide.execute(click(request, PEOPLE.approver));
    const error = await refusalOf(h.decide.execute(click(request, PEOPLE.approver)));
    expect(error.code).toBe('REQUEST_ALREADY_DECIDED');
    expect(error.userMessage).toContain('approved by bob.approver');
  });

  it('fails closed when the store cannot record the decision', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    h.requests.failWrites = true;
    expect((await refusalOf(h.decide.execute(click(request, PEOPLE.approver)))).code).toBe(
      'STORE_UNAVAILABLE',
    );
    h.requests.failWrites = false;
    await h.runner.idle();
    expect(h.directory.mutationLog).toEqual([]);
  });
});
