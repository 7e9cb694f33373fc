import { type RequestId } from '../domain/revocation/request-id';
import {
  type RequestStatus,
  type RevocationRequest,
} from '../domain/revocation/revocation-request';
import { type StepState } from '../domain/revocation/step-state';
import { type ObjectId } from '../domain/user-ref';

export interface RequestQuery {
  readonly statuses?: readonly RequestStatus[];
  readonly targetId?: ObjectId;
  readonly limit: number;
}

/**
 * Durable requests, step states and run leases. Every write is conditional: `update` and
 * `updateStep` store the new version only over the one before it, so two clicks or two instances
 * can never both win. Failures to reach the store throw STORE_UNAVAILABLE.
 */
export interface RequestStore {
  /** Stores a new request and its steps together; false when the id is already taken. */
  create(request: RevocationRequest, steps: readonly StepState[]): Promise<boolean>;
  get(id: RequestId): Promise<RevocationRequest | undefined>;
  findByToken(token: string): Promise<RevocationRequest | undefined>;
  /** Compare-and-set: true only if the stored version was `next.version - 1`. */
  update(next: RevocationRequest): Promise<boolean>;
  /** Newest first. */
  list(query: RequestQuery): Promise<RevocationRequest[]>;
  listSteps(requestId: RequestId): Promise<StepState[]>;
  /** Compare-and-set on the step's version, like `update`. */
  updateStep(next: StepState): Promise<boolean>;
  /** Takes or renews the run lease; true if `owner` holds it until `until`. */
  claimLease(requestId: RequestId, owner: string, until: Date, now: Date): Promise<boolean>;
  releaseLease(requestId: RequestId, owner: string): Promise<void>;
  /** Approved or running requests whose lease is free or expired: work to resume. */
  listRunnable(now: Date): Promise<RequestId[]>;
}
