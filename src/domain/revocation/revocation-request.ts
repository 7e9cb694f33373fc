import { type ObjectId } from '../user-ref';
import { type RequestId } from './request-id';
import { type ConfigurableStep } from './step-id';

/**
 * A request's life: opened → approved → running → completed | completed-with-failures, or
 * opened → rejected | cancelled | expired. A completed-with-failures request can run again for
 * its failed steps only. Every transition is a compare-and-set on `version` in the store.
 */
export type RequestStatus =
  | 'opened'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'running'
  | 'completed'
  | 'completed-with-failures';

export const OPEN_STATUSES: readonly RequestStatus[] = ['opened'];
export const FINAL_DECISIONS: readonly RequestStatus[] = ['rejected', 'cancelled', 'expired'];

/** A person, as Teams vouches for them (`from.aadObjectId`), or Lockdown itself. */
export interface Actor {
  readonly aadObjectId: ObjectId | 'system';
  readonly displayName: string;
  /** The Teams user id (`29:…`), for user-specific card views; not an identity for rules. */
  readonly teamsUserId?: string;
}

export const SYSTEM_ACTOR: Actor = { aadObjectId: 'system', displayName: 'Lockdown' };

/** What the card shows about a target, as resolved when the request was opened. */
export interface TargetSummary {
  readonly id: ObjectId;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly accountEnabled: boolean;
  readonly synced: boolean;
  readonly guest: boolean;
  readonly deviceCount: number;
  readonly privilegedRoles: readonly string[];
}

/** Where the card lives: decisions are accepted only from this conversation and message. */
export interface CardBinding {
  readonly conversationId: string;
  readonly activityId: string;
}

export interface Decision {
  readonly outcome: 'approved' | 'rejected' | 'cancelled' | 'expired';
  readonly by: Actor;
  readonly at: string;
}

export interface RevocationRequest {
  readonly id: RequestId;
  /** 128 random bits, the only thing a card's button carries. */
  readonly token: string;
  /** `automatic`: the watcher saw an account disabled elsewhere; no approval is needed. */
  readonly kind: 'manual' | 'automatic';
  readonly status: RequestStatus;
  readonly version: number;
  readonly requester: Actor;
  readonly reason: string;
  readonly targets: readonly TargetSummary[];
  readonly steps: readonly ConfigurableStep[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly decision: Decision | null;
  readonly card: CardBinding | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Bumped by "retry failed steps", so each run's outcomes stay tellable apart. */
  readonly runCount: number;
}

export const isTarget = (request: RevocationRequest, id: ObjectId | 'system'): boolean =>
  request.targets.some((t) => t.id === id);

export const isExpired = (request: RevocationRequest, now: Date): boolean =>
  request.status === 'opened' && now.getTime() >= Date.parse(request.expiresAt);

/** The next version of a request; the store accepts it only over `request.version`. */
export function evolve(
  request: RevocationRequest,
  change: Partial<RevocationRequest>,
): RevocationRequest {
  return { ...request, ...change, version: request.version + 1 };
}
