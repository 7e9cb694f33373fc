import { DomainError } from '../../domain/errors';
import { type ObjectId } from '../../domain/user-ref';
import { type TeamsDeps } from '../teams-deps';

/**
 * Requests name people and reasons: only the security team (requester or approver group,
 * checked live, failing closed) may list or read them.
 */
export async function assertSecurityTeam(deps: TeamsDeps, who: ObjectId): Promise<void> {
  const groups = [...new Set([deps.settings.requesterGroupId, deps.settings.approverGroupId])];
  let member: boolean;
  try {
    member = (await Promise.all(groups.map((g) => deps.directory.isMemberOf(who, g)))).some(
      Boolean,
    );
  } catch (error) {
    throw new DomainError('MEMBERSHIP_CHECK_UNAVAILABLE', {}, { cause: error });
  }
  if (!member) throw new DomainError('NOT_SECURITY_TEAM');
}
