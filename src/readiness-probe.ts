import { type Readiness } from './http/http-reply';
import { type Logger } from './ports/logger';

type Check = () => Promise<void>;

/**
 * GET /readyz: each dependency probed, in words an operator can act on. Details stay in the log:
 * /readyz is unauthenticated.
 */
export function readinessProbe(
  log: Logger,
  checks: Readonly<Record<string, { readonly failure: string; readonly run: Check }>>,
): () => Promise<Readiness> {
  return async () => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check.run();
          return [name, { ok: true }] as const;
        } catch (error) {
          log.warn('readiness check failed', { check: name, error });
          return [name, { ok: false, detail: check.failure }] as const;
        }
      }),
    );
    return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
  };
}
