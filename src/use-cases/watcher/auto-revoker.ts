import { SYSTEM_AUDIT_ACTOR } from '../../domain/audit/audit-event';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { summarizeTarget, type ResolvedTarget } from '../../domain/revocation/opening-policy';
import {
  evolve,
  SYSTEM_ACTOR,
  type RevocationRequest,
} from '../../domain/revocation/revocation-request';
import { newlyRevoked } from '../../domain/watcher/watched-user';
import { initialSteps } from '../initial-steps';
import { type ObjectId } from '../../domain/user-ref';
import { BreakerGate } from './breaker-gate';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

export type AutoRevokeOutcome =
  { readonly kind: 'revoking'; readonly request: RevocationRequest } | { readonly kind: 'held' };

/**
 * Runs the automatic steps for an account disabled outside Lockdown (SPEC section 5): no approval
 * (someone authorised already disabled it), a card in the channel, the same pipeline, behind the
 * circuit breaker. Asked again for the same transition (after a crash or a failed card), it
 * finds the request it created and finishes what is missing instead of creating a second one.
 */
export class AutoRevoker {
  private readonly breaker: BreakerGate;

  constructor(
    private readonly deps: WatcherDeps,
    private readonly settings: WatcherSettings,
  ) {
    this.breaker = new BreakerGate(deps, settings);
  }

  /** `transitionAt`: when the disable was first observed, the key of this revocation. */
  async revoke(
    target: ResolvedTarget,
    disabledBy: string | undefined,
    transitionAt: Date,
  ): Promise<AutoRevokeOutcome> {
    const existing = await this.requestFor(target.user.id, transitionAt);
    const request =
      existing ??
      (await this.breaker.admit(target.user.id, async (now) => {
        const created = await this.createRequest(target, disabledBy, now);
        await this.deps.watch.recordAutoRevocation(target.user.id, created.id, now);
        return created;
      }));
    if (request === 'held') {
      await this.audit(target.user, 'held: automatic revocation is paused', 'skipped');
      return { kind: 'held' };
    }
    if (!existing) {
      await this.deps.watch.recordRevoked(newlyRevoked(target.user, request.id, request.createdAt));
      await this.audit(
        target.user,
        `automatic revocation ${request.id}${disabledBy ? `; disabled by ${disabledBy}` : ''}`,
        'success',
        request.id,
      );
    }
    const published = request.card ? request : await this.publish(request);
    this.deps.runs.schedule(published);
    // The revocation runs anyway; the card is posted again when this transition is retried.
    if (!published.card) throw new Error(`the card of ${request.id} could not be posted yet`);
    return { kind: 'revoking', request: published };
  }

  /** The automatic request this transition already created, if any. */
  private async requestFor(
    userId: ObjectId,
    transitionAt: Date,
  ): Promise<RevocationRequest | undefined> {
    const recent = await this.deps.requests.list({ targetId: userId, limit: 10 });
    return recent.find(
      (r) => r.kind === 'automatic' && Date.parse(r.createdAt) >= transitionAt.getTime(),
    );
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
        actor: SYSTEM_AUDIT_ACTOR,
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
      actor: SYSTEM_AUDIT_ACTOR,
      target: { id: user.id, upn: user.userPrincipalName, displayName: user.displayName },
      source: { channel: 'system' },
      outcome,
      detail,
    });
  }
}
