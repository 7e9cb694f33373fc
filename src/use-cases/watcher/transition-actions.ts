import { type DirectoryRole } from '../../domain/directory/directory-role';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { type WatchVerdict } from '../../domain/watcher/transition-policy';
import { newlyRevoked } from '../../domain/watcher/watched-user';
import { type ObjectId } from '../../domain/user-ref';
import { systemEvent } from '../audit-helpers';
import { withinBudget } from '../within-budget';
import { AutoRevoker } from './auto-revoker';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

const WHO_DISABLED_BUDGET_MS = 1_000;

export interface Transition {
  readonly verdict: WatchVerdict;
  readonly user: DirectoryUser;
  readonly roles: readonly DirectoryRole[];
  /** The Lockdown request that disabled the account, for `own-disable`. */
  readonly ownRequest: RevocationRequest | undefined;
  /** When the transition was first observed: the key that makes doing it again harmless. */
  readonly at: Date;
  /** When the account was last seen enabled, to tell this disable from older ones. */
  readonly enabledSince: Date | undefined;
}

/** 'held': the circuit breaker holds it; the work is still to do. */
export type TransitionOutcome = 'done' | 'held';

/**
 * What a transition calls for (SPEC section 5). Each action may run again for the same
 * transition (after a crash, a failed post or a resume) and then finishes what is missing
 * instead of doing it twice: the automatic request is found again, the snap-back keeps its card
 * token. A failure is thrown so the hint is tried again later.
 */
export class TransitionActions {
  private readonly autoRevoker: AutoRevoker;

  constructor(
    private readonly deps: WatcherDeps,
    settings: WatcherSettings,
  ) {
    this.autoRevoker = new AutoRevoker(deps, settings);
  }

  async run(transition: Transition): Promise<TransitionOutcome> {
    const { verdict, user } = transition;
    if (!user.accountEnabled) await this.deps.watch.clearSnapBack(user.id);
    switch (verdict.action) {
      case 'none':
        this.deps.log.debug('watch hint: nothing to do', { userId: user.id, why: verdict.why });
        return 'done';
      case 'own-disable':
        if (transition.ownRequest) await this.rememberRevoked(user, transition);
        return 'done';
      case 'auto-revoke':
        return this.autoRevoke(transition);
      case 'alert-only':
        await this.alertOnly(transition, verdict.why);
        return 'done';
      case 'snap-back':
        await this.snapBack(user, transition.at);
        return 'done';
    }
  }

  private async autoRevoke(transition: Transition): Promise<TransitionOutcome> {
    const { user } = transition;
    const [disabled, devices] = await Promise.all([
      this.whoDisabled(user.id, transition.enabledSince),
      this.deps.directory.listRegisteredDevices(user.id).catch(() => []),
    ]);
    const outcome = await this.autoRevoker.revoke(
      { user, roles: [...transition.roles], deviceCount: devices.length },
      disabled?.by,
      transition.at,
    );
    return outcome.kind === 'held' ? 'held' : 'done';
  }

  private async alertOnly(
    transition: Transition,
    why: 'protected' | 'security-team' | 'privileged',
  ): Promise<void> {
    const { user } = transition;
    const disabled = await this.whoDisabled(user.id, transition.enabledSince);
    await this.deps.audit.append(
      systemEvent('watcher_event', {
        target: { id: user.id, upn: user.userPrincipalName },
        outcome: 'info',
        reason: `${why} account disabled elsewhere: alert only`,
      }),
    );
    await this.deps.alerts.untouchableDisabled({
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      why,
      disabledBy: disabled?.by,
      at: transition.at.toISOString(),
    });
  }

  /** Lockdown's own disable: re-enabling the account later is a snap-back of that request. */
  private async rememberRevoked(user: DirectoryUser, transition: Transition): Promise<void> {
    const requestId = transition.ownRequest!.id;
    const revoked = await this.deps.watch.revokedUser(user.id);
    if (revoked?.requestId === requestId && revoked.snapBackReportedAt === null) return;
    await this.deps.watch.recordRevoked(newlyRevoked(user, requestId, transition.at.toISOString()));
  }

  /**
   * Reported once per re-enable: the mark comes first, with the card's token, and a repeat
   * after a failed post reuses that token, so any card that did reach the channel still works.
   */
  private async snapBack(user: DirectoryUser, at: Date): Promise<void> {
    let revoked = await this.deps.watch.revokedUser(user.id);
    if (!revoked) return;
    if (revoked.snapBackReportedAt === null) {
      if (!(await this.deps.watch.markSnapBack(user.id, at, this.deps.ids.cardToken()))) return;
      revoked = (await this.deps.watch.revokedUser(user.id))!;
      await this.deps.audit.append(
        systemEvent('watcher_event', {
          requestId: revoked.requestId,
          target: { id: user.id, upn: user.userPrincipalName },
          outcome: 'info',
          reason: 'SNAP_BACK',
          detail: 'an account Lockdown revoked is enabled again',
        }),
      );
    }
    await this.deps.alerts.snapBack({
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      requestId: revoked.requestId,
      token: revoked.snapBackToken!,
      synced: user.onPremisesSyncEnabled === true,
      at: revoked.snapBackReportedAt ?? at.toISOString(),
    });
  }

  /**
   * Who disabled the account is worth a line on the card, never a delay to the revocation: the
   * directory audit log allows 5 requests in 10 s per tenant (graph-facts §9), so a burst waits.
   */
  private whoDisabled(userId: ObjectId, since: Date | undefined) {
    return withinBudget(
      this.deps.changes.whoDisabled(userId, since),
      WHO_DISABLED_BUDGET_MS,
      undefined,
    );
  }
}
