import { SYSTEM_AUDIT_ACTOR } from '../../domain/audit/audit-event';
import { MessageFactory } from 'botbuilder';
import {
  type CardBinding,
  type RevocationRequest,
} from '../../domain/revocation/revocation-request';
import { type StepState } from '../../domain/revocation/step-state';
import { type AuditLog } from '../../ports/audit-log';
import { type Logger } from '../../ports/logger';
import { type RequestNotifier } from '../../ports/request-notifier';
import { type SecurityChannel } from './security-channel';

/** Renders what the channel shows; supplied by the Teams surface. */
export interface ChannelCards {
  channelCard(request: RevocationRequest, steps: readonly StepState[]): Promise<object>;
  finalSummary(request: RevocationRequest, steps: readonly StepState[]): string;
}

/**
 * The security channel as Lockdown's notifier (SPEC section 3): ONE card per request, posted as
 * a new thread, then updated in place for everyone; the final summary is a reply in the thread.
 * Updates are coalesced per request (a burst of step changes becomes one update with the latest
 * state) and never block the pipeline; failures are logged and audited, never thrown into it.
 */
export class TeamsNotifier implements RequestNotifier {
  private readonly queues = new Map<
    string,
    { next: (() => Promise<void>) | null; running: Promise<void> }
  >();

  constructor(
    private readonly channel: SecurityChannel,
    private readonly cards: ChannelCards,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {}

  async publishRequest(
    request: RevocationRequest,
    steps: readonly StepState[],
  ): Promise<CardBinding> {
    const card = await this.cards.channelCard(request, steps);
    const binding = await this.channel.startThread('post the request card', card);
    this.log.info('request card posted', { requestId: request.id, ...binding });
    return binding;
  }

  async showProgress(request: RevocationRequest, steps: readonly StepState[]): Promise<void> {
    if (!request.card) return;
    this.enqueue(request.id, () => this.updateCard(request, steps));
  }

  async announceFinished(request: RevocationRequest, steps: readonly StepState[]): Promise<void> {
    if (!request.card) return;
    await this.queues.get(request.id)?.running;
    const summary = this.cards.finalSummary(request, steps);
    await this.deliver(request, 'post the summary', () =>
      this.channel.inThread(request.card!, 'post the summary', (context) =>
        context.sendActivity(MessageFactory.text(summary)),
      ),
    );
  }

  /** Resolves once every queued update has been sent (or has failed). */
  async flush(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()].map((q) => q.running));
  }

  private enqueue(requestId: string, update: () => Promise<void>): void {
    const queue = this.queues.get(requestId);
    if (queue) {
      queue.next = update;
      return;
    }
    const entry: { next: (() => Promise<void>) | null; running: Promise<void> } = {
      next: update,
      running: Promise.resolve(),
    };
    entry.running = (async () => {
      while (entry.next) {
        const current = entry.next;
        entry.next = null;
        await current();
      }
      this.queues.delete(requestId);
    })();
    this.queues.set(requestId, entry);
  }

  private async updateCard(request: RevocationRequest, steps: readonly StepState[]): Promise<void> {
    const card = await this.cards.channelCard(request, steps);
    await this.deliver(request, 'update the request card', () =>
      this.channel.replaceCard(request.card!, 'update the request card', card),
    );
  }

  /** Card updates and summaries never fail the pipeline: a failure is logged and audited. */
  private async deliver(
    request: RevocationRequest,
    what: string,
    send: () => Promise<void>,
  ): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.log.warn('could not reach the security channel', { requestId: request.id, what, error });
      await this.audit
        .append({
          eventType: 'notify_failed',
          requestId: request.id,
          actor: SYSTEM_AUDIT_ACTOR,
          outcome: 'failure',
          detail: `${what}: ${error instanceof Error ? error.message : String(error)}`,
        })
        .catch(() => undefined);
    }
  }
}
