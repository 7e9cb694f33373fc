import { type AuditOutcome, SYSTEM_AUDIT_ACTOR } from '../../domain/audit/audit-event';
import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { evolveStep, type StepOutcome, type StepState } from '../../domain/revocation/step-state';
import { type CoreDeps } from '../core-deps';

/** Thrown when a step changed under us: another runner holds the work now, so this one stops. */
export class LeaseLost extends Error {
  constructor(what: string) {
    super(`lost the run lease while writing ${what}`);
    this.name = 'LeaseLost';
  }
}

const AUDIT_OUTCOME: Readonly<Record<'done' | 'skipped' | 'failed', AuditOutcome>> = {
  done: 'success',
  skipped: 'skipped',
  failed: 'failure',
};

/**
 * Every step-state change for one request: a compare-and-set in the store, an audit record and
 * a progress signal. The intent (`running`, `intentAt`) is durable before any Graph mutation.
 */
export class StepWriter {
  constructor(
    private readonly deps: CoreDeps,
    private readonly request: RevocationRequest,
    private readonly progress: () => Promise<void>,
  ) {}

  async intend(state: StepState): Promise<StepState> {
    const now = this.deps.clock.now();
    const next = await this.write(
      evolveStep(
        state,
        {
          status: 'running',
          intentAt: now.toISOString(),
          attempts: state.attempts + 1,
          notBefore: null,
        },
        now,
      ),
    );
    await this.audit(next, 'step_started', 'info');
    await this.progress();
    return next;
  }

  async settle(
    state: StepState,
    status: 'done' | 'skipped' | 'failed',
    outcome: StepOutcome,
  ): Promise<StepState> {
    const next = await this.write(
      evolveStep(state, { status, outcome, notBefore: null }, this.deps.clock.now()),
    );
    await this.audit(next, 'step_result', AUDIT_OUTCOME[status]);
    await this.progress();
    return next;
  }

  /** Parks a step until `notBefore` (throttled, Graph unavailable); it stays pending. */
  async park(
    state: StepState,
    outcome: StepOutcome,
    notBefore: Date,
    attempted: boolean,
  ): Promise<StepState> {
    const now = this.deps.clock.now();
    const change = {
      status: 'pending' as const,
      outcome,
      notBefore: notBefore.toISOString(),
      attempts: attempted ? state.attempts : state.attempts + 1,
    };
    const next = await this.write(evolveStep(state, change, now));
    await this.audit(next, 'step_result', 'partial');
    await this.progress();
    return next;
  }

  private async write(next: StepState): Promise<StepState> {
    if (!(await this.deps.requests.updateStep(next)))
      throw new LeaseLost(`${next.step} for ${next.targetId}`);
    return next;
  }

  private async audit(
    state: StepState,
    eventType: 'step_started' | 'step_result',
    outcome: AuditOutcome,
  ): Promise<void> {
    const target = this.request.targets.find((t) => t.id === state.targetId);
    const { snapshot, devices, ...rest } = state.outcome ?? { message: '' };
    await this.deps.audit.append({
      eventType,
      requestId: this.request.id,
      actor: SYSTEM_AUDIT_ACTOR,
      target: {
        id: state.targetId,
        upn: target?.userPrincipalName,
        displayName: target?.displayName,
      },
      step: state.step,
      outcome,
      reason: state.outcome?.note ?? state.outcome?.errorCode,
      graph: state.outcome?.graphRequestId
        ? { requestId: state.outcome.graphRequestId }
        : undefined,
      after: {
        status: state.status,
        attempts: state.attempts,
        ...(eventType === 'step_result' ? { ...rest, devices, notBefore: state.notBefore } : {}),
        ...(snapshot ? { snapshot } : {}),
      },
    });
  }
}
