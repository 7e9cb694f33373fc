import { DomainError } from '../domain/errors';
import { type RequestId } from '../domain/revocation/request-id';
import {
  evolve,
  type Actor,
  type RevocationRequest,
} from '../domain/revocation/revocation-request';
import { evolveStep } from '../domain/revocation/step-state';
import { type ObjectId } from '../domain/user-ref';
import { auditActor, refuse } from './audit-helpers';
import { type CoreDeps, type CoreSettings } from './core-deps';
import { type RunScheduler } from './decide-revocation';

/**
 * Runs a completed-with-failures request again for its failed steps only (and re-verifies). The
 * scope was approved already, so any member of the security team may ask; membership is checked
 * live.
 */
export class RetryRevocation {
  constructor(
    private readonly deps: CoreDeps,
    private readonly settings: CoreSettings,
    private readonly runs: RunScheduler,
  ) {}

  async execute(
    requestId: RequestId,
    actor: Actor & { readonly aadObjectId: ObjectId },
  ): Promise<RevocationRequest> {
    const request = await this.deps.requests.get(requestId);
    if (!request)
      return this.refuse(requestId, actor, new DomainError('REQUEST_NOT_FOUND', { requestId }));
    if (!(await this.isSecurityTeam(actor.aadObjectId)))
      return this.refuse(requestId, actor, new DomainError('APPROVER_NOT_IN_GROUP'));
    const steps = await this.deps.requests.listSteps(requestId);
    const failed = steps.filter((s) => s.status === 'failed');
    if (request.status !== 'completed-with-failures' || failed.length === 0) {
      return this.refuse(requestId, actor, new DomainError('NOTHING_TO_RETRY', { requestId }));
    }
    const now = this.deps.clock.now();
    const again = evolve(request, { status: 'approved', finishedAt: null });
    if (!(await this.deps.requests.update(again)))
      return this.refuse(requestId, actor, new DomainError('STORE_CONFLICT', { requestId }));
    const targets = new Set(failed.map((s) => s.targetId));
    for (const step of steps) {
      const rerun =
        step.status === 'failed' || (step.step === 'verify' && targets.has(step.targetId));
      if (rerun)
        await this.deps.requests.updateStep(
          evolveStep(step, { status: 'pending', attempts: 0, notBefore: null }, now),
        );
    }
    await this.deps.audit.append({
      eventType: 'retry_requested',
      requestId,
      actor: auditActor(actor, 'requester'),
      outcome: 'success',
      after: { steps: failed.map((s) => `${s.targetId}:${s.step}`) },
    });
    this.runs.schedule(again);
    return again;
  }

  private async isSecurityTeam(id: ObjectId): Promise<boolean> {
    try {
      const groups = [...new Set([this.settings.requesterGroupId, this.settings.approverGroupId])];
      const memberships = await Promise.all(
        groups.map((g) => this.deps.directory.isMemberOf(id, g)),
      );
      return memberships.some(Boolean);
    } catch (error) {
      throw new DomainError('MEMBERSHIP_CHECK_UNAVAILABLE', {}, { cause: error });
    }
  }

  private async refuse(requestId: RequestId, actor: Actor, error: DomainError): Promise<never> {
    await refuse(this.deps, 'request_refused', error, {
      requestId,
      actor: auditActor(actor, 'requester'),
      after: { action: 'retry' },
    });
    throw error;
  }
}
