import { isPrivilegedRole, type DirectoryRole } from '../directory/directory-role';
import { isGuest, isSynced, type DirectoryUser } from '../directory/directory-user';
import { DomainError } from '../errors';
import { type ObjectId, type UserRef } from '../user-ref';
import { type TargetSummary } from './revocation-request';

export const MAX_TARGETS = 50;
export const MAX_REASON_LENGTH = 500;

/** A resolved target with what the policy and the card need to know about it. */
export interface ResolvedTarget {
  readonly user: DirectoryUser;
  readonly roles: readonly DirectoryRole[];
  readonly deviceCount: number;
}

export interface OpeningRules {
  readonly protectedUsers: readonly UserRef[];
  readonly allowPrivilegedTargets: boolean;
}

/** The input checks that need no directory: count and reason. */
export function inputRefusal(targetCount: number, reason: string): DomainError | null {
  if (targetCount === 0) return new DomainError('NO_TARGETS');
  if (targetCount > MAX_TARGETS)
    return new DomainError('TOO_MANY_TARGETS', { max: MAX_TARGETS, count: targetCount });
  const trimmed = reason.trim();
  // Zero-width and other invisible characters do not make a reason for the audit trail.
  if (trimmed.replace(/[\s\u200b-\u200f\u2060\ufeff]/g, '').length === 0) {
    return new DomainError('REASON_REQUIRED');
  }
  if (trimmed.length > MAX_REASON_LENGTH) {
    return new DomainError('REASON_TOO_LONG', { length: trimmed.length, max: MAX_REASON_LENGTH });
  }
  return null;
}

/**
 * Per-target refusals (SPEC section 3): the requester is not a target, break-glass accounts are
 * never revoked, and privileged accounts (active or PIM-eligible roles) only when allowed.
 */
export function targetRefusal(
  target: ResolvedTarget,
  requesterId: ObjectId,
  rules: OpeningRules,
): DomainError | null {
  const { user } = target;
  if (user.id === requesterId) return new DomainError('REQUESTER_IS_TARGET');
  if (isProtected(user, rules.protectedUsers))
    return new DomainError('TARGET_PROTECTED', { user: user.userPrincipalName });
  const privileged = target.roles.find(isPrivilegedRole);
  if (privileged && !rules.allowPrivilegedTargets) {
    const role =
      privileged.assignment === 'eligible'
        ? `${privileged.displayName} (eligible)`
        : privileged.displayName;
    return new DomainError('TARGET_PRIVILEGED', { user: user.userPrincipalName, role });
  }
  return null;
}

export function isProtected(
  user: Pick<DirectoryUser, 'id' | 'userPrincipalName'>,
  protectedUsers: readonly UserRef[],
): boolean {
  return protectedUsers.some((ref) =>
    ref.kind === 'objectId'
      ? ref.id === user.id
      : ref.upn.toLowerCase() === user.userPrincipalName.toLowerCase(),
  );
}

export function summarizeTarget(target: ResolvedTarget): TargetSummary {
  const { user } = target;
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    accountEnabled: user.accountEnabled,
    synced: isSynced(user),
    guest: isGuest(user),
    deviceCount: target.deviceCount,
    privilegedRoles: target.roles
      .filter(isPrivilegedRole)
      .map((r) => (r.assignment === 'eligible' ? `${r.displayName} (eligible)` : r.displayName)),
  };
}
