// The live checks of a click (threat-model T12): under a deadline, because Teams wants the
// invoke answered within a second, and for the requester as well as the approver.
import { type DomainError } from '../../../src/domain/errors';
import { type RevocationRequest } from '../../../src/domain/revocation/revocation-request';
import { parseUserRef, type ObjectId } from '../../../src/domain/user-ref';
import { type Directory } from '../../../src/ports/directory';
import { DecideRevocation, type DecisionClick } from '../../../src/use-cases/decide-revocation';
import { DECISION_CHECK_DEADLINE_MS } from '../../../src/use-cases/decision-standing';
import { actor, coreHarness, GROUPS, PEOPLE, type CoreHarness } from '../../support/core-harness';

type Person = { readonly id: ObjectId; readonly upn: string };
type Delay = (method: keyof Directory, args: readonly unknown[]) => number;

/** The harness's directory, answering each call after `delay` ms (fake timers). */
function slowed(directory: Directory, delay: Delay): Directory {
  return new Proxy(directory, {
    get(target, property: keyof Directory) {
      const member = target[property];
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        const ms = delay(property, args);
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        return (member as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

function deciderWith(h: CoreHarness, delay: Delay): DecideRevocation {
  return new DecideRevocation(
    { ...h.deps, directory: slowed(h.directory, delay) },
    h.settings,
    h.runner,
  );
}

const openRequest = (h: CoreHarness): Promise<RevocationRequest> =>
  h.open.execute({
    requester: actor(PEOPLE.requester),
    targets: [parseUserRef(PEOPLE.target.upn)],
    reason: 'phishing',
  });

const click = (
  request: RevocationRequest,
  who: Person,
  action: DecisionClick['action'] = 'approve',
): DecisionClick => ({
  token: request.token,
  actor: actor(who),
  action,
  origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
  manual: true,
});

/** The decision's outcome, with whether it had settled by the time it is looked at. */
function track(decision: Promise<RevocationRequest>) {
  const state: { settled: boolean; value?: RevocationRequest; error?: DomainError } = {
    settled: false,
  };
  decision.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: DomainError) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

/** A refused click changes nothing: same version and status, no directory change, audited. */
async function expectUnchanged(h: CoreHarness, request: RevocationRequest, code: string) {
  const stored = await h.requests.get(request.id);
  expect(stored).toMatchObject({ version: request.version, status: 'opened', decision: null });
  expect(h.directory.mutationLog).toEqual([]);
  expect(h.audit.ofType('approval_refused').map((r) => r.reason)).toContain(code);
  expect(h.audit.ofType('approval_granted')).toEqual([]);
}

const isRequesterCheck = (method: keyof Directory, args: readonly unknown[]) =>
  method === 'isMemberOf' && args[0] === PEOPLE.requester.id;

describe('DecideRevocation: the deadline on the live membership checks', () => {
  beforeEach(() => {
    // Only the timers: the harness's fake clock sleeps through setImmediate.
    jest.useFakeTimers({
      doNotFake: ['Date', 'nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('refuses a click whose checks are slow, at the deadline, with "try again"', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    const decide = deciderWith(h, (method) => (method === 'isMemberOf' ? 5_000 : 0));
    const decision = track(decide.execute(click(request, PEOPLE.approver)));

    await jest.advanceTimersByTimeAsync(DECISION_CHECK_DEADLINE_MS - 1);
    expect(decision.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(decision.settled).toBe(true);
    expect(decision.error).toMatchObject({ code: 'MEMBERSHIP_CHECK_UNAVAILABLE', retryable: true });
    expect(decision.error?.userMessage).toMatch(/Try again in a minute/);
    await expectUnchanged(h, request, 'MEMBERSHIP_CHECK_UNAVAILABLE');
  });

  it('ignores the answer that arrives after the deadline: the request stays open', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    const decide = deciderWith(h, (method) => (method === 'getUser' ? 2_000 : 0));
    const decision = track(decide.execute(click(request, PEOPLE.approver)));
    await jest.advanceTimersByTimeAsync(5_000); // the late answer says "eligible" meanwhile
    expect(decision.error?.code).toBe('MEMBERSHIP_CHECK_UNAVAILABLE');
    await expectUnchanged(h, request, 'MEMBERSHIP_CHECK_UNAVAILABLE');
  });

  it("puts the requester's check under the same deadline", async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    const decide = deciderWith(h, (method, args) => (isRequesterCheck(method, args) ? 5_000 : 0));
    const decision = track(decide.execute(click(request, PEOPLE.approver)));
    await jest.advanceTimersByTimeAsync(DECISION_CHECK_DEADLINE_MS);
    expect(decision.error?.code).toBe('MEMBERSHIP_CHECK_UNAVAILABLE');
    await expectUnchanged(h, request, 'MEMBERSHIP_CHECK_UNAVAILABLE');
  });

  it('decides when the checks answer within the deadline', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    const decide = deciderWith(h, (method) => (method === 'isMemberOf' ? 300 : 100));
    const decision = track(decide.execute(click(request, PEOPLE.approver)));
    await jest.advanceTimersByTimeAsync(300);
    expect(decision.value).toMatchObject({ status: 'approved' });
  });

  it("does not wait for the requester's check on a rejection: it does not read it", async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    const decide = deciderWith(h, (method, args) => (isRequesterCheck(method, args) ? 5_000 : 0));
    const decision = track(decide.execute(click(request, PEOPLE.approver, 'reject')));
    await jest.advanceTimersByTimeAsync(0);
    expect(decision.value).toMatchObject({ status: 'rejected' });
  });
});

describe("DecideRevocation: the requester's group membership, re-checked at approval", () => {
  /** Alice opened the request; then she is taken out of the requester group. */
  async function requesterRemoved(h: CoreHarness): Promise<RevocationRequest> {
    const request = await openRequest(h);
    h.directory.addGroup(GROUPS.requesters, [GROUPS.approvers]);
    return request;
  }

  it('refuses the approval, says why, audits it and changes nothing', async () => {
    const h = coreHarness();
    const request = await requesterRemoved(h);
    const error = await h.decide.execute(click(request, PEOPLE.approver)).then(
      () => undefined,
      (e: DomainError) => e,
    );
    expect(error).toMatchObject({ code: 'REQUESTER_LEFT_GROUP', kind: 'forbidden' });
    expect(error?.userMessage).toContain(request.id);
    await h.runner.idle();
    await expectUnchanged(h, request, 'REQUESTER_LEFT_GROUP');
  });

  it('still lets an approver reject the request', async () => {
    const h = coreHarness();
    const request = await requesterRemoved(h);
    await expect(
      h.decide.execute(click(request, PEOPLE.approver, 'reject')),
    ).resolves.toMatchObject({ status: 'rejected' });
  });

  it('refuses when the requester no longer exists in the directory', async () => {
    const h = coreHarness();
    const request = await openRequest(h);
    h.directory.removeUser(PEOPLE.requester.id);
    await expect(h.decide.execute(click(request, PEOPLE.approver))).rejects.toMatchObject({
      code: 'REQUESTER_LEFT_GROUP',
    });
  });

  it('approves when the requester is still a member through a nested group', async () => {
    const h = coreHarness();
    // Lena is in the requester group only as a member of the approver group nested in it.
    const request = await h.open.execute({
      requester: actor(PEOPLE.leadRequester),
      targets: [parseUserRef(PEOPLE.target.upn)],
      reason: 'phishing',
    });
    await expect(h.decide.execute(click(request, PEOPLE.approver))).resolves.toMatchObject({
      status: 'approved',
    });
  });
});
