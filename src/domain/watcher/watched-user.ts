import { type ObjectId } from '../user-ref';

/** What the watcher last knew about a user's account state (its baseline). */
export interface KnownState {
  readonly userId: ObjectId;
  readonly accountEnabled: boolean;
  /** When this state was observed (ISO). */
  readonly observedAt: string;
}

/** A user Lockdown revoked: re-enabling it is a snap-back, reported at once (SPEC section 5). */
export interface RevokedUser {
  readonly userId: ObjectId;
  readonly userPrincipalName: string;
  readonly requestId: string;
  readonly revokedAt: string;
  /** Set once a snap-back was reported, so one re-enable is reported once. */
  readonly snapBackReportedAt: string | null;
}

/**
 * Where a hint came from: a change notification, a delta query page, or a transition held by the
 * circuit breaker and released by a resume.
 */
export type HintSource = 'webhook' | 'delta' | 'resync';
