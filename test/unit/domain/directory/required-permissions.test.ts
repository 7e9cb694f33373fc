import fs from 'node:fs';
import path from 'node:path';
import {
  describeMissingPermissions,
  GRAPH_PERMISSIONS,
  requiredPermissions,
  unmetPermissions,
  type EnabledFeatures,
} from '../../../../src/domain/directory/required-permissions';
import {
  DEFAULT_AUTO_REVOKE_STEPS,
  DEFAULT_PIPELINE_STEPS,
} from '../../../../src/domain/revocation/step-id';

const README = path.join(__dirname, '../../../../README.md');

/** The README's permission table: permission (first code span of the row) → the whole row. */
function readmeRows(): Map<string, string> {
  const text = fs.readFileSync(README, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Microsoft Graph permissions'));
  if (!section) throw new Error('README has no "Microsoft Graph permissions" section');
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^\| `([A-Za-z.-]+)`.*\|$/.exec(line.trim());
    if (match) rows.set(match[1]!, line);
  }
  return rows;
}

const DEFAULTS: EnabledFeatures = {
  pipelineSteps: DEFAULT_PIPELINE_STEPS,
  autoRevokeSteps: DEFAULT_AUTO_REVOKE_STEPS,
  watcher: true,
};
const names = (features: EnabledFeatures) =>
  requiredPermissions(features).map((need) => need.permission);
const ALWAYS = ['User.Read.All', 'GroupMember.Read.All', 'RoleManagement.Read.Directory'];

describe('the Graph permission table', () => {
  it('lists exactly the permissions of the README table, in its order', () => {
    expect(GRAPH_PERMISSIONS.map((need) => need.permission)).toEqual([...readmeRows().keys()]);
  });

  it.each(GRAPH_PERMISSIONS.map((need) => [need.permission, need] as const))(
    'agrees with the README on what needs %s',
    (_, need) => {
      const row = readmeRows().get(need.permission)!;
      if (need.neededBy !== 'always' && need.neededBy !== 'watcher')
        expect(row).toContain(`\`${need.neededBy}\``);
      expect(/\boptional\b/.test(row)).toBe(need.optional);
    },
  );
});

describe('requiredPermissions', () => {
  it.each<[string, EnabledFeatures, string[]]>([
    [
      'the default steps with the watcher on',
      DEFAULTS,
      [
        ...ALWAYS,
        'User.EnableDisableAccount.All',
        'User.RevokeSessions.All',
        'Device.ReadWrite.All',
      ],
    ],
    [
      'reset-password opted in',
      { ...DEFAULTS, pipelineSteps: [...DEFAULT_PIPELINE_STEPS, 'reset-password'] },
      [
        ...ALWAYS,
        'User.EnableDisableAccount.All',
        'User.RevokeSessions.All',
        'Device.ReadWrite.All',
        'User-PasswordProfile.ReadWrite.All',
      ],
    ],
    [
      'only disable-account, watcher off',
      { pipelineSteps: ['disable-account'], autoRevokeSteps: ['revoke-sessions'], watcher: false },
      [...ALWAYS, 'User.EnableDisableAccount.All'],
    ],
    [
      'only disable-account, with the watcher revoking sessions',
      { pipelineSteps: ['disable-account'], autoRevokeSteps: ['revoke-sessions'], watcher: true },
      [...ALWAYS, 'User.EnableDisableAccount.All', 'User.RevokeSessions.All'],
    ],
  ])('needs, for %s, exactly these', (_, features, expected) => {
    expect(names(features)).toEqual(expected);
  });

  it('never requires an optional permission', () => {
    expect(names(DEFAULTS)).not.toContain('AuditLog.Read.All');
  });
});

describe('unmetPermissions', () => {
  const required = requiredPermissions(DEFAULTS);

  it('names each required permission the token lacks, in the table order', () => {
    const granted = ['Device.ReadWrite.All', 'User.Read.All', 'GroupMember.Read.All'];
    expect(unmetPermissions(required, granted)).toEqual([
      'RoleManagement.Read.Directory',
      'User.EnableDisableAccount.All',
      'User.RevokeSessions.All',
    ]);
  });

  it('lacks nothing when every permission is granted', () => {
    expect(
      unmetPermissions(
        required,
        GRAPH_PERMISSIONS.map((n) => n.permission),
      ),
    ).toEqual([]);
  });

  it('lacks everything when the token carries no roles', () => {
    expect(unmetPermissions(required, [])).toEqual(names(DEFAULTS));
  });

  it('counts a broader permission Graph accepts in place of the least one', () => {
    expect(unmetPermissions(required, ['Directory.ReadWrite.All'])).toEqual([]);
    expect(
      unmetPermissions(required, [...ALWAYS, 'User.ReadWrite.All', 'Device.ReadWrite.All']),
    ).toEqual([]);
  });

  it('does not count a read permission in place of a write one', () => {
    expect(
      unmetPermissions(required, [...ALWAYS, 'Directory.Read.All', 'Device.Read.All']),
    ).toEqual(['User.EnableDisableAccount.All', 'User.RevokeSessions.All', 'Device.ReadWrite.All']);
  });
});

describe('describeMissingPermissions', () => {
  it('names each missing permission', () => {
    expect(describeMissingPermissions(['User.RevokeSessions.All', 'Device.ReadWrite.All'])).toBe(
      'missing Graph application permissions: User.RevokeSessions.All, Device.ReadWrite.All',
    );
  });
});
