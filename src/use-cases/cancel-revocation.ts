import { DomainError } from '../domain/errors';
import { requestStateRefusal } from '../domain/revocation/approval-policy';
import { type RequestId } from '../domain/revocation/request-id';
import {
  evolve,
  type Actor,
  type RevocationRequest,
} from '../domain/revocation/revocation-request';
import { auditActor, refuse } from './audit-helpers';
import { type CoreDeps } from './core-deps';
import { expireIfDue } from './expire-requests';

/** The requester withdraws an open request (SPEC section 2: `cancel <request-id>`). */
export class CancelRevocation {
  constructor(private readonly deps: CoreDeps) {}

  async execute(requestId: RequestId, actor: Actor): Promise<RevocationRequest> {
    const found = await this.deps.requests.get(requestId);
    if (!found)
      return this.refuse(requestId, actor, new DomainError('REQUEST_NOT_FOUND', { requestId }));
    const request = await expireIfDue(this.deps, found);
    if (actor.aadObjectId !== request.requester.aadObjectId) {
      return this.refuse(
        requestId,
        actor,
        new DomainError('ONLY_REQUESTER_CAN_CANCEL', {
          requester: request.requester.displayName,
          requestId,
        }),
      );
    }
    const state = requestStateRefusal(request, 'cancelled', this.deps.clock.now());
    if (state) return this.refuse(requestId, actor, state);
    const at = this.deps.clock.now().toISOString();
    const cancelled = evolve(request, {
      status: 'cancelled',
      decision: { outcome: 'cancelled', by: actor, at },
    });
    if (!(await this.deps.requests.update(cancelled))) {
      const current = (await this.deps.requests.get(requestId)) ?? request;
      return this.refuse(
        requestId,
        actor,
        requestStateRefusal(current, 'cancelled', this.deps.clock.now()) ??
          new DomainError('STORE_CONFLICT', { requestId }),
      );
    }
    await this.deps.audit.append({
      eventType: 'request_cancelled',
      requestId,
      actor: auditActor(actor, 'requester'),
      outcome: 'success',
      before: { status: request.status },
      after: { status: 'cancelled' },
    });
    await this.deps.notifier.showProgress(cancelled, await this.deps.requests.listSteps(requestId));
    return cancelled;
  }

  private async refuse(requestId: RequestId, actor: Actor, error: DomainError): Promise<never> {
    await refuse(this.deps, 'request_refused', error, {
      requestId,
      actor: auditActor(actor, 'requester'),
      after: { action: 'cancel' },
    });
    throw error;
  }
}
