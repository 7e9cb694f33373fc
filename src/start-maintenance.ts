import { type Logger } from './ports/logger';
import { type CoreDeps } from './use-cases/core-deps';
import { expireRequests } from './use-cases/expire-requests';
import { type RevocationRunner } from './use-cases/revocation-runner';

const SWEEP_MS = 30_000;
const ANCHOR_MS = 5 * 60_000;

/**
 * Lockdown's background duties: resume work whose lease lapsed (another instance crashed),
 * expire open requests past their time, and log the audit chain's head, an anchor kept outside
 * the store (`npm run audit -- verify --anchor SEQ:HASH`).
 */
export function startMaintenance(
  deps: CoreDeps,
  runner: RevocationRunner,
  log: Logger,
): { stop(): void } {
  const sweep = async (): Promise<void> => {
    try {
      await runner.resumeAll();
      await expireRequests(deps);
    } catch (error) {
      log.warn('maintenance sweep failed; it runs again shortly', { error });
    }
  };
  let lastAnchor = '';
  const anchor = async (): Promise<void> => {
    const head = await deps.audit.head().catch(() => undefined);
    const text = head ? `${head.seq}:${head.hash}` : '';
    if (text && text !== lastAnchor) log.info('audit chain head', { anchor: text });
    lastAnchor = text;
  };
  void sweep();
  void anchor();
  const timers = [
    setInterval(() => void sweep(), SWEEP_MS),
    setInterval(() => void anchor(), ANCHOR_MS),
  ];
  for (const timer of timers) timer.unref();
  return { stop: () => timers.forEach((t) => clearInterval(t)) };
}
