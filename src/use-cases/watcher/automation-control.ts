import { DomainError } from '../../domain/errors';
import { type Actor } from '../../domain/revocation/revocation-request';
import { CLOSED_BREAKER } from '../../domain/watcher/circuit-breaker';
import { type ObjectId } from '../../domain/user-ref';
import { type WatcherDeps } from './watcher-deps';

/** Where a resume stands after a click; `pausedAt` is when the breaker opened. */
export type ResumeOutcome =
  | { readonly state: 'awaiting-second'; readonly by: string; readonly pausedAt: string }
  | {
      readonly state: 'resumed';
      readonly by: readonly [string, string];
      readonly released: number;
      readonly pausedAt: string;
    };

/**
 * Resuming paused automatic revocation follows the two-person rule (SPEC section 5): one member
 * of the security team asks, a different member of the approver group confirms. Held
 * transitions are then looked at again (their users re-read, as any hint).
 */
export class AutomationControl {
  constructor(
    private readonly deps: WatcherDeps,
    private readonly groups: {
      readonly requesterGroupId: ObjectId;
      readonly approverGroupId: ObjectId;
    },
  ) {}

  async resume(
    token: string,
    actor: Actor & { readonly aadObjectId: ObjectId },
  ): Promise<ResumeOutcome> {
    const breaker = await this.deps.watch.breaker();
    if (!breaker.paused || breaker.reviewToken !== token)
      throw new DomainError('NOTHING_TO_RESUME');
    const pausedAt = breaker.pausedAt ?? this.deps.clock.now().toISOString();
    const first = breaker.resumeRequestedBy;
    if (!first) {
      if (
        !(await this.isMember(actor.aadObjectId, [
          this.groups.requesterGroupId,
          this.groups.approverGroupId,
        ]))
      )
        throw new DomainError('NOT_SECURITY_TEAM');
      if (
        !(await this.deps.watch.updateBreaker({
          ...breaker,
          resumeRequestedBy: { aadObjectId: actor.aadObjectId, displayName: actor.displayName },
          version: breaker.version + 1,
        }))
      ) {
        throw new DomainError('STORE_CONFLICT', { requestId: 'automation' });
      }
      await this.audit(actor, 'resume requested');
      return { state: 'awaiting-second', by: actor.displayName, pausedAt };
    }
    if (first.aadObjectId === actor.aadObjectId)
      throw new DomainError('RESUME_NEEDS_SECOND_PERSON');
    if (!(await this.isMember(actor.aadObjectId, [this.groups.approverGroupId])))
      throw new DomainError('APPROVER_NOT_IN_GROUP');
    const resumed = {
      ...CLOSED_BREAKER,
      resumedAt: this.deps.clock.now().toISOString(),
      version: breaker.version + 1,
    };
    if (!(await this.deps.watch.updateBreaker(resumed))) throw new DomainError('NOTHING_TO_RESUME');
    const released = await this.deps.watch.releaseHeld(this.deps.clock.now());
    await this.audit(
      actor,
      `resumed with ${first.displayName}; ${released.length} held account(s) to look at again`,
    );
    const by = [first.displayName, actor.displayName] as const;
    // The clicker's card already says so; the post for everyone else may fail without harm.
    await this.deps.alerts
      .automationResumed({ by, released: released.length, pausedAt })
      .catch((error: unknown) => this.deps.log.warn('could not post the resume notice', { error }));
    return { state: 'resumed', by, released: released.length, pausedAt };
  }

  private async isMember(id: ObjectId, groups: readonly ObjectId[]): Promise<boolean> {
    try {
      return (
        await Promise.all([...new Set(groups)].map((g) => this.deps.directory.isMemberOf(id, g)))
      ).some(Boolean);
    } catch (error) {
      throw new DomainError('MEMBERSHIP_CHECK_UNAVAILABLE', {}, { cause: error });
    }
  }

  private async audit(actor: Actor, detail: string): Promise<void> {
    await this.deps.audit.append({
      eventType: 'watcher_event',
      actor: { aadObjectId: actor.aadObjectId, displayName: actor.displayName, role: 'approver' },
      outcome: 'success',
      reason: 'AUTOMATION_RESUME',
      detail,
    });
  }
}
