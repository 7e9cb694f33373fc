import { appInitiator } from '../directory-audits';
import { badRequest, forbidden, type GraphResult } from '../graph-response';
import { canResetPasswords, outranks, requirePermissions } from '../permissions';
import { type GraphRequest } from '../router';
import { type SimulatorContext } from '../simulator-context';
import { type TenantModel, type UserRecord } from '../tenant-model';
import { resolveUser, USER_PROPERTIES } from '../user-representation';

const PLAIN_WRITABLE = [
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'businessPhones',
];
const COMPLEXITY =
  'The specified password does not comply with password complexity requirements. Please provide a different password.';
const ON_PREMISES =
  'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.';

/**
 * PATCH /users/{id}: accountEnabled (User.EnableDisableAccount.All), passwordProfile
 * (User-PasswordProfile.ReadWrite.All + at least User Administrator), plain profile fields
 * (User.ReadWrite.All). Sensitive changes also need the app to outrank the target's roles.
 */
export function patchUser(req: GraphRequest, sim: SimulatorContext): GraphResult {
  const body = requireObject(req.body);
  const keys = Object.keys(body);
  keys.forEach(checkWritable);
  requirePermissions(req.roles, ...keys.map(permissionFor));
  const user = resolveUser(req, sim.model);
  const sensitive = 'accountEnabled' in body || 'passwordProfile' in body;
  const appRoles = sim.model.seed.app.directoryRoles;
  if ('passwordProfile' in body && !canResetPasswords(appRoles)) throw forbidden();
  if (
    sensitive &&
    !outranks(appRoles, sim.model.rolesOf(user.id), inRoleAssignableGroup(sim.model, user))
  ) {
    throw forbidden();
  }
  const patch: Partial<UserRecord> = {};
  if ('accountEnabled' in body) {
    if (typeof body.accountEnabled !== 'boolean') throw invalidValue('accountEnabled');
    patch.accountEnabled = body.accountEnabled;
  }
  for (const key of keys.filter((k) => PLAIN_WRITABLE.includes(k))) {
    const value = body[key];
    const valid =
      key === 'businessPhones'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : value === null || typeof value === 'string';
    if (!valid) throw invalidValue(key);
    Object.assign(patch, { [key]: value });
  }
  const password = 'passwordProfile' in body ? newPassword(body.passwordProfile, user) : undefined;
  if (password !== undefined) patch.lastPasswordChangeDateTime = sim.clock.isoSeconds();
  applyPatch(sim, user, patch, password);
  return { status: 204 };
}

function applyPatch(
  sim: SimulatorContext,
  user: UserRecord,
  patch: Partial<UserRecord>,
  password: string | undefined,
): void {
  const before = user.accountEnabled;
  const changed = sim.model.updateUser(user.id, patch);
  const app = sim.model.seed.app;
  const initiatedBy = appInitiator(app);
  const target = {
    id: user.id,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
  };
  if (changed.includes('accountEnabled')) {
    sim.model.audits.record({
      activity: user.accountEnabled ? 'Enable account' : 'Disable account',
      initiatedBy,
      target,
      targetType: 'User',
      modifiedProperties: [
        {
          displayName: 'AccountEnabled',
          oldValue: `[${before}]`,
          newValue: `[${user.accountEnabled}]`,
        },
      ],
    });
  }
  if (password !== undefined) {
    sim.model.rememberPassword(user.id, password);
    sim.model.audits.record({
      activity: 'Reset user password',
      initiatedBy,
      target,
      targetType: 'User',
      modifiedProperties: [],
    });
  }
}

/** The new password, or undefined for a profile without one (accepted, no effect). */
function newPassword(profile: unknown, user: UserRecord): string | undefined {
  if (typeof profile !== 'object' || profile === null) throw invalidValue('passwordProfile');
  const { password } = profile as { password?: unknown };
  if (password === undefined) return undefined;
  if (typeof password !== 'string') throw invalidValue('passwordProfile');
  if (user.onPremisesSyncEnabled === true) throw badRequest(ON_PREMISES);
  if (user.userType === 'Guest') {
    throw badRequest('Password reset is not supported for external (guest) users.');
  }
  if (!isComplex(password)) throw badRequest(COMPLEXITY);
  return password;
}

/** Entra's rule: 8–256 characters and at least three of the four character classes. */
function isComplex(password: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((c) => c.test(password));
  return password.length >= 8 && password.length <= 256 && classes.length >= 3;
}

function permissionFor(key: string): string {
  if (key === 'accountEnabled') return 'User.EnableDisableAccount.All';
  if (key === 'passwordProfile') return 'User-PasswordProfile.ReadWrite.All';
  return 'User.ReadWrite.All';
}

function checkWritable(key: string): void {
  if (key === 'accountEnabled' || key === 'passwordProfile' || PLAIN_WRITABLE.includes(key)) return;
  if (USER_PROPERTIES.includes(key)) {
    throw badRequest(`Property '${key}' is read-only and cannot be set.`);
  }
  throw badRequest(
    `Property '${key}' does not exist as a declared property or extension property.`,
  );
}

function inRoleAssignableGroup(model: TenantModel, user: UserRecord): boolean {
  return model.groups.transitiveGroupsOf(user.id).some((g) => g.isAssignableToRole);
}

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  }
  return body as Record<string, unknown>;
}

function invalidValue(property: string): Error {
  return badRequest(`Invalid value specified for property '${property}' of resource 'User'.`);
}
