import { type BreakerState } from '../domain/watcher/circuit-breaker';
import { type HintSource, type KnownState, type RevokedUser } from '../domain/watcher/watched-user';
import { type ObjectId } from '../domain/user-ref';
import { type SubscriptionRecord } from './directory-changes';

/** A hint waiting to be processed: "look at this user again". */
export interface QueuedHint {
  readonly id: string;
  readonly userId: ObjectId;
  readonly source: HintSource;
  readonly receivedAt: string;
  readonly attempts: number;
}

/**
 * The watcher's durable state (SPEC section 6): the baseline of account states, the delta link,
 * the subscription, the queue of hints, the automatic revocations (for the circuit breaker), the
 * breaker itself and the users Lockdown revoked (for snap-back). Writes that decide something are
 * conditional, so two instances never act twice on one transition.
 */
export interface WatcherStore {
  knownState(userId: ObjectId): Promise<KnownState | undefined>;
  /**
   * Baseline writes (a full delta round): they decide nothing, and never overwrite a pending
   * state (its work is not finished).
   */
  recordStates(states: readonly KnownState[]): Promise<void>;
  /**
   * Compare-and-set on every field: moves the baseline from `expected` (undefined: none yet) to
   * `next`.
   */
  transitionState(expected: KnownState | undefined, next: KnownState): Promise<boolean>;

  deltaLink(): Promise<string | undefined>;
  setDeltaLink(link: string | undefined): Promise<void>;
  subscription(): Promise<SubscriptionRecord | undefined>;
  setSubscription(subscription: SubscriptionRecord | undefined): Promise<void>;

  /**
   * Adds hints; returns how many were new. A user already WAITING in the queue is not queued
   * twice, but a user whose hint is being worked on can be: the worker may have read the user
   * just before the change the new hint announces.
   */
  enqueue(
    hints: ReadonlyArray<{ readonly userId: ObjectId; readonly source: HintSource }>,
    receivedAt: Date,
  ): Promise<number>;
  /**
   * Takes up to `limit` due hints for `owner` until `leaseUntil`; others cannot take them
   * meanwhile. At most one hint per user is out at a time, across every instance: a user whose
   * hint is leased waits until that lease ends.
   */
  claimHints(owner: string, limit: number, now: Date, leaseUntil: Date): Promise<QueuedHint[]>;
  completeHint(id: string): Promise<void>;
  /** Gives a hint back to try again from `notBefore` (Graph unavailable, throttled). */
  retryHint(id: string, notBefore: Date): Promise<void>;
  pendingHints(): Promise<number>;

  /** Idempotent per request and user: a run repeated after a crash counts once. */
  recordAutoRevocation(userId: ObjectId, requestId: string, at: Date): Promise<void>;
  autoRevocationsSince(since: Date): Promise<number>;
  breaker(): Promise<BreakerState>;
  /** Compare-and-set on `version`: true only if the stored version was `next.version - 1`. */
  updateBreaker(next: BreakerState): Promise<boolean>;
  /** Users whose transition arrived while paused, kept for review. */
  hold(userId: ObjectId, at: Date): Promise<void>;
  held(): Promise<ObjectId[]>;
  /**
   * Moves every held user into the hint queue (source 'resync') in one step, so a crash never
   * loses one; returns them. Their baselines are still pending: the next look finishes the work.
   */
  releaseHeld(now: Date): Promise<ObjectId[]>;

  revokedUser(userId: ObjectId): Promise<RevokedUser | undefined>;
  /** The user whose latest snap-back card carries `token`. */
  revokedUserBySnapBackToken(token: string): Promise<RevokedUser | undefined>;
  /** Upsert; a new revocation resets the snap-back report and the re-disable marker. */
  recordRevoked(user: RevokedUser): Promise<void>;
  /** Compare-and-set: marks a snap-back reported once, with its card's token; false if already reported. */
  markSnapBack(userId: ObjectId, at: Date, token: string): Promise<boolean>;
  /**
   * The account is disabled again: a later re-enable is a new snap-back. The re-disable marker
   * goes; the token stays, so an old card's button can say there is nothing left to do.
   */
  clearSnapBack(userId: ObjectId): Promise<void>;
  /**
   * Compare-and-set on the re-disable marker, from `expected` (null: none) to `next` (null:
   * released); false when the user is unknown or the marker is not `expected`.
   */
  swapRedisable(userId: ObjectId, expected: string | null, next: string | null): Promise<boolean>;
}
