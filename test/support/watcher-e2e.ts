import { TENANT } from './activities';
import { NOTIFICATION_SECRET, textOf, type E2E } from './e2e';

/** Polls `probe` until it returns something, or fails naming `what` (bounded: tests stop by themselves). */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface ThreadCard {
  readonly conversationId: string;
  readonly card: Record<string, unknown>;
  readonly text: string;
}

/** Every new thread Lockdown started in the security channel, in order, with its card text. */
export function newThreads(e2e: E2E): ThreadCard[] {
  return e2e.connector.calls
    .filter((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.response)
    .map((c) => {
      const card =
        (c.body!.activity as { attachments?: Array<{ content: Record<string, unknown> }> })
          .attachments?.[0]?.content ?? {};
      return {
        conversationId: (c.response!.body as { id: string }).id,
        card,
        text: textOf(card),
      };
    });
}

/** The automatic-revocation cards for one account. */
export const automaticCardsFor = (e2e: E2E, upn: string): ThreadCard[] =>
  newThreads(e2e).filter((t) => t.text.includes('Automatic revocation') && t.text.includes(upn));

/** Waits for the watcher's first delta round (the baseline) and, with webhooks, its subscription. */
export async function watcherReady(e2e: E2E, webhooks: boolean): Promise<void> {
  await until('the watcher baseline and subscription', async () => {
    const status = await e2e.lockdown.watcher!.status();
    return status.lastPollAt !== null && (!webhooks || status.subscription !== null);
  });
}

/** A change notification as Graph sends it for a user (graph-facts §10.3). */
export async function userNotification(
  e2e: E2E,
  userId: string,
  change: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const status = await e2e.lockdown.watcher!.status();
  return {
    subscriptionId: status.subscription!.id,
    subscriptionExpirationDateTime: status.subscription!.expiresAt,
    clientState: NOTIFICATION_SECRET,
    changeType: 'updated',
    resource: `Users/${userId}`,
    tenantId: TENANT,
    resourceData: {
      '@odata.type': '#Microsoft.Graph.User',
      '@odata.id': `Users/${userId}`,
      id: userId,
      organizationId: TENANT,
    },
    ...change,
  };
}

/** POSTs a batch to Lockdown's notification endpoint as Graph would. */
export async function postNotifications(e2e: E2E, items: unknown[]): Promise<Response> {
  return fetch(`${e2e.lockdown.url}/api/graph/notifications`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ value: items }),
  });
}

/** Waits until the watcher has nothing queued and every run and card update has settled. */
export async function watcherIdle(e2e: E2E): Promise<void> {
  await until('the hint queue to drain', async () => {
    await e2e.lockdown.watcher!.kick();
    return (await e2e.lockdown.watcher!.status()).pendingHints === 0;
  });
  await e2e.lockdown.settle();
}
