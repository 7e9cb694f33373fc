import { type Readiness } from './http/http-reply';
import { type Logger } from './ports/logger';

/** One dependency's probe, and what to say when it fails. */
export interface ReadinessCheck {
  readonly failure: string;
  readonly run: () => Promise<void>;
}

/**
 * Thrown by a check whose failure is best said by the check itself, e.g. which Graph
 * permissions are missing. Its message is shown as is: it must name nothing secret or internal.
 */
export class NotReady extends Error {}

/**
 * GET /readyz: each dependency probed, in words an operator can act on. Details stay in the log:
 * /readyz is unauthenticated (the only specific failures it shows are public facts, such as the
 * names of Graph permissions the README lists anyway).
 */
export function readinessProbe(
  log: Logger,
  checks: Readonly<Record<string, ReadinessCheck>>,
): () => Promise<Readiness> {
  return async () => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check.run();
          return [name, { ok: true }] as const;
        } catch (error) {
          log.warn('readiness check failed', { check: name, error });
          const detail = error instanceof NotReady ? error.message : check.failure;
          return [name, { ok: false, detail }] as const;
        }
      }),
    );
    return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
  };
}
