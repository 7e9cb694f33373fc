export const WATCH_MODES = ['auto', 'webhook', 'delta', 'off'] as const;

interface WatcherRaw {
  readonly WATCH_MODE: (typeof WATCH_MODES)[number];
  readonly PUBLIC_BASE_URL?: URL;
  readonly GRAPH_NOTIFICATION_SECRET?: string;
}

export function watcherProblems(raw: WatcherRaw): string[] {
  const problems: string[] = [];
  if (raw.WATCH_MODE === 'webhook' && !raw.PUBLIC_BASE_URL) {
    problems.push(
      'PUBLIC_BASE_URL: is required when WATCH_MODE is webhook (Graph must reach /api/graph/notifications)',
    );
  }
  if (usesWebhooks(raw) && !raw.GRAPH_NOTIFICATION_SECRET) {
    problems.push(
      'GRAPH_NOTIFICATION_SECRET: is required when change notifications are used (PUBLIC_BASE_URL is set)',
    );
  }
  return problems;
}

/** Change notifications are on in webhook mode, and in auto mode once a public URL is known. */
export const usesWebhooks = (raw: WatcherRaw): boolean =>
  raw.WATCH_MODE === 'webhook' || (raw.WATCH_MODE === 'auto' && raw.PUBLIC_BASE_URL !== undefined);
