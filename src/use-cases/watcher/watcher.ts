import { isDomainError } from '../../domain/errors';
import { DeltaPoller } from './delta-poller';
import { HintProcessor } from './hint-processor';
import { NotificationReceiver, type Received } from './notification-receiver';
import { SubscriptionKeeper } from './subscription-keeper';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

export interface WatcherOptions {
  readonly owner: string;
  readonly webhooks: boolean;
  readonly pollIntervalMs: number;
}

export interface WatcherStatus {
  readonly webhooks: boolean;
  readonly subscription: { readonly id: string; readonly expiresAt: string } | null;
  readonly pollIntervalSeconds: number;
  readonly lastPollAt: string | null;
  /** In the catalogue's user-safe words; the log has the details. */
  readonly lastPollError: string | null;
  readonly pendingHints: number;
  /** When the circuit breaker paused automatic revocation; null while it runs. */
  readonly pausedAt: string | null;
}

/** How often the subscription's expiry is checked (renewal happens days before it). */
const KEEP_ALIVE_MS = 10 * 60_000;
/** A safety sweep of the hint queue, besides the kick after each notification or poll. */
const DRAIN_MS = 5_000;

/**
 * The watcher (SPEC section 5): delta polling (the baseline first), change notifications when
 * webhooks are configured, and one worker draining the durable hint queue. Every loop survives
 * its own failures: they are logged, and the next round tries again.
 */
export class Watcher {
  readonly receiver: NotificationReceiver;
  private readonly processor: HintProcessor;
  private readonly poller: DeltaPoller;
  private readonly keeper: SubscriptionKeeper;
  private readonly timers: NodeJS.Timeout[] = [];
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private polling: Promise<void> | null = null;
  private lastPollAt: string | null = null;
  private lastPollError: string | null = null;
  private stopped = false;

  constructor(
    private readonly deps: WatcherDeps,
    settings: WatcherSettings,
    private readonly options: WatcherOptions,
  ) {
    this.receiver = new NotificationReceiver(deps, settings);
    this.processor = new HintProcessor(deps, settings, options.owner);
    this.poller = new DeltaPoller(deps);
    this.keeper = new SubscriptionKeeper(deps, settings, () => this.pollNow());
  }

  start(): void {
    void this.pollNow().then(() => (this.options.webhooks ? this.keepAlive() : undefined));
    this.every(this.options.pollIntervalMs, () => this.pollNow());
    this.every(DRAIN_MS, () => this.kick());
    if (this.options.webhooks) this.every(KEEP_ALIVE_MS, () => this.keepAlive());
  }

  /** Change notifications: queued durably, then processed at once in the background. */
  async receive(body: unknown): Promise<Received> {
    const received = await this.receiver.receive(body);
    for (const { event, subscriptionId } of received.lifecycle) {
      void this.keeper
        .onLifecycle(event, subscriptionId)
        .then(() => this.kick())
        .catch((error: unknown) =>
          this.deps.log.warn('lifecycle handling failed', { event, error }),
        );
    }
    void this.kick();
    return received;
  }

  /** Runs one delta round now (and then the queue); overlapping calls share one round. */
  pollNow(): Promise<void> {
    this.polling ??= this.poller
      .poll()
      .then(() => {
        this.lastPollAt = this.deps.clock.now().toISOString();
        this.lastPollError = null;
      })
      .catch((error: unknown) => {
        this.lastPollError = isDomainError(error)
          ? error.userMessage
          : 'an unexpected error (see the log)';
        this.deps.log.warn('delta poll failed; it runs again next interval', { error });
      })
      .finally(() => {
        this.polling = null;
      })
      .then(() => this.kick());
    return this.polling;
  }

  /** Drains the hint queue; a kick during a drain makes it go round once more. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false;
        await this.processor
          .drain()
          .catch((error: unknown) => this.deps.log.warn('hint processing failed', { error }));
      } while (this.drainAgain && !this.stopped);
      this.draining = null;
    })();
    return this.draining;
  }

  /** Subscription upkeep; a recreated subscription's delta catch-up is processed at once. */
  async keepAlive(): Promise<void> {
    await this.keeper
      .ensure()
      .catch((error: unknown) =>
        this.deps.log.warn('subscription upkeep failed; retrying later', { error }),
      );
    await this.kick();
  }

  async status(): Promise<WatcherStatus> {
    const [subscription, pendingHints, breaker] = await Promise.all([
      this.deps.watch.subscription(),
      this.deps.watch.pendingHints(),
      this.deps.watch.breaker(),
    ]);
    return {
      webhooks: this.options.webhooks,
      subscription: subscription
        ? { id: subscription.id, expiresAt: subscription.expiresAt }
        : null,
      pollIntervalSeconds: Math.round(this.options.pollIntervalMs / 1000),
      lastPollAt: this.lastPollAt,
      lastPollError: this.lastPollError,
      pendingHints,
      pausedAt: breaker.paused ? (breaker.pausedAt ?? '') : null,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([this.draining, this.polling]);
  }

  private every(ms: number, run: () => Promise<void>): void {
    const timer = setInterval(() => void run(), ms);
    timer.unref();
    this.timers.push(timer);
  }
}
