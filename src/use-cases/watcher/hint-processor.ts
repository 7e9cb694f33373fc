import { type DirectoryRole } from '../../domain/directory/directory-role';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { isDomainError } from '../../domain/errors';
import {
  hasWork,
  judgedFrom,
  judgeTransition,
  type TransitionFacts,
  type WatchVerdict,
} from '../../domain/watcher/transition-policy';
import { type KnownState } from '../../domain/watcher/watched-user';
import { type ObjectId } from '../../domain/user-ref';
import { type QueuedHint } from '../../ports/watcher-store';
import { mapLimit } from '../map-limit';
import { disablingRequest } from './disabling-request';
import { TransitionActions } from './transition-actions';
import { UntouchableCheck } from './untouchable-check';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

const BATCH = 20;
const CONCURRENCY = 5;
const LEASE_MS = 60_000;
/** Another worker moved the baseline first: look again soon, against what it wrote. */
const LOOK_AGAIN_MS = 1_000;

/** The baseline moved under us; the hint is judged again, not dropped. */
class BaselineMoved extends Error {}

/**
 * Works through the hint queue. A hint (a notification, a delta entry) is never the truth: the
 * user is re-read and compared with the baseline; only an observed enabled-to-disabled transition
 * that Lockdown did not make triggers the automatic steps. The baseline moves by compare-and-set
 * to the new state marked pending, the work is done, and only then is it marked settled: a crash
 * or failure in between leaves the work pending for the next look, and of two workers that see
 * the same transition only one moves the baseline (the other looks again at what it wrote).
 */
export class HintProcessor {
  private readonly actions: TransitionActions;
  private readonly untouchable: UntouchableCheck;

  constructor(
    private readonly deps: WatcherDeps,
    settings: WatcherSettings,
    private readonly owner: string,
  ) {
    this.actions = new TransitionActions(deps, settings);
    this.untouchable = new UntouchableCheck(deps, settings);
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
      await this.handle(hint.userId);
      await this.deps.watch.completeHint(hint.id);
    } catch (error) {
      const delay =
        error instanceof BaselineMoved
          ? LOOK_AGAIN_MS
          : Math.min(60_000, 1_000 * 2 ** Math.min(hint.attempts, 6));
      this.deps.log.warn('a watch hint will be retried', {
        userId: hint.userId,
        attempts: hint.attempts,
        error,
      });
      await this.deps.watch.retryHint(hint.id, new Date(this.deps.clock.now().getTime() + delay));
    }
  }

  private async handle(userId: ObjectId): Promise<void> {
    const user = await this.reread(userId);
    if (user === undefined) return;
    const known = await this.deps.watch.knownState(userId);
    const judged = judgedFrom(known, user.accountEnabled);
    const rerun = judged !== known;
    const now = this.deps.clock.now();
    const enabledSince = judged?.accountEnabled && !rerun ? new Date(judged.observedAt) : undefined;
    const ownRequest = await disablingRequest(this.deps, userId, now, enabledSince);
    const { verdict, roles } = await this.judge(user, {
      known: judged,
      accountEnabled: user.accountEnabled,
      disabledByLockdown: ownRequest !== undefined,
      revoked: await this.deps.watch.revokedUser(userId),
      isProtected: false,
      isSecurityTeam: false,
      isPrivileged: false,
    });
    const at = rerun ? known!.observedAt : now.toISOString();
    const next: KnownState = {
      userId,
      accountEnabled: user.accountEnabled,
      observedAt: at,
      pending: hasWork(verdict),
    };
    if (!rerun && !(await this.deps.watch.transitionState(known, next))) throw new BaselineMoved();
    if (rerun && !next.pending) {
      // The unfinished work no longer applies: settle the baseline as it is.
      if (!(await this.deps.watch.transitionState(known, next))) throw new BaselineMoved();
      return;
    }
    const outcome = await this.actions.run({
      verdict,
      user,
      roles,
      ownRequest,
      at: new Date(at),
      enabledSince,
    });
    // Held by the circuit breaker: it stays pending until a resume looks at it again.
    if (next.pending && outcome === 'done')
      await this.deps.watch.transitionState(next, { ...next, pending: false });
  }

  /** The verdict; accounts about to be revoked are first checked for what must never be (T21). */
  private async judge(
    user: DirectoryUser,
    facts: TransitionFacts,
  ): Promise<{ verdict: WatchVerdict; roles: readonly DirectoryRole[] }> {
    const first = judgeTransition(facts);
    if (first.action !== 'auto-revoke') return { verdict: first, roles: [] };
    const checked = await this.untouchable.check(user);
    return { verdict: judgeTransition({ ...facts, ...checked }), roles: checked.roles };
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
