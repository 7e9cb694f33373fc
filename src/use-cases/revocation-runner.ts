import { SYSTEM_AUDIT_ACTOR } from '../domain/audit/audit-event';
import { type RequestId } from '../domain/revocation/request-id';
import { evolve, type RevocationRequest } from '../domain/revocation/revocation-request';
import { isFinished } from '../domain/revocation/step-state';
import { type CoreDeps } from './core-deps';
import { type RunScheduler } from './decide-revocation';
import { mapLimit } from './map-limit';
import { PIPELINE_DEFAULTS, type PipelineSettings } from './pipeline/pipeline-settings';
import { LeaseLost } from './pipeline/step-writer';
import { TargetPipeline } from './pipeline/target-pipeline';

export interface RunnerSettings {
  /** This instance's name in leases. */
  readonly owner: string;
  readonly leaseMs: number;
  /** Targets of one request worked on at once (bulk requests stay inside Graph's limits). */
  readonly targetConcurrency: number;
  readonly pipeline: PipelineSettings;
}

export const RUNNER_DEFAULTS: Omit<RunnerSettings, 'owner'> = {
  leaseMs: 60_000,
  targetConcurrency: 4,
  pipeline: PIPELINE_DEFAULTS,
};

/**
 * Runs approved requests in the background under a durable lease: one runner per request across
 * instances, renewed while it works. After a crash the lease lapses and `resumeAll` (at start and
 * periodically) picks the work up from its durable step states.
 */
export class RevocationRunner implements RunScheduler {
  private readonly active = new Map<RequestId, Promise<void>>();
  private readonly again = new Set<RequestId>();
  private readonly pipeline: TargetPipeline;
  private stopping = false;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly deps: CoreDeps,
    private readonly settings: RunnerSettings,
  ) {
    this.pipeline = new TargetPipeline(deps, settings.pipeline);
  }

  schedule(request: Pick<RevocationRequest, 'id'>): void {
    if (this.stopping) return;
    if (this.active.has(request.id)) {
      this.again.add(request.id);
      return;
    }
    const run = this.run(request.id)
      .catch((error: unknown) =>
        this.deps.log.error('revocation run stopped', { requestId: request.id, error }),
      )
      .finally(() => {
        this.active.delete(request.id);
        if (this.again.delete(request.id)) this.schedule(request);
      });
    this.active.set(request.id, run);
  }

  /** Schedules every approved or running request whose lease is free or lapsed. */
  async resumeAll(): Promise<number> {
    const ids = await this.deps.requests.listRunnable(this.deps.clock.now());
    for (const id of ids) this.schedule({ id });
    return ids.length;
  }

  /** Resolves when every run in this process has finished or reached a safe point. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active.values()]);
  }

  /** Stops at the next safe point (between waves), releasing leases for a successor. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await Promise.all([...this.active.values()]);
  }

  private async run(id: RequestId): Promise<void> {
    if (!(await this.claim(id))) return;
    const renewal = setInterval(
      () => void this.claim(id).catch(() => undefined),
      Math.max(250, this.settings.leaseMs / 3),
    );
    try {
      const request = await this.start(id);
      if (request) await this.work(request);
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
      this.deps.log.warn('another runner took over', { requestId: id });
    } finally {
      clearInterval(renewal);
      await this.deps.requests.releaseLease(id, this.settings.owner).catch(() => undefined);
    }
  }

  private claim(id: RequestId): Promise<boolean> {
    const now = this.deps.clock.now();
    return this.deps.requests.claimLease(
      id,
      this.settings.owner,
      new Date(now.getTime() + this.settings.leaseMs),
      now,
    );
  }

  private async start(id: RequestId): Promise<RevocationRequest | undefined> {
    const request = await this.deps.requests.get(id);
    if (!request || (request.status !== 'approved' && request.status !== 'running'))
      return undefined;
    if (request.status === 'running') return request;
    const now = this.deps.clock.now().toISOString();
    const running = evolve(request, {
      status: 'running',
      startedAt: request.startedAt ?? now,
      finishedAt: null,
      runCount: request.runCount + 1,
    });
    if (!(await this.deps.requests.update(running))) throw new LeaseLost('the request status');
    await this.deps.audit.append({
      eventType: 'run_started',
      requestId: id,
      actor: SYSTEM_AUDIT_ACTOR,
      outcome: 'info',
      after: { run: running.runCount, steps: running.steps },
    });
    await this.showProgress(running);
    return running;
  }

  private async work(request: RevocationRequest): Promise<void> {
    const progress = () => this.showProgress(request);
    while (!this.stopping) {
      const wakeTimes = await mapLimit(request.targets, this.settings.targetConcurrency, (t) =>
        this.pipeline.advance(request, t.id, progress),
      );
      const parked = wakeTimes.filter((t): t is Date => t !== null);
      if (parked.length === 0) return this.finish(request);
      await this.sleepUntil(new Date(Math.min(...parked.map((d) => d.getTime()))));
    }
  }

  private async finish(request: RevocationRequest): Promise<void> {
    const steps = await this.deps.requests.listSteps(request.id);
    if (!steps.every(isFinished)) return;
    const failed = steps.some((s) => s.status === 'failed');
    const current = (await this.deps.requests.get(request.id)) ?? request;
    const done = evolve(current, {
      status: failed ? 'completed-with-failures' : 'completed',
      finishedAt: this.deps.clock.now().toISOString(),
    });
    if (!(await this.deps.requests.update(done))) throw new LeaseLost('the final status');
    await this.deps.audit.append({
      eventType: 'run_finished',
      requestId: request.id,
      actor: SYSTEM_AUDIT_ACTOR,
      outcome: failed ? 'partial' : 'success',
      after: {
        status: done.status,
        failedSteps: steps
          .filter((s) => s.status === 'failed')
          .map((s) => `${s.targetId}:${s.step}`),
      },
    });
    await this.deps.notifier.showProgress(done, steps);
    await this.deps.notifier.announceFinished(done, steps);
  }

  private async showProgress(request: RevocationRequest): Promise<void> {
    const current = (await this.deps.requests.get(request.id)) ?? request;
    await this.deps.notifier.showProgress(current, await this.deps.requests.listSteps(request.id));
  }

  /** Waits for parked work; `stop` cuts the wait short, also one that begins after it was called. */
  private async sleepUntil(at: Date): Promise<void> {
    if (this.stopping) return;
    const ms = Math.max(0, at.getTime() - this.deps.clock.now().getTime());
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.wakers.add(wake);
    try {
      await Promise.race([this.deps.clock.sleep(ms), woken]);
    } finally {
      this.wakers.delete(wake);
    }
  }
}
