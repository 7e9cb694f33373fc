import { USER_ADMIN_MANAGEABLE_ROLES } from './directory-roles';
import { forbidden } from './graph-response';

/** What Lockdown needs, least-privileged (graph-facts §1–§12); tokens carry these by default. */
export const DEFAULT_GRANTED_PERMISSIONS: readonly string[] = [
  'User.Read.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'User-PasswordProfile.ReadWrite.All',
  'Device.ReadWrite.All',
  'GroupMember.Read.All',
  'RoleManagement.Read.Directory',
  'AuditLog.Read.All',
];

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];

/** Each required permission, and the higher ones Graph also accepts in its place. */
const SATISFIED_BY: Readonly<Record<string, readonly string[]>> = {
  'User.Read.All': ['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ],
  'User.EnableDisableAccount.All': ['User.EnableDisableAccount.All', ...USER_WRITE],
  'User.RevokeSessions.All': ['User.RevokeSessions.All', ...USER_WRITE],
  'User-PasswordProfile.ReadWrite.All': ['User-PasswordProfile.ReadWrite.All', ...USER_WRITE],
  'User.ReadWrite.All': USER_WRITE,
  'User.DeleteRestore.All': ['User.DeleteRestore.All', ...USER_WRITE],
  'Device.Read.All': ['Device.Read.All', 'Device.ReadWrite.All', ...DIRECTORY_READ],
  'Device.ReadWrite.All': ['Device.ReadWrite.All', 'Directory.ReadWrite.All'],
  'GroupMember.Read.All': [
    'GroupMember.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    ...DIRECTORY_READ,
  ],
  'RoleManagement.Read.Directory': [
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleManagement.ReadWrite.Directory',
    'RoleEligibilitySchedule.Read.Directory',
    'RoleEligibilitySchedule.ReadWrite.Directory',
    'RoleAssignmentSchedule.Read.Directory',
    'RoleAssignmentSchedule.ReadWrite.Directory',
    ...DIRECTORY_READ,
  ],
  'AuditLog.Read.All': ['AuditLog.Read.All'],
};

export function hasPermission(roles: ReadonlySet<string>, permission: string): boolean {
  const accepted = SATISFIED_BY[permission] ?? [permission];
  return accepted.some((p) => roles.has(p));
}

/** Throws Graph's 403 unless the token holds every permission (or a higher one). */
export function requirePermissions(roles: ReadonlySet<string>, ...permissions: string[]): void {
  if (!permissions.every((p) => hasPermission(roles, p))) throw forbidden();
}

const TOP_ROLES = ['Global Administrator', 'Privileged Authentication Administrator'];

/**
 * "Who can perform sensitive actions" (graph-facts §2), simplified: a target without roles needs
 * nothing more than the permission; a target whose roles a User Administrator may manage needs
 * the app to hold User Administrator or higher; anyone else (Global Admin, Privileged Role
 * Admin, Security Admin, role-assignable group members, ...) needs Privileged Authentication
 * Administrator or Global Administrator.
 */
export function outranks(
  appRoles: readonly string[],
  targetRoles: readonly string[],
  targetInRoleAssignableGroup: boolean,
): boolean {
  if (appRoles.some((role) => TOP_ROLES.includes(role))) return true;
  if (targetInRoleAssignableGroup) return false;
  if (targetRoles.length === 0) return true;
  const manageable = targetRoles.every((role) => USER_ADMIN_MANAGEABLE_ROLES.has(role));
  return manageable && appRoles.includes('User Administrator');
}

/** App-only password resets need "at least the User Administrator" role (graph-facts §5). */
export function canResetPasswords(appRoles: readonly string[]): boolean {
  return appRoles.some((role) => [...TOP_ROLES, 'User Administrator'].includes(role));
}
