// What may be asked for when a request is opened (SPEC §2 and §3; threat-model T11, T15).
import { type DirectoryRole } from '../../../../src/domain/directory/directory-role';
import { type ErrorCode } from '../../../../src/domain/errors';
import {
  MAX_REASON_LENGTH,
  MAX_TARGETS,
  inputRefusal,
  isProtected,
  summarizeTarget,
  targetRefusal,
  type OpeningRules,
  type ResolvedTarget,
} from '../../../../src/domain/revocation/opening-policy';
import { type UserRef } from '../../../../src/domain/user-ref';
import { ALICE, BOB, CAROL, ROLE, role, user } from './builders';

const resolved = (overrides: Partial<ResolvedTarget> = {}): ResolvedTarget => ({
  user: user(),
  roles: [],
  deviceCount: 2,
  ...overrides,
});

const BREAK_GLASS_UPN = 'breakglass01@contoso.onmicrosoft.com';
const BREAK_GLASS_ID = BOB;
const PROTECTED: readonly UserRef[] = [
  { kind: 'upn', upn: BREAK_GLASS_UPN },
  { kind: 'objectId', id: BREAK_GLASS_ID },
];
const STRICT: OpeningRules = { protectedUsers: PROTECTED, allowPrivilegedTargets: false };
const LENIENT: OpeningRules = { protectedUsers: PROTECTED, allowPrivilegedTargets: true };

const NAMED_PRIVILEGED_ROLES: ReadonlyArray<[string, string]> = [
  [ROLE.globalAdmin, 'Global Administrator'],
  [ROLE.privilegedRoleAdmin, 'Privileged Role Administrator'],
  [ROLE.privilegedAuthAdmin, 'Privileged Authentication Administrator'],
  [ROLE.securityAdmin, 'Security Administrator'],
  [ROLE.userAdmin, 'User Administrator'],
];

describe('inputRefusal', () => {
  it('uses the limits the SPEC states', () => {
    expect(MAX_TARGETS).toBe(50);
  });

  it.each<[number, ErrorCode | null]>([
    [0, 'NO_TARGETS'],
    [1, null],
    [2, null],
    [49, null],
    [50, null],
    [51, 'TOO_MANY_TARGETS'],
    [500, 'TOO_MANY_TARGETS'],
  ])('judges a request naming %i user(s): %s', (count, code) => {
    expect(inputRefusal(count, 'phishing')?.code ?? null).toBe(code);
  });

  it('says how many users were named and what the limit is', () => {
    const refusal = inputRefusal(51, 'phishing');
    expect(refusal?.params).toEqual({ max: 50, count: 51 });
    expect(refusal?.userMessage).toContain('50');
    expect(refusal?.userMessage).toContain('51');
    expect(refusal?.kind).toBe('invalid-input');
  });

  it.each([
    ['empty', ''],
    ['a single space', ' '],
    ['only spaces', '     '],
    ['tabs and newlines', '\t\n\r\n'],
    ['a no-break space', '\u00a0'],
    ['an ideographic space', '\u3000'],
  ])('requires a reason: refuses one that is %s', (_, reason) => {
    const refusal = inputRefusal(1, reason);
    expect(refusal?.code).toBe('REASON_REQUIRED');
    expect(refusal?.kind).toBe('invalid-input');
  });

  it.each<[string, ErrorCode | null, string]>([
    ['a single character', null, 'x'],
    ['one below the limit', null, 'r'.repeat(MAX_REASON_LENGTH - 1)],
    ['exactly at the limit', null, 'r'.repeat(MAX_REASON_LENGTH)],
    ['at the limit with padding around it', null, `  ${'r'.repeat(MAX_REASON_LENGTH)}\n`],
    ['one over the limit', 'REASON_TOO_LONG', 'r'.repeat(MAX_REASON_LENGTH + 1)],
    ['far over the limit', 'REASON_TOO_LONG', 'r'.repeat(10_000)],
  ])('judges a reason %s: %s', (_, code, reason) => {
    expect(inputRefusal(1, reason)?.code ?? null).toBe(code);
  });

  it('says how long the reason is and what the limit is', () => {
    const refusal = inputRefusal(1, 'r'.repeat(MAX_REASON_LENGTH + 1));
    expect(refusal?.params).toEqual({ length: MAX_REASON_LENGTH + 1, max: MAX_REASON_LENGTH });
  });

  it.each([
    [0, 'an empty', '', 'NO_TARGETS'],
    [51, 'an empty', '', 'TOO_MANY_TARGETS'],
    [51, 'an over-long', 'r'.repeat(MAX_REASON_LENGTH + 1), 'TOO_MANY_TARGETS'],
  ])('refuses %i users with %s reason, naming one problem', (count, _, reason, code) => {
    expect(inputRefusal(count, reason)?.code).toBe(code);
  });
});

describe('targetRefusal', () => {
  it('accepts an ordinary member account', () => {
    expect(targetRefusal(resolved(), ALICE, STRICT)).toBeNull();
  });

  it("refuses a request for the requester's own account", () => {
    const refusal = targetRefusal(resolved({ user: user({ id: ALICE }) }), ALICE, LENIENT);
    expect(refusal?.code).toBe('REQUESTER_IS_TARGET');
    expect(refusal?.kind).toBe('forbidden');
  });

  describe('break-glass accounts (PROTECTED_USERS)', () => {
    it.each([
      ['by object id', user({ id: BREAK_GLASS_ID, userPrincipalName: 'renamed@contoso.com' })],
      ['by UPN', user({ userPrincipalName: BREAK_GLASS_UPN })],
      [
        'by UPN in another case',
        user({ userPrincipalName: 'BreakGlass01@Contoso.OnMicrosoft.com' }),
      ],
    ])('refuses one named %s', (_, target) => {
      for (const rules of [STRICT, LENIENT]) {
        const refusal = targetRefusal(resolved({ user: target }), ALICE, rules);
        expect(refusal?.code).toBe('TARGET_PROTECTED');
        expect(refusal?.params).toEqual({ user: target.userPrincipalName });
      }
    });

    it('refuses a break-glass Global Administrator even when privileged targets are allowed', () => {
      const target = resolved({
        user: user({ userPrincipalName: BREAK_GLASS_UPN }),
        roles: [role(ROLE.globalAdmin, 'Global Administrator')],
      });
      expect(targetRefusal(target, ALICE, LENIENT)?.code).toBe('TARGET_PROTECTED');
      expect(targetRefusal(target, ALICE, STRICT)?.code).toBe('TARGET_PROTECTED');
    });

    it('accepts an ordinary account when nobody is protected', () => {
      expect(
        targetRefusal(resolved(), ALICE, { protectedUsers: [], allowPrivilegedTargets: false }),
      ).toBeNull();
    });
  });

  describe('privileged accounts (ALLOW_PRIVILEGED_TARGETS)', () => {
    const withRoles = (...roles: DirectoryRole[]): ResolvedTarget => resolved({ roles });

    it.each(
      NAMED_PRIVILEGED_ROLES.flatMap(([id, name]) =>
        (['active', 'eligible'] as const).map((assignment) => [name, assignment, id] as const),
      ),
    )('refuses a %s (%s) unless allowed', (name, assignment, id) => {
      const target = withRoles(role(id, name, assignment));
      const refusal = targetRefusal(target, ALICE, STRICT);
      expect(refusal?.code).toBe('TARGET_PRIVILEGED');
      expect(refusal?.params.user).toBe('carol@contoso.com');
      expect(String(refusal?.params.role)).toContain(name);
      expect(targetRefusal(target, ALICE, LENIENT)).toBeNull();
    });

    it('marks a PIM-eligible role as eligible in the refusal (T15)', () => {
      const refusal = targetRefusal(
        withRoles(role(ROLE.globalAdmin, 'Global Administrator', 'eligible')),
        ALICE,
        STRICT,
      );
      expect(refusal?.params.role).toBe('Global Administrator (eligible)');
    });

    it('names an active role without the eligible mark', () => {
      const refusal = targetRefusal(
        withRoles(role(ROLE.securityAdmin, 'Security Administrator')),
        ALICE,
        STRICT,
      );
      expect(refusal?.params.role).toBe('Security Administrator');
    });

    it('recognises a privileged role by its template id in upper case', () => {
      const target = withRoles(role(ROLE.globalAdmin.toUpperCase(), 'Global Administrator'));
      expect(targetRefusal(target, ALICE, STRICT)?.code).toBe('TARGET_PRIVILEGED');
    });

    it('refuses an account whose privileged role is hidden among ordinary ones', () => {
      const target = withRoles(
        role(ROLE.reportsReader, 'Reports Reader'),
        role(ROLE.userAdmin, 'User Administrator', 'eligible'),
      );
      expect(targetRefusal(target, ALICE, STRICT)?.params.role).toBe(
        'User Administrator (eligible)',
      );
    });

    it.each([
      ['no role', []],
      [
        'only read-only roles',
        [
          role(ROLE.reportsReader, 'Reports Reader'),
          role(ROLE.messageCenterReader, 'Message Center Reader', 'eligible'),
        ],
      ],
      [
        'a role named like an admin but with an unknown template id',
        [role('11111111-2222-4333-8444-555555555555', 'Global Administrator')],
      ],
    ])('accepts an account with %s', (_, roles) => {
      expect(targetRefusal(withRoles(...roles), ALICE, STRICT)).toBeNull();
    });
  });

  it("refuses the requester's own account before asking whether it is protected or privileged", () => {
    const self = resolved({
      user: user({ id: ALICE, userPrincipalName: BREAK_GLASS_UPN }),
      roles: [role(ROLE.globalAdmin, 'Global Administrator')],
    });
    expect(targetRefusal(self, ALICE, STRICT)).not.toBeNull();
  });
});

describe('isProtected', () => {
  it.each<[string, boolean, { id: typeof CAROL; userPrincipalName: string }, readonly UserRef[]]>([
    ['no one is protected', false, { id: CAROL, userPrincipalName: BREAK_GLASS_UPN }, []],
    ['the object id matches', true, { id: BOB, userPrincipalName: 'x@contoso.com' }, PROTECTED],
    ['the UPN matches exactly', true, { id: CAROL, userPrincipalName: BREAK_GLASS_UPN }, PROTECTED],
    [
      'the UPN matches in upper case',
      true,
      { id: CAROL, userPrincipalName: BREAK_GLASS_UPN.toUpperCase() },
      PROTECTED,
    ],
    [
      'the listed UPN is in mixed case',
      true,
      { id: CAROL, userPrincipalName: 'bg@contoso.com' },
      [{ kind: 'upn', upn: 'BG@Contoso.com' }],
    ],
    ['neither matches', false, { id: CAROL, userPrincipalName: 'carol@contoso.com' }, PROTECTED],
    [
      'the UPN only shares a prefix',
      false,
      { id: CAROL, userPrincipalName: 'breakglass01@contoso.onmicrosoft.com.evil' },
      PROTECTED,
    ],
    [
      'the UPN is a substring of a protected one',
      false,
      { id: CAROL, userPrincipalName: 'glass01@contoso.onmicrosoft.com' },
      PROTECTED,
    ],
    [
      "only another user's object id is listed",
      false,
      { id: ALICE, userPrincipalName: 'alice@contoso.com' },
      [{ kind: 'objectId', id: BOB }],
    ],
  ])('when %s, says protected=%s', (_, expected, target, refs) => {
    expect(isProtected(target, refs)).toBe(expected);
  });
});

describe('summarizeTarget', () => {
  it('shows what the card needs: name, UPN, id, state, sync, guest, devices and roles', () => {
    expect(
      summarizeTarget(
        resolved({
          user: user({ onPremisesSyncEnabled: true, userType: 'Guest', accountEnabled: false }),
          deviceCount: 3,
          roles: [
            role(ROLE.reportsReader, 'Reports Reader'),
            role(ROLE.globalAdmin, 'Global Administrator', 'eligible'),
            role(ROLE.securityAdmin, 'Security Administrator'),
          ],
        }),
      ),
    ).toEqual({
      id: CAROL,
      userPrincipalName: 'carol@contoso.com',
      displayName: 'Carol Target',
      accountEnabled: false,
      synced: true,
      guest: true,
      deviceCount: 3,
      privilegedRoles: ['Global Administrator (eligible)', 'Security Administrator'],
    });
  });

  it.each<[boolean | null, boolean]>([
    [true, true],
    [false, false],
    [null, false],
  ])('reports onPremisesSyncEnabled=%s as synced=%s', (sync, synced) => {
    expect(summarizeTarget(resolved({ user: user({ onPremisesSyncEnabled: sync }) })).synced).toBe(
      synced,
    );
  });

  it.each<['Member' | 'Guest', boolean]>([
    ['Member', false],
    ['Guest', true],
  ])('reports userType %s as guest=%s', (userType, guest) => {
    expect(summarizeTarget(resolved({ user: user({ userType }) })).guest).toBe(guest);
  });

  it('shows an enabled cloud-only member with no devices and no privileged role plainly', () => {
    expect(summarizeTarget(resolved({ deviceCount: 0 }))).toMatchObject({
      accountEnabled: true,
      synced: false,
      guest: false,
      deviceCount: 0,
      privilegedRoles: [],
    });
  });
});
