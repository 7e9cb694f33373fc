// The two-person rule and the other click-time checks (SPEC §3; threat-model T7, T9, T11-T13).
import {
  preliminaryRefusal,
  requestStateRefusal,
  requesterStandingRefusal,
  standingRefusal,
  type ApproverStanding,
  type RequesterStanding,
  type ClickOrigin,
  type DecisionAction,
} from '../../../../src/domain/revocation/approval-policy';
import { type ErrorCode } from '../../../../src/domain/errors';
import {
  type Decision,
  type RequestStatus,
  type RevocationRequest,
} from '../../../../src/domain/revocation/revocation-request';
import { type ObjectId } from '../../../../src/domain/user-ref';
import {
  ALICE,
  BOB,
  CARD_ACTIVITY,
  CAROL,
  CHANNEL,
  DAVE,
  ERIN,
  EXPIRES_AT,
  actor,
  request,
  targetSummary,
} from './builders';

const ON_THE_CARD: ClickOrigin = { conversationId: CHANNEL, replyToId: CARD_ACTIVITY };
const BEFORE_EXPIRY = new Date('2025-03-01T10:10:00.000Z');
const ACTIONS: readonly DecisionAction[] = ['approve', 'reject'];

const requestBy = (requester: ObjectId, targets: readonly ObjectId[]): RevocationRequest =>
  request({ requester: actor(requester), targets: targets.map((id) => targetSummary(id)) });

const decided = (
  status: RequestStatus,
  outcome: Decision['outcome'],
  by = actor(ERIN),
): RevocationRequest =>
  request({ status, decision: { outcome, by, at: '2025-03-01T10:05:00.000Z' } });

describe('preliminaryRefusal', () => {
  describe('the two-person rule over {requester, approver, target}', () => {
    // [case, requester, targets, clicker, acceptable refusal codes (empty = allowed)]
    const matrix: ReadonlyArray<[string, ObjectId, readonly ObjectId[], ObjectId, ErrorCode[]]> = [
      ['all three are different people', ALICE, [CAROL], BOB, []],
      ['the clicker is the requester', ALICE, [CAROL], ALICE, ['APPROVER_IS_REQUESTER']],
      ['the clicker is the only target', ALICE, [CAROL], CAROL, ['APPROVER_IS_TARGET']],
      ['the clicker is one of several targets', ALICE, [CAROL, DAVE], DAVE, ['APPROVER_IS_TARGET']],
      [
        'the clicker is the requester and a target',
        ALICE,
        [CAROL, ALICE],
        ALICE,
        ['APPROVER_IS_REQUESTER', 'APPROVER_IS_TARGET'],
      ],
    ];

    it.each(
      matrix.flatMap(([name, requester, targets, clicker, codes]) =>
        ACTIONS.map(
          (action) =>
            [
              name,
              action,
              codes.length ? 'refused' : 'allowed',
              requester,
              targets,
              clicker,
              codes,
            ] as const,
        ),
      ),
    )(
      'when %s, a click on %s is %s',
      (_name, action, _verdict, requester, targets, clicker, codes) => {
        const refusal = preliminaryRefusal(
          requestBy(requester, targets),
          actor(clicker),
          action,
          ON_THE_CARD,
          BEFORE_EXPIRY,
        );
        if (codes.length === 0) expect(refusal).toBeNull();
        else expect(codes).toContain(refusal?.code);
      },
    );

    // SPEC §3: "The approver differs from the requester, and neither is a target", enforced
    // "at the moment of the click"; threat-model T11 lists requester = target in the collision
    // matrix ("Each must be refused"). The click-time rule never looks at whether the requester
    // is a target, so a request naming its own requester is approvable by anyone else.
    it('refuses approval of a request whose requester is one of its targets', () => {
      const refusal = preliminaryRefusal(
        requestBy(ALICE, [CAROL, ALICE]),
        actor(BOB),
        'approve',
        ON_THE_CARD,
        BEFORE_EXPIRY,
      );
      expect(refusal).not.toBeNull();
      expect(refusal?.kind).toBe('forbidden');
    });

    it('names the request in the refusal, so the clicker knows what to cancel', () => {
      const refusal = preliminaryRefusal(
        request(),
        actor(ALICE),
        'approve',
        ON_THE_CARD,
        BEFORE_EXPIRY,
      );
      expect(refusal?.userMessage).toContain('LD-7K3M9Q');
      expect(refusal?.kind).toBe('forbidden');
      expect(refusal?.retryable).toBe(false);
    });
  });

  describe('identity comes from the object id only (T7)', () => {
    it.each([
      ["the requester's display name", { displayName: 'Alice Analyst' }],
      ["the requester's Teams user id", { teamsUserId: '29:alice' }],
    ])('allows an independent approver who carries %s', (_, disguise) => {
      const req = request({ requester: actor(ALICE, { teamsUserId: '29:alice' }) });
      expect(
        preliminaryRefusal(req, actor(BOB, disguise), 'approve', ON_THE_CARD, BEFORE_EXPIRY),
      ).toBeNull();
    });

    it.each([
      ['another display name', { displayName: 'Bob Approver' }],
      ['another Teams user id', { teamsUserId: '29:bob' }],
    ])('refuses the requester even under %s', (_, disguise) => {
      const req = request({ requester: actor(ALICE, { teamsUserId: '29:alice' }) });
      expect(
        preliminaryRefusal(req, actor(ALICE, disguise), 'approve', ON_THE_CARD, BEFORE_EXPIRY)
          ?.code,
      ).toBe('APPROVER_IS_REQUESTER');
    });

    it("refuses a target even when the clicker's display name differs from the card's", () => {
      const req = request({ targets: [targetSummary(CAROL, { displayName: 'C. Target' })] });
      expect(
        preliminaryRefusal(
          req,
          actor(CAROL, { displayName: 'Someone Else' }),
          'reject',
          ON_THE_CARD,
          BEFORE_EXPIRY,
        )?.code,
      ).toBe('APPROVER_IS_TARGET');
    });
  });

  describe('binding to the card it was posted as (T13)', () => {
    it.each<[string, Partial<RevocationRequest>, ClickOrigin]>([
      [
        'another conversation',
        {},
        { conversationId: '19:elsewhere@thread.v2', replyToId: CARD_ACTIVITY },
      ],
      [
        'another message in the same conversation',
        {},
        { conversationId: CHANNEL, replyToId: '999' },
      ],
      ['no message id at all', {}, { conversationId: CHANNEL, replyToId: null }],
      [
        'a different conversation and message',
        {},
        { conversationId: 'a:personal', replyToId: '1' },
      ],
      [
        'a personal chat that only shares the message id',
        {},
        { conversationId: 'a:1xyz', replyToId: CARD_ACTIVITY },
      ],
      ['a request whose card was never posted', { card: null }, ON_THE_CARD],
      [
        'a conversation id that differs only in case',
        {},
        { conversationId: CHANNEL.toUpperCase(), replyToId: CARD_ACTIVITY },
      ],
    ])('refuses a click that does not match the posted card: %s', (_, change, origin) => {
      for (const action of ACTIONS) {
        const refusal = preliminaryRefusal(
          request(change),
          actor(BOB),
          action,
          origin,
          BEFORE_EXPIRY,
        );
        expect(refusal?.code).toBe('CARD_BINDING_MISMATCH');
        expect(refusal?.userMessage).toContain('LD-7K3M9Q');
      }
    });

    it('accepts a click on the very card it posted', () => {
      expect(
        preliminaryRefusal(request(), actor(BOB), 'approve', ON_THE_CARD, BEFORE_EXPIRY),
      ).toBeNull();
    });

    it('refuses a forwarded card even when the clicker is the requester (no decision leaks)', () => {
      const refusal = preliminaryRefusal(
        request(),
        actor(ALICE),
        'approve',
        { conversationId: 'a:forwarded', replyToId: '1' },
        BEFORE_EXPIRY,
      );
      expect(refusal).not.toBeNull();
    });
  });

  describe('the request must still be open (T9)', () => {
    it.each<[string, RevocationRequest, Date, ErrorCode]>([
      ['expired by the clock', request(), new Date(EXPIRES_AT), 'REQUEST_EXPIRED'],
      ['marked expired', decided('expired', 'expired'), BEFORE_EXPIRY, 'REQUEST_EXPIRED'],
      [
        'approved by someone else',
        decided('approved', 'approved'),
        BEFORE_EXPIRY,
        'REQUEST_ALREADY_DECIDED',
      ],
      ['rejected', decided('rejected', 'rejected'), BEFORE_EXPIRY, 'REQUEST_ALREADY_DECIDED'],
      ['cancelled', decided('cancelled', 'cancelled'), BEFORE_EXPIRY, 'REQUEST_ALREADY_DECIDED'],
      ['running', decided('running', 'approved'), BEFORE_EXPIRY, 'REQUEST_ALREADY_DECIDED'],
      ['completed', decided('completed', 'approved'), BEFORE_EXPIRY, 'REQUEST_ALREADY_DECIDED'],
    ])('refuses an independent approver on a request that is %s', (_, req, now, code) => {
      for (const action of ACTIONS) {
        expect(preliminaryRefusal(req, actor(BOB), action, ON_THE_CARD, now)?.code).toBe(code);
      }
    });

    it('refuses a re-approval by the approver who already approved it', () => {
      const req = decided('approved', 'approved', actor(BOB));
      expect(preliminaryRefusal(req, actor(BOB), 'approve', ON_THE_CARD, BEFORE_EXPIRY)?.code).toBe(
        'REQUEST_ALREADY_DECIDED',
      );
    });
  });
});

describe('standingRefusal', () => {
  it('allows an enabled member account in the approver group', () => {
    expect(
      standingRefusal({ known: true, inApproverGroup: true, enabled: true, member: true }),
    ).toBeNull();
  });

  it('fails closed, with "try again", when the directory could not answer (T12)', () => {
    const refusal = standingRefusal({ known: false });
    expect(refusal?.code).toBe('MEMBERSHIP_CHECK_UNAVAILABLE');
    expect(refusal?.retryable).toBe(true);
    expect(refusal?.userMessage).toMatch(/try again/i);
  });

  // Every standing other than "in the group, enabled, member" is refused.
  const standings = [true, false].flatMap((inApproverGroup) =>
    [true, false].flatMap((enabled) =>
      [true, false].map((member) => ({ known: true as const, inApproverGroup, enabled, member })),
    ),
  );

  it.each(standings.filter((s) => !(s.inApproverGroup && s.enabled && s.member)))(
    'refuses group=$inApproverGroup enabled=$enabled member=$member',
    (standing: ApproverStanding) => {
      const refusal = standingRefusal(standing);
      expect(refusal).not.toBeNull();
      expect(refusal?.kind).toBe('forbidden');
      expect(refusal?.retryable).toBe(false);
    },
  );

  it.each<[string, ApproverStanding, ErrorCode, string | undefined]>([
    [
      'outside the approver group',
      { known: true, inApproverGroup: false, enabled: true, member: true },
      'APPROVER_NOT_IN_GROUP',
      undefined,
    ],
    [
      'a disabled account',
      { known: true, inApproverGroup: true, enabled: false, member: true },
      'APPROVER_NOT_ELIGIBLE',
      'disabled',
    ],
    [
      'a guest account',
      { known: true, inApproverGroup: true, enabled: true, member: false },
      'APPROVER_NOT_ELIGIBLE',
      'a guest account',
    ],
  ])('says why it refuses %s', (_, standing, code, problem) => {
    const refusal = standingRefusal(standing);
    expect(refusal?.code).toBe(code);
    if (problem) expect(refusal?.userMessage).toContain(problem);
  });
});

describe('requesterStandingRefusal', () => {
  // Threat-model T12, for the requester: removed from the requester group between the request
  // and the click, the request must not be carried out. [action, standing, refusal or null]
  it.each<[DecisionAction, RequesterStanding, ErrorCode | null]>([
    ['approve', { known: true, inRequesterGroup: true }, null],
    ['approve', { known: true, inRequesterGroup: false }, 'REQUESTER_LEFT_GROUP'],
    ['approve', { known: false }, 'MEMBERSHIP_CHECK_UNAVAILABLE'],
    ['reject', { known: true, inRequesterGroup: true }, null],
    ['reject', { known: true, inRequesterGroup: false }, null],
    ['reject', { known: false }, null],
  ])('judges %s with requester standing %j as %s', (action, standing, code) => {
    expect(requesterStandingRefusal(request(), action, standing)?.code ?? null).toBe(code);
  });

  it('names the requester and the request, and offers a way out', () => {
    const refusal = requesterStandingRefusal(request(), 'approve', {
      known: true,
      inRequesterGroup: false,
    });
    expect(refusal).toMatchObject({ kind: 'forbidden', retryable: false });
    expect(refusal?.userMessage).toContain('Alice Analyst');
    expect(refusal?.userMessage).toContain('LD-7K3M9Q');
    expect(refusal?.userMessage).toMatch(/Reject it/);
  });

  it('says "try again" when the directory could not answer', () => {
    const refusal = requesterStandingRefusal(request(), 'approve', { known: false });
    expect(refusal?.retryable).toBe(true);
    expect(refusal?.userMessage).toMatch(/try again/i);
  });
});

describe('requestStateRefusal', () => {
  const expiry = Date.parse(EXPIRES_AT);
  const ALL_ACTIONS = ['approve', 'reject', 'cancelled'] as const;

  it.each(ALL_ACTIONS)('lets an open, unexpired request take the %s action', (action) => {
    expect(requestStateRefusal(request(), action, BEFORE_EXPIRY)).toBeNull();
  });

  it.each<[string, number, ErrorCode | null]>([
    ['one millisecond before the expiry instant', expiry - 1, null],
    ['at the exact expiry instant', expiry, 'REQUEST_EXPIRED'],
    ['one millisecond after', expiry + 1, 'REQUEST_EXPIRED'],
    ['a day later', expiry + 86_400_000, 'REQUEST_EXPIRED'],
  ])('judges an open request %s', (_, at, code) => {
    for (const action of ALL_ACTIONS) {
      expect(requestStateRefusal(request(), action, new Date(at))?.code ?? null).toBe(code);
    }
  });

  it('says when the request expired', () => {
    const refusal = requestStateRefusal(request(), 'approve', new Date(expiry));
    expect(refusal?.params).toMatchObject({ requestId: 'LD-7K3M9Q', expiresAt: EXPIRES_AT });
    expect(refusal?.userMessage).toContain('LD-7K3M9Q');
  });

  it('refuses a request marked expired even if the clock has not reached its expiry', () => {
    expect(
      requestStateRefusal(decided('expired', 'expired', actor(ERIN)), 'approve', BEFORE_EXPIRY)
        ?.code,
    ).toBe('REQUEST_EXPIRED');
  });

  it.each<[RequestStatus, Decision['outcome']]>([
    ['approved', 'approved'],
    ['rejected', 'rejected'],
    ['cancelled', 'cancelled'],
    ['running', 'approved'],
    ['completed', 'approved'],
    ['completed-with-failures', 'approved'],
  ])('says who decided the %s request (%s), for every action', (status, outcome) => {
    for (const action of ALL_ACTIONS) {
      const refusal = requestStateRefusal(
        decided(status, outcome, actor(BOB)),
        action,
        BEFORE_EXPIRY,
      );
      expect(refusal?.code).toBe('REQUEST_ALREADY_DECIDED');
      expect(refusal?.params).toMatchObject({
        requestId: 'LD-7K3M9Q',
        outcome,
        actor: 'Bob Approver',
        at: '2025-03-01T10:05:00.000Z',
      });
    }
  });

  it('reports an already-decided request as decided, not expired, after its expiry time', () => {
    const refusal = requestStateRefusal(
      decided('approved', 'approved'),
      'approve',
      new Date(expiry + 1),
    );
    expect(refusal?.code).toBe('REQUEST_ALREADY_DECIDED');
  });

  it.each<[DecisionAction | 'cancelled', string]>([
    ['approve', 'approved'],
    ['reject', 'rejected'],
    ['cancelled', 'cancelled'],
  ])('refuses the %s action on an undecided request that is not open', (action, verb) => {
    // e.g. an automatic request, which runs without a decision.
    const refusal = requestStateRefusal(
      request({ kind: 'automatic', status: 'running' }),
      action,
      BEFORE_EXPIRY,
    );
    expect(refusal?.code).toBe('REQUEST_NOT_OPEN');
    expect(refusal?.params).toMatchObject({
      requestId: 'LD-7K3M9Q',
      status: 'running',
      action: verb,
    });
  });

  it('treats every refusal as a conflict nobody can retry into success', () => {
    const refusals = [
      requestStateRefusal(request(), 'approve', new Date(expiry)),
      requestStateRefusal(decided('approved', 'approved'), 'approve', BEFORE_EXPIRY),
      requestStateRefusal(request({ status: 'running' }), 'approve', BEFORE_EXPIRY),
    ];
    for (const refusal of refusals) {
      expect(refusal?.kind).toBe('conflict');
      expect(refusal?.retryable).toBe(false);
    }
  });
});
