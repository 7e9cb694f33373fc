import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GRAPH_PERMISSIONS,
  requiredPermissions,
} from '../../../src/domain/directory/required-permissions';
import {
  CONFIGURABLE_STEPS,
  DEFAULT_AUTO_REVOKE_STEPS,
  DEFAULT_PIPELINE_STEPS,
  type ConfigurableStep,
} from '../../../src/domain/revocation/step-id';

/**
 * infra/grant-graph-permissions.sh against a fake `az` on PATH (test/support/fake-az.js) that
 * keeps a small tenant in a JSON file: Microsoft Graph's application roles, and the identity's
 * app role assignments. What each step needs comes from Lockdown's own permission table
 * (src/domain/directory/required-permissions.ts), which readyz checks the token against, so the
 * script cannot drift from it.
 */

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'infra', 'grant-graph-permissions.sh');
const FAKE_AZ = path.join(ROOT, 'test', 'support', 'fake-az.js');

const PRINCIPAL = '11111111-2222-4333-8444-555555555555';
const CLIENT_ID = '99999999-8888-4777-8666-555555555555';
const GRAPH_SP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER_API_SP = 'cccccccc-dddd-4eee-8fff-000000000000';

/** Microsoft Graph's application permission ids (the same in every tenant). */
const GRAPH_ROLE_IDS = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
  'User.EnableDisableAccount.All': '3011c876-62b7-4ada-afa2-506cbbecc68c',
  'User.RevokeSessions.All': '77f3a031-c388-4f99-b373-dc68676a979e',
  'Device.ReadWrite.All': '1138cb37-bd11-4084-a2b7-9f71582aeddb',
  'User-PasswordProfile.ReadWrite.All': 'cc117bb9-00cf-4eb8-b580-ea2a878fe8f7',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  // Broader ones that must never be asked for.
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
} as const;
type Permission = keyof typeof GRAPH_ROLE_IDS;

/** What Lockdown itself says these pipeline steps need. */
const needs = (...steps: ConfigurableStep[]) =>
  requiredPermissions({ pipelineSteps: steps, autoRevokeSteps: [], watcher: false }).map(
    (need) => need.permission as Permission,
  );

interface Assignment {
  principalId: string;
  resourceId: string;
  appRoleId: string;
}

let dir: string;
let statePath: string;
let logPath: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-grant-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'az'),
    `#!/bin/sh\nexec "${process.execPath}" "${FAKE_AZ}" "$@"\n`,
    { mode: 0o755 },
  );
  statePath = path.join(dir, 'tenant.json');
  logPath = path.join(dir, 'az-calls.log');
  writeTenant([]);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeTenant(assignments: Assignment[]): void {
  const appRoles: { value: string; id: string; allowedMemberTypes: string[] }[] = Object.entries(
    GRAPH_ROLE_IDS,
  ).map(([value, id]) => ({
    value,
    id,
    allowedMemberTypes: ['Application'],
  }));
  // A delegated-only scope that happens to share a name: never an app role to grant.
  appRoles.push({
    value: 'User.Read',
    id: 'e1fe6dd8-0000-4000-8000-000000000000',
    allowedMemberTypes: ['User'],
  });
  fs.writeFileSync(
    statePath,
    JSON.stringify({
      graphServicePrincipalId: GRAPH_SP,
      appRoles,
      servicePrincipals: { [CLIENT_ID]: PRINCIPAL },
      assignments,
    }),
  );
}

const granted = (...permissions: Permission[]): Assignment[] =>
  permissions.map((p) => ({
    principalId: PRINCIPAL,
    resourceId: GRAPH_SP,
    appRoleId: GRAPH_ROLE_IDS[p],
  }));

/** Runs the script; `calls` and `posted` are this run's only. */
function grant(args: string[], env: Record<string, string> = {}) {
  fs.writeFileSync(logPath, '');
  const result = spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    cwd: dir,
    // A clean environment: nothing from the developer's shell (PIPELINE_STEPS, ...) leaks in.
    env: {
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
      HOME: dir,
      FAKE_AZ_STATE: statePath,
      FAKE_AZ_LOG: logPath,
      ...env,
    },
  });
  const calls = fs
    .readFileSync(logPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);
  const posted = calls
    .filter((call) => call[0] === 'rest' && call.includes('POST'))
    .map((call) => JSON.parse(call[call.indexOf('--body') + 1]!) as Assignment);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, posted };
}

const idsOf = (permissions: Permission[]) => permissions.map((p) => GRAPH_ROLE_IDS[p]).sort();
const postedIds = (posted: Assignment[]) => posted.map((a) => a.appRoleId).sort();

describe('grant-graph-permissions.sh', () => {
  it("knows the app role id of every permission in Lockdown's table", () => {
    for (const { permission } of GRAPH_PERMISSIONS)
      expect(GRAPH_ROLE_IDS).toHaveProperty([permission]);
  });

  it.each(CONFIGURABLE_STEPS)('grants exactly what Lockdown needs for --steps %s', (step) => {
    const run = grant(['--principal-id', PRINCIPAL, '--steps', step]);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(postedIds(run.posted)).toEqual(idsOf(needs(step)));
    for (const assignment of run.posted) {
      expect(assignment).toMatchObject({ principalId: PRINCIPAL, resourceId: GRAPH_SP });
    }
  });

  it('grants the union for several steps, each permission once', () => {
    const run = grant([
      '--principal-id',
      PRINCIPAL,
      '--steps',
      'revoke-sessions, Disable-Devices,revoke-sessions',
    ]);

    expect(postedIds(run.posted)).toEqual(idsOf(needs('revoke-sessions', 'disable-devices')));
  });

  it('never asks for User.ReadWrite.All or Directory.ReadWrite.All, whatever the steps', () => {
    const run = grant([
      '--principal-id',
      PRINCIPAL,
      '--steps',
      'disable-account,revoke-sessions,disable-devices,reset-password',
      '--who-disabled',
    ]);

    expect(run.status).toBe(0);
    expect(postedIds(run.posted)).not.toContain(GRAPH_ROLE_IDS['User.ReadWrite.All']);
    expect(postedIds(run.posted)).not.toContain(GRAPH_ROLE_IDS['Directory.ReadWrite.All']);
  });

  it('takes the steps from PIPELINE_STEPS and AUTO_REVOKE_STEPS in the env file, and the identity from IDENTITY_PRINCIPAL_ID', () => {
    const envFile = path.join(dir, '.env.dev');
    fs.writeFileSync(
      envFile,
      [
        '# a comment',
        `IDENTITY_PRINCIPAL_ID=${PRINCIPAL}`,
        'PIPELINE_STEPS=disable-account\r',
        'AUTO_REVOKE_STEPS="reset-password"',
      ].join('\n'),
    );

    const run = grant(['--env-file', envFile]);

    expect(run.status).toBe(0);
    expect(postedIds(run.posted)).toEqual(idsOf(needs('disable-account', 'reset-password')));
  });

  it("uses Lockdown's default steps when none are configured", () => {
    const run = grant([], { IDENTITY_PRINCIPAL_ID: PRINCIPAL });

    expect(run.status).toBe(0);
    expect(postedIds(run.posted)).toEqual(
      idsOf(
        requiredPermissions({
          pipelineSteps: DEFAULT_PIPELINE_STEPS,
          autoRevokeSteps: DEFAULT_AUTO_REVOKE_STEPS,
          watcher: true,
        }).map((need) => need.permission as Permission),
      ),
    );
  });

  it('leaves out the automatic steps when WATCH_MODE is off', () => {
    const env = { IDENTITY_PRINCIPAL_ID: PRINCIPAL, PIPELINE_STEPS: 'disable-account' };

    const watching = grant([], { ...env, AUTO_REVOKE_STEPS: 'reset-password' });
    writeTenant([]);
    const off = grant([], { ...env, AUTO_REVOKE_STEPS: 'reset-password', WATCH_MODE: 'off' });

    expect(postedIds(watching.posted)).toEqual(idsOf(needs('disable-account', 'reset-password')));
    expect(postedIds(off.posted)).toEqual(idsOf(needs('disable-account')));
  });

  it('looks up the service principal of --client-id', () => {
    const run = grant(['--client-id', CLIENT_ID, '--steps', 'revoke-sessions']);

    expect(run.status).toBe(0);
    expect(run.posted.map((a) => a.principalId)).toEqual(Array(4).fill(PRINCIPAL));
  });

  it('adds AuditLog.Read.All and Directory.Read.All with --who-disabled', () => {
    const run = grant([
      '--principal-id',
      PRINCIPAL,
      '--steps',
      'revoke-sessions',
      '--who-disabled',
    ]);

    expect(postedIds(run.posted)).toEqual(
      idsOf([...needs('revoke-sessions'), 'AuditLog.Read.All', 'Directory.Read.All']),
    );
    // Lockdown's table marks the audit-log permission optional: only this flag asks for it.
    expect(
      GRAPH_PERMISSIONS.filter((need) => need.optional).map((need) => need.permission),
    ).toEqual(['AuditLog.Read.All']);
  });

  it('skips the permissions already granted, and grants nothing on a second run', () => {
    writeTenant(granted('User.Read.All', 'User.RevokeSessions.All'));

    const first = grant([
      '--principal-id',
      PRINCIPAL,
      '--steps',
      'revoke-sessions,disable-devices',
    ]);
    const second = grant([
      '--principal-id',
      PRINCIPAL,
      '--steps',
      'revoke-sessions,disable-devices',
    ]);

    expect(postedIds(first.posted)).toEqual(
      idsOf(
        needs('revoke-sessions', 'disable-devices').filter(
          (p) => p !== 'User.Read.All' && p !== 'User.RevokeSessions.All',
        ),
      ),
    );
    expect(first.stdout).toMatch(/User\.RevokeSessions\.All .*already granted/);
    expect(second.status).toBe(0);
    expect(second.posted).toEqual([]);
  });

  it('warns when a broader permission than Lockdown needs is granted', () => {
    writeTenant(granted('User.ReadWrite.All'));

    const run = grant(['--principal-id', PRINCIPAL, '--steps', 'revoke-sessions', '--dry-run']);

    expect(run.stdout).toContain(
      `User.ReadWrite.All (${GRAPH_ROLE_IDS['User.ReadWrite.All']}) is also granted`,
    );
    expect(run.stdout).not.toContain('Directory.ReadWrite.All');
  });

  it('does not count a role of another API with the same id as granted', () => {
    writeTenant([
      {
        principalId: PRINCIPAL,
        resourceId: OTHER_API_SP,
        appRoleId: GRAPH_ROLE_IDS['User.Read.All'],
      },
    ]);

    const run = grant(['--principal-id', PRINCIPAL, '--steps', 'revoke-sessions']);

    expect(postedIds(run.posted)).toContain(GRAPH_ROLE_IDS['User.Read.All']);
  });

  it('changes nothing with --dry-run, and lists what it would grant by app role id', () => {
    writeTenant(granted('User.Read.All'));

    const run = grant(['--principal-id', PRINCIPAL, '--steps', 'disable-account', '--dry-run']);

    expect(run.status).toBe(0);
    expect(run.posted).toEqual([]);
    expect(run.calls.every((call) => !call.includes('POST'))).toBe(true);
    const wouldGrant = [...run.stdout.matchAll(/\(([0-9a-f-]{36})\): would grant/g)].map(
      (m) => m[1],
    );
    expect(wouldGrant.sort()).toEqual(
      idsOf(needs('disable-account').filter((p) => p !== 'User.Read.All')),
    );
    expect(run.stdout).toContain(
      `User.Read.All (${GRAPH_ROLE_IDS['User.Read.All']}): already granted`,
    );
    expect(run.stdout).toContain('Dry run: nothing was changed.');
  });

  it('names the Entra roles the enabled steps need', () => {
    const privileged = grant(
      ['--principal-id', PRINCIPAL, '--steps', 'disable-account', '--dry-run'],
      {
        ALLOW_PRIVILEGED_TARGETS: 'true',
      },
    );
    const reset = grant(['--principal-id', PRINCIPAL, '--steps', 'reset-password', '--dry-run']);
    const ordinary = grant([
      '--principal-id',
      PRINCIPAL,
      '--steps',
      'disable-account',
      '--dry-run',
    ]);

    // Privileged Authentication Administrator's and User Administrator's role template ids.
    expect(privileged.stdout).toContain('Privileged Authentication Administrator');
    expect(privileged.stdout).toContain('7be44c8a-adaf-4e2a-84d6-ab2649e08a13');
    expect(reset.stdout).toContain('User Administrator');
    expect(reset.stdout).toContain('fe930be7-5e62-47db-91af-98c3a49a38b1');
    expect(ordinary.stdout).toContain('None for accounts without admin roles');
    expect(ordinary.stdout).not.toContain('7be44c8a-adaf-4e2a-84d6-ab2649e08a13');
  });

  it.each([
    ['a path', '../../applications/00000000-0000-4000-8000-000000000000'],
    ['a query', `${PRINCIPAL}?$expand=owners`],
  ])('refuses a principal id that is %s, before calling Graph (it goes into a URL)', (_, id) => {
    const run = grant(['--principal-id', id, '--steps', 'revoke-sessions']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('must be a GUID');
    expect(run.calls.filter((call) => call[0] === 'rest')).toEqual([]);
  });

  it('refuses an unknown step and grants nothing', () => {
    const run = grant(['--principal-id', PRINCIPAL, '--steps', 'disable-acount']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown step 'disable-acount'");
    expect(run.posted).toEqual([]);
  });

  it('explains itself with --help and needs no az for it', () => {
    const run = grant(['--help'], { PATH: '/usr/bin:/bin' });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--dry-run');
    expect(run.stdout).toContain('--steps');
  });
});
