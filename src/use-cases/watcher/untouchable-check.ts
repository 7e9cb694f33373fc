import { isPrivilegedRole, type DirectoryRole } from '../../domain/directory/directory-role';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { isProtected } from '../../domain/revocation/opening-policy';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

export interface UntouchableFacts {
  readonly isProtected: boolean;
  readonly isSecurityTeam: boolean;
  readonly isPrivileged: boolean;
  readonly roles: DirectoryRole[];
}

/**
 * Whether an account disabled elsewhere must be left alone, with an alert only (threat-model
 * T21): a break-glass account, a member of the security team, or a privileged one. Disabling
 * those is how an attacker locks the responders out, or gets Lockdown to finish the job. Facts
 * that cannot be read count against acting: the check fails closed.
 */
export class UntouchableCheck {
  constructor(
    private readonly deps: WatcherDeps,
    private readonly settings: WatcherSettings,
  ) {}

  async check(user: DirectoryUser): Promise<UntouchableFacts> {
    const [isSecurityTeam, roles] = await Promise.all([this.securityTeam(user), this.roles(user)]);
    return {
      isProtected: isProtected(user, this.settings.protectedUsers),
      isSecurityTeam,
      isPrivileged: roles === undefined || roles.some(isPrivilegedRole),
      roles: roles ?? [],
    };
  }

  private async securityTeam(user: DirectoryUser): Promise<boolean> {
    try {
      const memberships = await Promise.all(
        this.settings.securityGroupIds.map((g) => this.deps.directory.isMemberOf(user.id, g)),
      );
      return memberships.some(Boolean);
    } catch (error) {
      this.deps.log.warn('group membership unreadable: treating the account as the team’s', {
        userId: user.id,
        error,
      });
      return true;
    }
  }

  private async roles(user: DirectoryUser): Promise<DirectoryRole[] | undefined> {
    try {
      return await this.deps.directory.listDirectoryRoles(user.id);
    } catch (error) {
      this.deps.log.warn('roles unreadable: treating the account as privileged', {
        userId: user.id,
        error,
      });
      return undefined;
    }
  }
}
