import {
  type BreakerState,
  CLOSED_BREAKER,
  windowStart,
  wouldExceed,
} from '../../domain/watcher/circuit-breaker';
import { type ObjectId } from '../../domain/user-ref';
import { systemEvent } from '../audit-helpers';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

/**
 * The circuit breaker in front of automatic revocation (SPEC section 5). `admit` runs one
 * transition at a time: hints are processed concurrently, and without that several could read
 * the same count and together cross the limit. Over AUTO_REVOKE_MAX_PER_HOUR it pauses, posts one
 * review card (again on every attempt until one reaches the channel: the Resume button lives
 * only there) and holds the transition for review.
 */
export class BreakerGate {
  private gate: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: WatcherDeps,
    private readonly settings: WatcherSettings,
  ) {}

  /** Runs `revoke` when the breaker allows one more; otherwise holds the user. */
  admit<T>(userId: ObjectId, revoke: (now: Date) => Promise<T>): Promise<T | 'held'> {
    const run = this.gate.then(async () => {
      const now = this.deps.clock.now();
      const breaker = await this.pausedOrPausing(now);
      if (breaker === undefined) return revoke(now);
      await this.ensureReviewPosted(breaker);
      await this.deps.watch.hold(userId, now);
      // A resume may have landed between the read and the hold: then nothing would release it.
      if (!(await this.deps.watch.breaker()).paused) await this.deps.watch.releaseHeld(now);
      return 'held' as const;
    });
    this.gate = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The paused breaker, or undefined when one more automatic revocation is allowed. */
  private async pausedOrPausing(now: Date): Promise<BreakerState | undefined> {
    const breaker = await this.deps.watch.breaker();
    if (breaker.paused) return breaker;
    const recent = await this.deps.watch.autoRevocationsSince(windowStart(now, breaker));
    if (!wouldExceed(recent, this.settings.maxPerHour)) return undefined;
    const paused: BreakerState = {
      ...CLOSED_BREAKER,
      resumedAt: breaker.resumedAt,
      paused: true,
      pausedAt: now.toISOString(),
      reviewToken: this.deps.ids.cardToken(),
      version: breaker.version + 1,
    };
    if (!(await this.deps.watch.updateBreaker(paused))) return this.deps.watch.breaker();
    this.deps.log.warn('automatic revocation paused by the circuit breaker', {
      limit: this.settings.maxPerHour,
      recent,
    });
    await this.deps.audit.append(
      systemEvent('watcher_event', {
        outcome: 'info',
        reason: 'AUTOMATION_PAUSED',
        after: { limit: this.settings.maxPerHour, recent },
      }),
    );
    return paused;
  }

  private async ensureReviewPosted(breaker: BreakerState): Promise<void> {
    if (breaker.reviewPosted || !breaker.paused || !breaker.reviewToken) return;
    await this.deps.alerts.automationPaused({
      token: breaker.reviewToken,
      limit: this.settings.maxPerHour,
      at: breaker.pausedAt ?? this.deps.clock.now().toISOString(),
    });
    await this.deps.watch.updateBreaker({
      ...breaker,
      reviewPosted: true,
      version: breaker.version + 1,
    });
  }
}
