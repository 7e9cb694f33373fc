import { DomainError } from '../../src/domain/errors';
import { type RequestId } from '../../src/domain/revocation/request-id';
import { type RevocationRequest } from '../../src/domain/revocation/revocation-request';
import { type StepState } from '../../src/domain/revocation/step-state';
import { type RequestQuery, type RequestStore } from '../../src/ports/request-store';

const stepKey = (s: Pick<StepState, 'requestId' | 'targetId' | 'step'>) =>
  `${s.requestId}|${s.targetId}|${s.step}`;
const copy = <T>(value: T): T => structuredClone(value);

/**
 * The request store in memory, with the same guarantees as the real ones: create-if-absent,
 * version-checked updates, leases that lapse. `failWrites` makes every write throw
 * STORE_UNAVAILABLE, as a store that is down would.
 */
export class InMemoryRequestStore implements RequestStore {
  private readonly requests = new Map<string, RevocationRequest>();
  private readonly steps = new Map<string, StepState>();
  private readonly leases = new Map<string, { owner: string; until: number }>();
  failWrites = false;

  async create(request: RevocationRequest, steps: readonly StepState[]): Promise<boolean> {
    this.checkWritable();
    if (
      this.requests.has(request.id) ||
      [...this.requests.values()].some((r) => r.token === request.token)
    )
      return false;
    this.requests.set(request.id, copy(request));
    for (const step of steps) this.steps.set(stepKey(step), copy(step));
    return true;
  }

  async get(id: RequestId): Promise<RevocationRequest | undefined> {
    return copy(this.requests.get(id));
  }

  async findByToken(token: string): Promise<RevocationRequest | undefined> {
    return copy([...this.requests.values()].find((r) => r.token === token));
  }

  async update(next: RevocationRequest): Promise<boolean> {
    this.checkWritable();
    const current = this.requests.get(next.id);
    if (!current || current.version !== next.version - 1) return false;
    this.requests.set(next.id, copy(next));
    return true;
  }

  async list(query: RequestQuery): Promise<RevocationRequest[]> {
    return [...this.requests.values()]
      .filter((r) => !query.statuses?.length || query.statuses.includes(r.status))
      .filter((r) => !query.targetId || r.targets.some((t) => t.id === query.targetId))
      .sort((a, b) =>
        a.createdAt === b.createdAt
          ? b.id.localeCompare(a.id)
          : b.createdAt.localeCompare(a.createdAt),
      )
      .slice(0, query.limit)
      .map(copy);
  }

  async listSteps(requestId: RequestId): Promise<StepState[]> {
    return [...this.steps.values()].filter((s) => s.requestId === requestId).map(copy);
  }

  async updateStep(next: StepState): Promise<boolean> {
    this.checkWritable();
    const current = this.steps.get(stepKey(next));
    if (!current || current.version !== next.version - 1) return false;
    this.steps.set(stepKey(next), copy(next));
    return true;
  }

  async claimLease(requestId: RequestId, owner: string, until: Date, now: Date): Promise<boolean> {
    this.checkWritable();
    const lease = this.leases.get(requestId);
    if (lease && lease.owner !== owner && lease.until > now.getTime()) return false;
    this.leases.set(requestId, { owner, until: until.getTime() });
    return true;
  }

  async releaseLease(requestId: RequestId, owner: string): Promise<void> {
    if (this.leases.get(requestId)?.owner === owner) this.leases.delete(requestId);
  }

  async listRunnable(now: Date): Promise<RequestId[]> {
    return [...this.requests.values()]
      .filter((r) => r.status === 'approved' || r.status === 'running')
      .filter((r) => (this.leases.get(r.id)?.until ?? 0) <= now.getTime())
      .map((r) => r.id);
  }

  private checkWritable(): void {
    if (this.failWrites)
      throw new DomainError('STORE_UNAVAILABLE', {}, { detail: 'fake store is down' });
  }
}
