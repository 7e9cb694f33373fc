import { type DirectoryUser } from '../../domain/directory/directory-user';
import { summarizeTarget, type ResolvedTarget } from '../../domain/revocation/opening-policy';
import {
  evolve,
  SYSTEM_ACTOR,
  type RevocationRequest,
} from '../../domain/revocation/revocation-request';
import { CLOSED_BREAKER, windowStart, wouldExceed } from '../../domain/watcher/circuit-breaker';
import { newlyRevoked } from '../../domain/watcher/watched-user';
import { initialSteps } from '../initial-steps';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

export type AutoRevokeOutcome =
  { readonly kind: 'revoking'; readonly request: RevocationRequest } | { readonly kind: 'held' };

/**
 * Runs the automatic steps for an account disabled outside Lockdown (SPEC section 5): no approval
 * (someone authorised already disabled it), a card in the channel, the same pipeline. Over
 * AUTO_REVOKE_MAX_PER_HOUR in an hour, the circuit breaker pauses automation: the transition is
 * held, and one review card asks the team to look.
 */
export class AutoRevoker {
  private gate: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: WatcherDeps,
    private readonly settings: WatcherSettings,
  ) {}

  async revoke(target: ResolvedTarget, disabledBy: string | undefined): Promise<AutoRevokeOutcome> {
    const request = await this.reserve(target, disabledBy);
    if (!request) {
      await this.audit(target.user, 'held: automatic revocation is paused', 'skipped');
      return { kind: 'held' };
    }
    await this.deps.watch.recordRevoked(newlyRevoked(target.user, request.id, request.createdAt));
    await this.audit(
      target.user,
      `automatic revocation ${request.id}${disabledBy ? `; disabled by ${disabledBy}` : ''}`,
      'success',
      request.id,
    );
    const published = await this.publish(request);
    this.deps.runs.schedule(published);
    return { kind: 'revoking', request: published };
  }

  /**
   * The breaker check and the count it depends on change together, one transition at a time:
   * hints are processed concurrently, and without this several could read the same count and
   * together cross the limit. Returns the created request, or undefined when held.
   */
  private reserve(
    target: ResolvedTarget,
    disabledBy: string | undefined,
  ): Promise<RevocationRequest | undefined> {
    const run = this.gate.then(async () => {
      const now = this.deps.clock.now();
      if (await this.pausedOrPausing(now)) {
        await this.deps.watch.hold(target.user.id, now);
        return undefined;
      }
      const request = await this.createRequest(target, disabledBy, now);
      await this.deps.watch.recordAutoRevocation(target.user.id, request.id, now);
      return request;
    });
    this.gate = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** True when paused, or when this revocation would cross the limit (then it pauses now). */
  private async pausedOrPausing(now: Date): Promise<boolean> {
    const breaker = await this.deps.watch.breaker();
    if (breaker.paused) return true;
    const recent = await this.deps.watch.autoRevocationsSince(windowStart(now, breaker));
    if (!wouldExceed(recent, this.settings.maxPerHour)) return false;
    const paused = {
      ...CLOSED_BREAKER,
      resumedAt: breaker.resumedAt,
      paused: true,
      pausedAt: now.toISOString(),
      reviewToken: this.deps.ids.cardToken(),
      version: breaker.version + 1,
    };
    if (await this.deps.watch.updateBreaker(paused)) {
      this.deps.log.warn('automatic revocation paused by the circuit breaker', {
        limit: this.settings.maxPerHour,
        recent,
      });
      await this.deps.audit.append({
        eventType: 'watcher_event',
        actor: { aadObjectId: 'system', role: 'system' },
        outcome: 'info',
        reason: 'AUTOMATION_PAUSED',
        after: { limit: this.settings.maxPerHour, recent },
      });
      await this.deps.alerts.automationPaused({
        token: paused.reviewToken,
        limit: this.settings.maxPerHour,
        at: now.toISOString(),
      });
    }
    return true;
  }

  private async createRequest(
    target: ResolvedTarget,
    disabledBy: string | undefined,
    now: Date,
  ): Promise<RevocationRequest> {
    for (let attempt = 0; ; attempt++) {
      const request: RevocationRequest = {
        id: this.deps.ids.requestId(),
        token: this.deps.ids.cardToken(),
        kind: 'automatic',
        status: 'approved',
        version: 1,
        requester: SYSTEM_ACTOR,
        reason: `Disabled outside Lockdown${disabledBy ? ` by ${disabledBy}` : ''}; Lockdown revokes its sessions and devices automatically.`,
        targets: [summarizeTarget(target)],
        steps: this.settings.autoRevokeSteps,
        createdAt: now.toISOString(),
        expiresAt: now.toISOString(),
        decision: { outcome: 'approved', by: SYSTEM_ACTOR, at: now.toISOString() },
        card: null,
        startedAt: null,
        finishedAt: null,
        runCount: 0,
      };
      if (
        await this.deps.requests.create(
          request,
          initialSteps(request.id, [target.user.id], request.steps, now),
        )
      )
        return request;
      if (attempt >= 4) throw new Error('no free request id after several attempts');
    }
  }

  /** The card goes out before the run starts, so every progress update has a card to update. */
  private async publish(request: RevocationRequest): Promise<RevocationRequest> {
    try {
      const card = await this.deps.notifier.publishRequest(
        request,
        await this.deps.requests.listSteps(request.id),
      );
      const bound = evolve(request, { card });
      return (await this.deps.requests.update(bound)) ? bound : request;
    } catch (error) {
      // The revocation matters more than its card: it runs anyway, and the failure is audited.
      this.deps.log.warn('could not post the automatic revocation card', {
        requestId: request.id,
        error,
      });
      await this.deps.audit.append({
        eventType: 'notify_failed',
        requestId: request.id,
        actor: { aadObjectId: 'system', role: 'system' },
        outcome: 'failure',
        detail: error instanceof Error ? error.message : String(error),
      });
      return request;
    }
  }

  private async audit(
    user: DirectoryUser,
    detail: string,
    outcome: 'success' | 'skipped',
    requestId?: string,
  ): Promise<void> {
    await this.deps.audit.append({
      eventType: 'auto_revoke',
      requestId,
      actor: { aadObjectId: 'system', role: 'system' },
      target: { id: user.id, upn: user.userPrincipalName, displayName: user.displayName },
      source: { channel: 'system' },
      outcome,
      detail,
    });
  }
}
