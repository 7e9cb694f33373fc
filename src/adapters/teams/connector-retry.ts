import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger } from '../../ports/logger';

/** The Teams retry table: back off and retry these; never 400, 401, 403, 404, 413 or 500. */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const ATTEMPTS = 4;

/**
 * Calls the Bot Connector, retrying throttling and transient failures with back-off that honours
 * Retry-After (threat-model R16). Other failures (403 BotNotInConversationRoster, 404 for a card
 * that was deleted) are thrown at once: retrying cannot help.
 */
export async function withConnectorRetry<T>(
  what: string,
  log: Logger,
  call: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || !RETRYABLE.has(status) || attempt >= ATTEMPTS) throw error;
      const waitMs =
        retryAfterMs(error) ??
        Math.min(8_000, 500 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      log.info('Bot Connector busy; retrying', {
        what,
        status,
        attempt,
        waitMs: Math.round(waitMs),
      });
      await sleep(waitMs);
    }
  }
}

export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const status = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (
    error as { response?: { headers?: { get?: (name: string) => string | undefined } } }
  )?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1_000 : undefined;
}
