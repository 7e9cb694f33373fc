import { type Scheduler } from './scheduler';

/** Graph waits 3 s for an answer (graph-facts §10.3). */
const RESPONSE_TIMEOUT_MS = 3000;
/** Changes within this window go out in one POST, as Graph batches them. */
const BATCH_WINDOW_MS = 25;
const MAX_ITEMS_PER_POST = 100;
/** Graph retries for hours; the simulator retries a few times, quickly, and then drops. */
const RETRY_DELAYS_MS = [200, 500, 1000];

/**
 * POSTs `{value: [...]}` notification payloads to subscriber endpoints: asynchronously (never
 * inside the Graph request that caused the change), batched per URL, retried on non-2xx or
 * time-out with a short, bounded back-off.
 */
export class NotificationDelivery {
  private readonly queues = new Map<string, unknown[]>();

  constructor(private readonly scheduler: Scheduler) {}

  enqueue(url: string, item: unknown): void {
    const queue = this.queues.get(url);
    if (queue !== undefined) {
      queue.push(item);
      return;
    }
    this.queues.set(url, [item]);
    this.scheduler.later(() => this.flush(url), BATCH_WINDOW_MS);
  }

  /** Delivers now (with retries); resolves true once the endpoint answered 2xx. */
  async deliver(url: string, items: unknown[]): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      if (await this.post(url, items)) return true;
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || this.scheduler.isClosed) return false;
      await this.scheduler.sleep(delay);
    }
  }

  private flush(url: string): void {
    const items = this.queues.get(url) ?? [];
    this.queues.delete(url);
    for (let i = 0; i < items.length; i += MAX_ITEMS_PER_POST) {
      void this.deliver(url, items.slice(i, i + MAX_ITEMS_PER_POST));
    }
  }

  private async post(url: string, items: unknown[]): Promise<boolean> {
    const deadline = this.scheduler.deadline(RESPONSE_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: items }),
        redirect: 'manual',
        signal: deadline.signal,
      });
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    } finally {
      deadline.done();
    }
  }
}
