/** How hard the pipeline tries before a step is reported failed (it can be retried later). */
export interface PipelineSettings {
  /** Attempts per step across throttling and outages. */
  readonly maxStepAttempts: number;
  /** Re-reads when Graph does not show a change yet (read-after-write lag, threat-model R30). */
  readonly verifyAttempts: number;
  readonly verifyDelayMs: number;
  /** Upper bound of the exponential back-off when Graph gives no Retry-After. */
  readonly maxBackoffMs: number;
}

export const PIPELINE_DEFAULTS: PipelineSettings = {
  maxStepAttempts: 8,
  verifyAttempts: 4,
  verifyDelayMs: 1_000,
  maxBackoffMs: 60_000,
};

/** When a parked step may run again: Graph's Retry-After, or exponential back-off with jitter. */
export function resumeAt(
  now: Date,
  attempts: number,
  retryAfterSeconds: number | undefined,
  settings: PipelineSettings,
): Date {
  const backoff =
    Math.min(settings.maxBackoffMs, 1_000 * 2 ** Math.max(0, attempts - 1)) *
    (0.8 + Math.random() * 0.4);
  const wait = retryAfterSeconds !== undefined ? Math.max(retryAfterSeconds * 1_000, 250) : backoff;
  return new Date(now.getTime() + wait);
}
