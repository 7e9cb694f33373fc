/** Time, injected so that expiry, back-off and leases can be tested without waiting. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}
