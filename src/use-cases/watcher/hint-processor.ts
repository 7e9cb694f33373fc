import { isPrivilegedRole, type DirectoryRole } from '../../domain/directory/directory-role';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { isDomainError } from '../../domain/errors';
import { isProtected } from '../../domain/revocation/opening-policy';
import { type RequestId } from '../../domain/revocation/request-id';
import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { judgeTransition, type WatchVerdict } from '../../domain/watcher/transition-policy';
import { newlyRevoked, type KnownState } from '../../domain/watcher/watched-user';
import { type ObjectId } from '../../domain/user-ref';
import { type QueuedHint } from '../../ports/watcher-store';
import { mapLimit } from '../map-limit';
import { withinBudget } from '../within-budget';
import { AutoRevoker } from './auto-revoker';
import { disablingRequest } from './disabling-request';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

const BATCH = 20;
const CONCURRENCY = 5;
const LEASE_MS = 60_000;
const WHO_DISABLED_BUDGET_MS = 1_000;

/**
 * Works through the hint queue. A hint (a notification, a delta entry) is never the truth: the
 * user is re-read, compared with the baseline, and only an observed enabled-to-disabled
 * transition that Lockdown did not make triggers the automatic steps. The baseline moves with a
 * compare-and-set before anything is done, so each transition is acted on once, however many
 * hints arrive and however many instances run.
 */
export class HintProcessor {
  private readonly autoRevoker: AutoRevoker;

  constructor(
    private readonly deps: WatcherDeps,
    private readonly settings: WatcherSettings,
    private readonly owner: string,
  ) {
    this.autoRevoker = new AutoRevoker(deps, settings);
  }

  /** Processes due hints until none are left; returns how many were handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const hints = await this.deps.watch.claimHints(
        this.owner,
        BATCH,
        now,
        new Date(now.getTime() + LEASE_MS),
      );
      if (hints.length === 0) return handled;
      await mapLimit(hints, CONCURRENCY, (hint) => this.process(hint));
      handled += hints.length;
    }
  }

  private async process(hint: QueuedHint): Promise<void> {
    try {
      await this.handle(hint);
      await this.deps.watch.completeHint(hint.id);
    } catch (error) {
      const delay = Math.min(60_000, 1_000 * 2 ** Math.min(hint.attempts, 6));
      this.deps.log.warn('a watch hint will be retried', {
        userId: hint.userId,
        attempts: hint.attempts,
        error,
      });
      await this.deps.watch.retryHint(hint.id, new Date(this.deps.clock.now().getTime() + delay));
    }
  }

  private async handle(hint: QueuedHint): Promise<void> {
    const { userId } = hint;
    const user = await this.reread(userId);
    const known = await this.deps.watch.knownState(userId);
    const ownRequest = await disablingRequest(this.deps, userId, this.deps.clock.now());
    const facts = {
      known: this.asJudged(hint, known),
      accountEnabled: user?.accountEnabled,
      disabledByLockdown: ownRequest !== undefined,
      revoked: await this.deps.watch.revokedUser(userId),
      isProtected: user !== undefined && isProtected(user, this.settings.protectedUsers),
      isPrivileged: false,
    };
    let verdict = judgeTransition(facts);
    let roles: DirectoryRole[] = [];
    if (verdict.action === 'auto-revoke') {
      const check = await this.privilegeCheck(userId);
      roles = check.roles;
      verdict = judgeTransition({ ...facts, isPrivileged: check.privileged });
    }
    if (user === undefined) return;
    const next: KnownState = {
      userId,
      accountEnabled: user.accountEnabled,
      observedAt: this.deps.clock.now().toISOString(),
    };
    if (!(await this.deps.watch.transitionState(known, next))) return; // another worker took this transition
    try {
      await this.act(verdict, user, roles, ownRequest);
    } catch (error) {
      // Put the baseline back so the retried hint judges the same transition again.
      await this.deps.watch.transitionState(next, known ?? next).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A held transition released by a resume was already observed (enabled to disabled) when it
   * was held: it is judged as that transition, not against the moved baseline.
   */
  private asJudged(hint: QueuedHint, known: KnownState | undefined): KnownState | undefined {
    return hint.source === 'resync' && known && !known.accountEnabled
      ? { ...known, accountEnabled: true }
      : known;
  }

  /** Privileged accounts get an alert only (T21); roles that cannot be read count as privileged. */
  private async privilegeCheck(
    userId: ObjectId,
  ): Promise<{ privileged: boolean; roles: DirectoryRole[] }> {
    try {
      const roles = await this.deps.directory.listDirectoryRoles(userId);
      return { privileged: roles.some(isPrivilegedRole), roles };
    } catch (error) {
      this.deps.log.warn('roles unreadable: treating the account as privileged', { userId, error });
      return { privileged: true, roles: [] };
    }
  }

  private async act(
    verdict: WatchVerdict,
    user: DirectoryUser,
    roles: readonly DirectoryRole[],
    ownRequest: RevocationRequest | undefined,
  ): Promise<void> {
    const at = this.deps.clock.now();
    if (!user.accountEnabled) await this.deps.watch.clearSnapBack(user.id);
    switch (verdict.action) {
      case 'none':
        this.deps.log.debug('watch hint: nothing to do', { userId: user.id, why: verdict.why });
        return;
      case 'own-disable':
        // Remembered so that re-enabling the account is reported as a snap-back.
        if (ownRequest) await this.rememberRevoked(user, ownRequest.id, at);
        return;
      case 'auto-revoke': {
        const [disabled, devices] = await Promise.all([
          this.whoDisabled(user.id),
          this.deps.directory.listRegisteredDevices(user.id).catch(() => []),
        ]);
        await this.autoRevoker.revoke({ user, roles, deviceCount: devices.length }, disabled?.by);
        return;
      }
      case 'alert-only': {
        const disabled = await this.whoDisabled(user.id);
        await this.deps.audit.append({
          eventType: 'watcher_event',
          actor: { aadObjectId: 'system', role: 'system' },
          target: { id: user.id, upn: user.userPrincipalName },
          outcome: 'info',
          reason: `${verdict.why} account disabled elsewhere: alert only`,
        });
        await this.deps.alerts.untouchableDisabled({
          userId: user.id,
          userPrincipalName: user.userPrincipalName,
          displayName: user.displayName,
          why: verdict.why,
          disabledBy: disabled?.by,
          at: at.toISOString(),
        });
        return;
      }
      case 'snap-back':
        return this.snapBack(user, at);
    }
  }

  private async rememberRevoked(user: DirectoryUser, requestId: RequestId, at: Date) {
    const revoked = await this.deps.watch.revokedUser(user.id);
    if (revoked?.requestId === requestId && revoked.snapBackReportedAt === null) return;
    await this.deps.watch.recordRevoked(newlyRevoked(user, requestId, at.toISOString()));
  }

  private async snapBack(user: DirectoryUser, at: Date): Promise<void> {
    const revoked = await this.deps.watch.revokedUser(user.id);
    const token = this.deps.ids.cardToken();
    if (!revoked || !(await this.deps.watch.markSnapBack(user.id, at, token))) return;
    await this.deps.audit.append({
      eventType: 'watcher_event',
      requestId: revoked.requestId,
      actor: { aadObjectId: 'system', role: 'system' },
      target: { id: user.id, upn: user.userPrincipalName },
      outcome: 'info',
      reason: 'SNAP_BACK',
      detail: 'an account Lockdown revoked is enabled again',
    });
    await this.deps.alerts.snapBack({
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      requestId: revoked.requestId,
      token,
      synced: user.onPremisesSyncEnabled === true,
      at: at.toISOString(),
    });
  }

  /**
   * Who disabled the account is worth a line on the card, never a delay to the revocation: the
   * directory audit log allows 5 requests in 10 s per tenant (graph-facts §9), so a burst waits.
   */
  private whoDisabled(userId: ObjectId) {
    return withinBudget(this.deps.changes.whoDisabled(userId), WHO_DISABLED_BUDGET_MS, undefined);
  }

  private async reread(userId: ObjectId): Promise<DirectoryUser | undefined> {
    try {
      return await this.deps.directory.getUser(userId);
    } catch (error) {
      if (isDomainError(error) && error.code === 'USER_NOT_FOUND') return undefined;
      throw error;
    }
  }
}
