import { SYSTEM_AUDIT_ACTOR } from '../domain/audit/audit-event';
import { DomainError, isDomainError } from '../domain/errors';
import {
  inputRefusal,
  summarizeTarget,
  targetRefusal,
  type ResolvedTarget,
} from '../domain/revocation/opening-policy';
import {
  evolve,
  type Actor,
  type RevocationRequest,
} from '../domain/revocation/revocation-request';
import { type ConfigurableStep } from '../domain/revocation/step-id';
import { describeUserRef, type ObjectId, type UserRef } from '../domain/user-ref';
import { type CoreDeps, type CoreSettings } from './core-deps';
import { auditActor, refuse } from './audit-helpers';
import { initialSteps } from './initial-steps';
import { mapLimit } from './map-limit';

export interface RevocationAsk {
  readonly requester: Actor & { readonly aadObjectId: ObjectId };
  readonly targets: readonly UserRef[];
  readonly reason: string;
  /** Steps chosen on the request form; the configured steps when absent. */
  readonly steps?: readonly ConfigurableStep[];
}

const RESOLVE_CONCURRENCY = 5;
const ID_ATTEMPTS = 5;

/**
 * Opens a request (SPEC sections 2 and 3): checks the input, the requester's live group
 * membership, resolves every target once to an object id, applies the target rules, stores the
 * request and posts ONE card to the security channel. Any refusal is audited and creates nothing.
 */
export class RequestRevocation {
  constructor(
    private readonly deps: CoreDeps,
    private readonly settings: CoreSettings,
  ) {}

  async execute(ask: RevocationAsk): Promise<RevocationRequest> {
    try {
      const input = inputRefusal(ask.targets.length, ask.reason);
      if (input) throw input;
      await this.checkRequester(ask.requester.aadObjectId);
      const targets = await this.resolveTargets(ask);
      return await this.open(ask, targets);
    } catch (error) {
      if (isDomainError(error) && error.code !== 'CHANNEL_POST_FAILED') {
        await refuse(this.deps, 'request_refused', error, {
          actor: auditActor(ask.requester, 'requester'),
        });
      }
      throw error;
    }
  }

  private async checkRequester(requesterId: ObjectId): Promise<void> {
    let member: boolean;
    try {
      member = await this.deps.directory.isMemberOf(requesterId, this.settings.requesterGroupId);
    } catch (error) {
      throw new DomainError('MEMBERSHIP_CHECK_UNAVAILABLE', {}, { cause: error });
    }
    if (!member) throw new DomainError('REQUESTER_NOT_IN_GROUP');
  }

  private async resolveTargets(ask: RevocationAsk): Promise<ResolvedTarget[]> {
    const outcomes = await mapLimit(ask.targets, RESOLVE_CONCURRENCY, (ref) =>
      this.resolveOne(ref),
    );
    const problems = outcomes.filter((o): o is DomainError => o instanceof DomainError);
    const resolved = outcomes.filter((o): o is ResolvedTarget => !(o instanceof DomainError));
    const unique = [...new Map(resolved.map((t) => [t.user.id, t])).values()];
    for (const target of unique) {
      const refusal = targetRefusal(target, ask.requester.aadObjectId, this.settings);
      if (refusal) problems.push(refusal);
    }
    if (problems.length === 1) throw problems[0]!;
    if (problems.length > 1) {
      throw new DomainError('TARGETS_INVALID', {
        count: problems.length,
        problems: problems.map((p) => p.userMessage.replace(/\.$/, '')).join('; '),
      });
    }
    return unique;
  }

  /** Resolves one typed reference; a failure comes back as a value so all can be reported. */
  private async resolveOne(ref: UserRef): Promise<ResolvedTarget | DomainError> {
    try {
      const user = await this.deps.directory.resolveUser(ref);
      const [roles, devices] = await Promise.all([
        this.deps.directory.listDirectoryRoles(user.id).catch((error: unknown) => {
          throw new DomainError(
            'ROLE_CHECK_UNAVAILABLE',
            { user: user.userPrincipalName },
            { cause: error },
          );
        }),
        this.deps.directory.listRegisteredDevices(user.id),
      ]);
      return { user, roles, deviceCount: devices.length };
    } catch (error) {
      if (isDomainError(error) && error.code === 'USER_NOT_FOUND') {
        return new DomainError(
          'USER_NOT_FOUND',
          { reference: describeUserRef(ref) },
          { context: error.context },
        );
      }
      if (isDomainError(error) && !error.retryable) return error;
      throw error;
    }
  }

  private async open(
    ask: RevocationAsk,
    targets: readonly ResolvedTarget[],
  ): Promise<RevocationRequest> {
    const now = this.deps.clock.now();
    const steps = ask.steps?.length ? ask.steps : this.settings.pipelineSteps;
    const request = await this.store(ask, targets, steps, now);
    await this.deps.audit.append({
      eventType: 'request_created',
      requestId: request.id,
      actor: auditActor(ask.requester, 'requester'),
      reason: request.reason,
      outcome: 'success',
      after: {
        targets: request.targets.map((t) => ({ id: t.id, upn: t.userPrincipalName })),
        steps: request.steps,
        expiresAt: request.expiresAt,
      },
    });
    return this.publish(request);
  }

  private async store(
    ask: RevocationAsk,
    targets: readonly ResolvedTarget[],
    steps: readonly ConfigurableStep[],
    now: Date,
  ): Promise<RevocationRequest> {
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const request: RevocationRequest = {
        id: this.deps.ids.requestId(),
        token: this.deps.ids.cardToken(),
        kind: 'manual',
        status: 'opened',
        version: 1,
        requester: ask.requester,
        reason: ask.reason.trim(),
        targets: targets.map(summarizeTarget),
        steps,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.settings.ttlMinutes * 60_000).toISOString(),
        decision: null,
        card: null,
        startedAt: null,
        finishedAt: null,
        runCount: 0,
      };
      const stepStates = initialSteps(
        request.id,
        request.targets.map((t) => t.id),
        steps,
        now,
      );
      if (await this.deps.requests.create(request, stepStates)) return request;
    }
    throw new DomainError(
      'STORE_UNAVAILABLE',
      {},
      { detail: 'no free request id after several attempts' },
    );
  }

  /** Posts the card; a request nobody can see is withdrawn, so it can never be approved. */
  private async publish(request: RevocationRequest): Promise<RevocationRequest> {
    const steps = await this.deps.requests.listSteps(request.id);
    try {
      const card = await this.deps.notifier.publishRequest(request, steps);
      const bound = evolve(request, { card });
      if (!(await this.deps.requests.update(bound)))
        throw new DomainError('STORE_CONFLICT', { requestId: request.id });
      return bound;
    } catch (error) {
      const at = this.deps.clock.now().toISOString();
      const withdrawn = evolve(request, {
        status: 'cancelled',
        decision: {
          outcome: 'cancelled',
          by: { aadObjectId: 'system', displayName: 'Lockdown' },
          at,
        },
      });
      await this.deps.requests.update(withdrawn);
      await this.deps.audit.append({
        eventType: 'notify_failed',
        requestId: request.id,
        actor: SYSTEM_AUDIT_ACTOR,
        outcome: 'failure',
        detail: error instanceof Error ? error.message : String(error),
      });
      throw new DomainError('CHANNEL_POST_FAILED', { requestId: request.id }, { cause: error });
    }
  }
}
