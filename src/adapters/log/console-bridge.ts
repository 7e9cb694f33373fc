import { format } from 'node:util';
import { type Logger } from '../../ports/logger';

const LEVELS = { error: 'error', warn: 'warn', info: 'info', log: 'info', debug: 'debug' } as const;

/**
 * Sends what libraries print with `console.*` into the structured log, redacted like everything
 * else. botbuilder prints failed token checks to stderr with `console.error`, including the
 * expired token's details and every signing key it knows (threat-model T24). Returns the undo.
 */
export function bridgeConsole(log: Logger): () => void {
  const library = log.child({ source: 'library' });
  const originals = new Map<keyof typeof LEVELS, (...args: unknown[]) => void>();
  for (const [method, level] of Object.entries(LEVELS) as Array<
    [keyof typeof LEVELS, (typeof LEVELS)[keyof typeof LEVELS]]
  >) {
    originals.set(method, console[method]);
    console[method] = (...args: unknown[]) => library[level](format(...args).slice(0, 4_000));
  }
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}
