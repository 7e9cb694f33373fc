/**
 * The simulator's notion of "now": the base clock plus an offset that tests advance. It drives
 * token lifetimes, subscription expiry, delta-token age and every timestamp the simulator writes,
 * so a test can jump days ahead without waiting.
 */
export class SimClock {
  private offsetMs = 0;

  constructor(private readonly base: () => Date = () => new Date()) {}

  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }

  /** Time only moves forward: a negative step would let expired tokens come back to life. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`clock.advance expects a non-negative number of milliseconds, got ${ms}`);
    }
    this.offsetMs += ms;
  }

  /** ISO 8601 without milliseconds, as Entra writes its DateTimeOffset values. */
  isoSeconds(): string {
    return `${this.now().toISOString().slice(0, 19)}Z`;
  }
}
