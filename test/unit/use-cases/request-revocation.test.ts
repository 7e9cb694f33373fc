import { DomainError } from '../../../src/domain/errors';
import { parseUserRef, type ObjectId, type UserRef } from '../../../src/domain/user-ref';
import { actor, coreHarness, PEOPLE, type CoreHarness } from '../../support/core-harness';

const ref = (text: string): UserRef => parseUserRef(text);

async function refusal(
  h: CoreHarness,
  targets: readonly UserRef[],
  reason = 'phishing',
  requester: { id: ObjectId; upn: string } = PEOPLE.requester,
): Promise<DomainError> {
  try {
    await h.open.execute({ requester: actor(requester), targets, reason });
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('the request was opened');
}

describe('RequestRevocation', () => {
  it('opens a request: stored open, one card posted and bound, audited, nothing changed in the directory', async () => {
    const h = coreHarness();
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [ref(PEOPLE.target.upn)],
      reason: ' phishing  ',
    });
    expect(request).toMatchObject({
      status: 'opened',
      kind: 'manual',
      reason: 'phishing',
      version: 2,
      card: { activityId: '1001' },
    });
    expect(request.targets).toEqual([
      expect.objectContaining({
        id: PEOPLE.target.id,
        userPrincipalName: PEOPLE.target.upn,
        deviceCount: 2,
        synced: false,
        guest: false,
        accountEnabled: true,
        privilegedRoles: [],
      }),
    ]);
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(30 * 60_000);
    expect(await h.requests.get(request.id)).toEqual(request);
    expect(h.notifier.of('published')).toHaveLength(1);
    expect(h.audit.ofType('request_created')).toEqual([
      expect.objectContaining({
        requestId: request.id,
        reason: 'phishing',
        actor: expect.objectContaining({ aadObjectId: PEOPLE.requester.id, role: 'requester' }),
      }),
    ]);
    expect(h.directory.mutationLog).toEqual([]);
    const steps = await h.requests.listSteps(request.id);
    expect(steps.map((s) => s.step)).toEqual([
      'snapshot',
      'disable-account',
      'revoke-sessions',
      'disable-devices',
      'verify',
    ]);
  });

  it('resolves each target once to an object id and merges a user named twice', async () => {
    const h = coreHarness();
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [
        ref(PEOPLE.target.upn.toUpperCase()),
        ref(PEOPLE.target.id),
        ref(PEOPLE.synced.upn),
      ],
      reason: 'leaver',
    });
    expect(request.targets.map((t) => t.id)).toEqual([PEOPLE.target.id, PEOPLE.synced.id]);
    expect(request.targets[1]).toMatchObject({ synced: true, deviceCount: 1 });
  });

  it('accepts a requester who reaches the requester group through a nested group', async () => {
    const h = coreHarness();
    await expect(
      h.open.execute({
        requester: actor(PEOPLE.approver),
        targets: [ref(PEOPLE.target.upn)],
        reason: 'x',
      }),
    ).resolves.toMatchObject({ status: 'opened' });
  });

  it.each<[string, (h: CoreHarness) => Promise<DomainError>, string]>([
    ['no target', (h) => refusal(h, []), 'NO_TARGETS'],
    [
      '51 targets',
      (h) =>
        refusal(
          h,
          Array.from({ length: 51 }, () => ref(PEOPLE.target.upn)),
        ),
      'TOO_MANY_TARGETS',
    ],
    ['an empty reason', (h) => refusal(h, [ref(PEOPLE.target.upn)], '   '), 'REASON_REQUIRED'],
    [
      'a reason of 501 characters',
      (h) => refusal(h, [ref(PEOPLE.target.upn)], 'x'.repeat(501)),
      'REASON_TOO_LONG',
    ],
    [
      'a requester outside the requester group',
      (h) => refusal(h, [ref(PEOPLE.target.upn)], 'x', PEOPLE.outsider),
      'REQUESTER_NOT_IN_GROUP',
    ],
    ['an unknown user', (h) => refusal(h, [ref('nobody@contoso.com')]), 'USER_NOT_FOUND'],
    [
      'the requester as a target',
      (h) => refusal(h, [ref(PEOPLE.requester.upn)]),
      'REQUESTER_IS_TARGET',
    ],
    [
      'a break-glass account named by UPN',
      (h) => refusal(h, [ref(PEOPLE.breakGlass.upn.toUpperCase())]),
      'TARGET_PROTECTED',
    ],
    [
      'a Global Administrator',
      (h) => refusal(h, [ref(PEOPLE.globalAdmin.upn)]),
      'TARGET_PRIVILEGED',
    ],
    [
      'a PIM-eligible Privileged Role Administrator',
      (h) => refusal(h, [ref(PEOPLE.eligibleAdmin.id)]),
      'TARGET_PRIVILEGED',
    ],
    [
      'two bad targets at once',
      (h) =>
        refusal(h, [
          ref('nobody@contoso.com'),
          ref(PEOPLE.globalAdmin.upn),
          ref(PEOPLE.target.upn),
        ]),
      'TARGETS_INVALID',
    ],
  ])('refuses %s, creating nothing and auditing the refusal', async (_case, attempt, code) => {
    const h = coreHarness();
    const error = await attempt(h);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(code);
    expect(await h.requests.list({ limit: 10 })).toEqual([]);
    expect(h.notifier.notices).toEqual([]);
    expect(h.audit.ofType('request_refused')).toEqual([
      expect.objectContaining({ reason: code, outcome: 'refused' }),
    ]);
  });

  it('names every problem when several targets are refused', async () => {
    const error = await refusal(coreHarness(), [
      ref('nobody@contoso.com'),
      ref(PEOPLE.breakGlass.upn),
    ]);
    expect(error.userMessage).toMatch(
      /^2 of the users cannot be revoked: No user nobody@contoso.com exists.*breakglass01@contoso.onmicrosoft.com is a protected/,
    );
  });

  it('refuses a break-glass account named by object id', async () => {
    const h = coreHarness({
      settings: { protectedUsers: [{ kind: 'objectId', id: PEOPLE.plain.id }] },
    });
    expect((await refusal(h, [ref(PEOPLE.plain.upn)])).code).toBe('TARGET_PROTECTED');
  });

  it("fails closed when Graph cannot confirm the requester, or cannot read a target's roles", async () => {
    const h = coreHarness();
    h.directory.failNext(
      'isMemberOf',
      new DomainError('GRAPH_UNAVAILABLE', {
        operation: 'check group membership',
        status: 'HTTP 503',
      }),
    );
    expect((await refusal(h, [ref(PEOPLE.target.upn)])).code).toBe('MEMBERSHIP_CHECK_UNAVAILABLE');
    h.directory.failNext(
      'listDirectoryRoles',
      new DomainError('GRAPH_FORBIDDEN', {
        operation: 'read roles',
        permission: 'RoleManagement.Read.Directory',
      }),
    );
    expect((await refusal(h, [ref(PEOPLE.target.upn)])).code).toBe('ROLE_CHECK_UNAVAILABLE');
    expect(await h.requests.list({ limit: 10 })).toEqual([]);
  });

  it('opens a request for a privileged account when ALLOW_PRIVILEGED_TARGETS is set, naming the role for the card', async () => {
    const h = coreHarness({ settings: { allowPrivilegedTargets: true } });
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [ref(PEOPLE.globalAdmin.upn), ref(PEOPLE.eligibleAdmin.upn)],
      reason: 'compromised admin',
    });
    expect(request.targets.map((t) => t.privilegedRoles)).toEqual([
      ['Global Administrator'],
      ['Privileged Role Administrator (eligible)'],
    ]);
  });

  it('never opens a request for a break-glass account, even with privileged targets allowed', async () => {
    const h = coreHarness({ settings: { allowPrivilegedTargets: true } });
    expect((await refusal(h, [ref(PEOPLE.breakGlass.upn)])).code).toBe('TARGET_PROTECTED');
  });

  it('withdraws the request when its card cannot be posted, so nobody can approve an unseen request', async () => {
    const h = coreHarness();
    h.notifier.failPublish = true;
    const error = await refusal(h, [ref(PEOPLE.target.upn)]);
    expect(error.code).toBe('CHANNEL_POST_FAILED');
    const [stored] = await h.requests.list({ limit: 1 });
    expect(stored).toMatchObject({
      status: 'cancelled',
      card: null,
      decision: { outcome: 'cancelled', by: { aadObjectId: 'system' } },
    });
    expect(h.audit.ofType('notify_failed')).toHaveLength(1);
  });

  it('takes the steps chosen on the request form', async () => {
    const h = coreHarness();
    const request = await h.open.execute({
      requester: actor(PEOPLE.requester),
      targets: [ref(PEOPLE.target.upn)],
      reason: 'x',
      steps: ['revoke-sessions', 'reset-password'],
    });
    expect(request.steps).toEqual(['revoke-sessions', 'reset-password']);
    expect((await h.requests.listSteps(request.id)).map((s) => s.step)).toEqual([
      'snapshot',
      'revoke-sessions',
      'reset-password',
      'verify',
    ]);
  });
});
