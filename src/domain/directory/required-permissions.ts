import { type AutoRevokeStep, type ConfigurableStep } from '../revocation/step-id';

/** What a deployment has turned on, which decides the Graph permissions it needs. */
export interface EnabledFeatures {
  readonly pipelineSteps: readonly ConfigurableStep[];
  readonly autoRevokeSteps: readonly AutoRevokeStep[];
  /** False with WATCH_MODE=off: the automatic steps then never run. */
  readonly watcher: boolean;
}

/** One Graph application permission Lockdown's identity may need, and what needs it. */
export interface PermissionNeed {
  readonly permission: string;
  /** 'always', the step that needs it, or 'watcher' (only when the watcher runs). */
  readonly neededBy: 'always' | ConfigurableStep | 'watcher';
  /** Lockdown works without it, with less detail; never reported as missing. */
  readonly optional: boolean;
  /** Broader permissions Graph accepts in its place (graph-facts.md): granting one lacks nothing. */
  readonly satisfiedBy: readonly string[];
}

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];

/**
 * The one table of Graph permissions, least-privileged, in the README's order; a unit test
 * keeps the README's permission table in step with it.
 */
export const GRAPH_PERMISSIONS: readonly PermissionNeed[] = [
  {
    permission: 'User.Read.All',
    neededBy: 'always',
    optional: false,
    satisfiedBy: ['User.ReadWrite.All', ...DIRECTORY_READ],
  },
  {
    permission: 'GroupMember.Read.All',
    neededBy: 'always',
    optional: false,
    satisfiedBy: [
      'GroupMember.ReadWrite.All',
      'Group.Read.All',
      'Group.ReadWrite.All',
      ...DIRECTORY_READ,
    ],
  },
  {
    permission: 'RoleManagement.Read.Directory',
    neededBy: 'always',
    optional: false,
    satisfiedBy: [
      'RoleManagement.Read.All',
      'RoleManagement.ReadWrite.Directory',
      ...DIRECTORY_READ,
    ],
  },
  {
    permission: 'User.EnableDisableAccount.All',
    neededBy: 'disable-account',
    optional: false,
    satisfiedBy: USER_WRITE,
  },
  {
    permission: 'User.RevokeSessions.All',
    neededBy: 'revoke-sessions',
    optional: false,
    satisfiedBy: USER_WRITE,
  },
  {
    permission: 'Device.ReadWrite.All',
    neededBy: 'disable-devices',
    optional: false,
    satisfiedBy: ['Directory.ReadWrite.All'],
  },
  {
    permission: 'User-PasswordProfile.ReadWrite.All',
    neededBy: 'reset-password',
    optional: false,
    satisfiedBy: USER_WRITE,
  },
  { permission: 'AuditLog.Read.All', neededBy: 'watcher', optional: true, satisfiedBy: [] },
];

/** The permissions these features cannot work without, in the table's order. */
export function requiredPermissions(features: EnabledFeatures): PermissionNeed[] {
  const steps = new Set<string>([
    ...features.pipelineSteps,
    ...(features.watcher ? features.autoRevokeSteps : []),
  ]);
  return GRAPH_PERMISSIONS.filter(
    (need) =>
      !need.optional &&
      (need.neededBy === 'always' ||
        steps.has(need.neededBy) ||
        (need.neededBy === 'watcher' && features.watcher)),
  );
}

/** The required permissions that no granted one (the token's `roles`) satisfies. */
export function unmetPermissions(
  required: readonly PermissionNeed[],
  granted: readonly string[],
): string[] {
  const roles = new Set(granted);
  return required
    .filter((need) => ![need.permission, ...need.satisfiedBy].some((p) => roles.has(p)))
    .map((need) => need.permission);
}

/** The line readyz and the help card show, naming each missing permission. */
export function describeMissingPermissions(missing: readonly string[]): string {
  return `missing Graph application permissions: ${missing.join(', ')}`;
}
