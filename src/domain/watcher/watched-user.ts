import { type RequestId } from '../revocation/request-id';
import { type ObjectId } from '../user-ref';

/** What the watcher last knew about a user's account state (its baseline). */
export interface KnownState {
  readonly userId: ObjectId;
  readonly accountEnabled: boolean;
  /** When this state was observed (ISO). */
  readonly observedAt: string;
  /**
   * True while what the transition into this state calls for (a revocation, an alert) is not
   * finished, or is held by the circuit breaker: the next look at the user does it again, so a
   * crash or a failed post never loses it.
   */
  readonly pending: boolean;
}

/** A user Lockdown revoked: re-enabling it is a snap-back, reported at once (SPEC section 5). */
export interface RevokedUser {
  readonly userId: ObjectId;
  readonly userPrincipalName: string;
  readonly requestId: RequestId;
  readonly revokedAt: string;
  /** Set once a snap-back was reported, so one re-enable is reported once. */
  readonly snapBackReportedAt: string | null;
  /** The latest snap-back card's token: the only thing its Re-disable button carries. */
  readonly snapBackToken: string | null;
  /**
   * The re-disable request opened from the snap-back card (or a claim while it is being opened),
   * so two clicks never open two requests.
   */
  readonly redisableRequestId: string | null;
}

/**
 * Where a hint came from: a change notification, a delta query page, or a transition held by the
 * circuit breaker and released by a resume.
 */
export type HintSource = 'webhook' | 'delta' | 'resync';

/** A fresh watch on a user Lockdown has just revoked: no snap-back reported, no re-disable. */
export const newlyRevoked = (
  user: { readonly id: ObjectId; readonly userPrincipalName: string },
  requestId: RequestId,
  at: string,
): RevokedUser => ({
  userId: user.id,
  userPrincipalName: user.userPrincipalName,
  requestId,
  revokedAt: at,
  snapBackReportedAt: null,
  snapBackToken: null,
  redisableRequestId: null,
});
