/**
 * More than AUTO_REVOKE_MAX_PER_HOUR automatic revocations in an hour pauses them (SPEC
 * section 5): a mass disable is more likely a sync accident or an attack on the directory than
 * that many real incidents. While paused, transitions are held for review.
 */
export interface BreakerState {
  readonly paused: boolean;
  readonly pausedAt: string | null;
  /** The review card's token: the only thing its buttons carry. */
  readonly reviewToken: string | null;
  /** True once the review card reached the channel; until then every attempt posts it again. */
  readonly reviewPosted: boolean;
  /** The first of the two people needed to resume (two-person rule). */
  readonly resumeRequestedBy: { readonly aadObjectId: string; readonly displayName: string } | null;
  /** The last two-person resume: the team reviewed what came before, so counting restarts. */
  readonly resumedAt: string | null;
  readonly version: number;
}

export const CLOSED_BREAKER: BreakerState = {
  paused: false,
  pausedAt: null,
  reviewToken: null,
  reviewPosted: false,
  resumeRequestedBy: null,
  resumedAt: null,
  version: 0,
};

export const WINDOW_MS = 60 * 60_000;

/**
 * Where the hour that counts starts: an hour ago, or at the last resume if that is later (the
 * revocations before it were reviewed; counting them again would pause at once).
 */
export function windowStart(now: Date, breaker: BreakerState): Date {
  const hourAgo = now.getTime() - WINDOW_MS;
  const resumed = breaker.resumedAt ? Date.parse(breaker.resumedAt) : -Infinity;
  return new Date(Math.max(hourAgo, resumed));
}

/** True when one more automatic revocation would exceed the hourly limit. */
export function wouldExceed(revocationsInWindow: number, maxPerHour: number): boolean {
  return revocationsInWindow >= maxPerHour;
}
