import { type AuditEventType } from '../domain/audit/audit-event';
import { DomainError } from '../domain/errors';
import {
  preliminaryRefusal,
  requestStateRefusal,
  requesterStandingRefusal,
  standingRefusal,
  type ClickOrigin,
  type DecisionAction,
} from '../domain/revocation/approval-policy';
import {
  evolve,
  type Actor,
  type RevocationRequest,
} from '../domain/revocation/revocation-request';
import { type ObjectId } from '../domain/user-ref';
import { auditActor, refuse } from './audit-helpers';
import { type CoreDeps, type CoreSettings } from './core-deps';
import { readDecisionStanding } from './decision-standing';
import { expireIfDue } from './expire-requests';

export interface DecisionClick {
  /** The card token from the invoke's data: the only thing the card says. */
  readonly token: string;
  /** `from.aadObjectId` of the invoke, as Teams vouches for it. */
  readonly actor: Actor & { readonly aadObjectId: ObjectId };
  readonly action: DecisionAction;
  readonly origin: ClickOrigin;
  /** True only for `Action.Execute` with trigger `manual`; refreshes never decide. */
  readonly manual: boolean;
}

export interface RunScheduler {
  schedule(request: RevocationRequest): void;
}

/**
 * Approve or reject at the moment of the click (SPEC section 3): every rule is checked on the
 * server, the approver's and the requester's membership live through Graph within a deadline
 * (fail closed), and exactly one decision wins through a compare-and-set however many clicks
 * arrive. A refusal changes nothing and is audited.
 */
export class DecideRevocation {
  constructor(
    private readonly deps: CoreDeps,
    private readonly settings: CoreSettings,
    private readonly runs: RunScheduler,
  ) {}

  async execute(click: DecisionClick): Promise<RevocationRequest> {
    const request = await this.deps.requests.findByToken(click.token);
    if (!request) return this.refuse(click, undefined, new DomainError('CARD_NOT_RECOGNISED'));
    if (!click.manual) return this.refuse(click, request, new DomainError('NOT_A_CLICK'));
    const now = this.deps.clock.now();
    const early = preliminaryRefusal(request, click.actor, click.action, click.origin, now);
    if (early) {
      if (early.code === 'REQUEST_EXPIRED') await expireIfDue(this.deps, request);
      return this.refuse(click, request, early);
    }
    const standing = await readDecisionStanding(
      this.deps,
      this.settings,
      request,
      click.actor.aadObjectId,
      click.action,
    );
    // The clicker's own standing first: someone who may not decide learns nothing more.
    const refusal =
      standingRefusal(standing.approver) ??
      requesterStandingRefusal(request, click.action, standing.requester);
    if (refusal) return this.refuse(click, request, refusal);
    return this.decide(click, request);
  }

  private async decide(
    click: DecisionClick,
    request: RevocationRequest,
  ): Promise<RevocationRequest> {
    const at = this.deps.clock.now().toISOString();
    const outcome = click.action === 'approve' ? 'approved' : 'rejected';
    const next = evolve(request, { status: outcome, decision: { outcome, by: click.actor, at } });
    if (!(await this.deps.requests.update(next))) {
      // Someone else decided first: report what happened to the request now.
      const current = (await this.deps.requests.get(request.id)) ?? request;
      const lost =
        requestStateRefusal(current, click.action, this.deps.clock.now()) ??
        new DomainError('STORE_CONFLICT', { requestId: request.id });
      return this.refuse(click, current, lost);
    }
    await this.deps.audit.append({
      eventType: outcome === 'approved' ? 'approval_granted' : 'request_rejected',
      requestId: request.id,
      actor: auditActor(click.actor, 'approver'),
      source: {
        channel: 'teams',
        conversationId: click.origin.conversationId,
        replyToId: click.origin.replyToId ?? undefined,
      },
      outcome: 'success',
      before: { status: request.status },
      after: { status: next.status },
    });
    await this.deps.notifier.showProgress(next, await this.deps.requests.listSteps(next.id));
    if (outcome === 'approved') this.runs.schedule(next);
    return next;
  }

  private async refuse(
    click: DecisionClick,
    request: RevocationRequest | undefined,
    error: DomainError,
  ): Promise<never> {
    const eventType: AuditEventType =
      error.code === 'CARD_BINDING_MISMATCH' ? 'binding_mismatch' : 'approval_refused';
    await refuse(this.deps, eventType, error, {
      requestId: request?.id,
      actor: auditActor(click.actor, 'approver'),
      source: {
        channel: 'teams',
        conversationId: click.origin.conversationId,
        replyToId: click.origin.replyToId ?? undefined,
      },
      after: { action: click.action },
    });
    throw error;
  }
}
