import {
  CardFactory,
  MessageFactory,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import {
  type CardBinding,
  type RevocationRequest,
} from '../../domain/revocation/revocation-request';
import { type StepState } from '../../domain/revocation/step-state';
import { type AuditLog } from '../../ports/audit-log';
import { type Logger } from '../../ports/logger';
import { type RequestNotifier } from '../../ports/request-notifier';
import { withConnectorRetry } from './connector-retry';

/** Renders what the channel shows; supplied by the Teams surface. */
export interface ChannelCards {
  channelCard(request: RevocationRequest, steps: readonly StepState[]): Promise<object>;
  finalSummary(request: RevocationRequest, steps: readonly StepState[]): string;
}

/**
 * Where the security channel is. Built from configuration only: a stored or inbound serviceUrl
 * never decides where the bot's token goes (threat-model T6).
 */
export interface ChannelAddress {
  readonly botAppId: string;
  readonly serviceUrl: string;
  readonly channelId: string;
  readonly tenantId: string;
  /** The outbound token's audience (the Bot Framework scope, or its sovereign-cloud override). */
  readonly audience: string;
}

/** The channel's conversation id without the thread suffix Teams adds (`;messageid=…`). */
export const channelOf = (conversationId: string): string => conversationId.split(';')[0]!;

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
    private readonly adapter: CloudAdapter,
    private readonly address: ChannelAddress,
    private readonly cards: ChannelCards,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {}

  async publishRequest(
    request: RevocationRequest,
    steps: readonly StepState[],
  ): Promise<CardBinding> {
    const card = await this.cards.channelCard(request, steps);
    let threadId: string | undefined;
    await withConnectorRetry('post the request card', this.log, () =>
      this.adapter.createConversationAsync(
        this.address.botAppId,
        'msteams',
        this.address.serviceUrl,
        this.address.audience,
        {
          isGroup: true,
          channelData: {
            channel: { id: this.address.channelId },
            tenant: { id: this.address.tenantId },
          },
          tenantId: this.address.tenantId,
          activity: MessageFactory.attachment(CardFactory.adaptiveCard(card)) as Activity,
          bot: {
            id: this.address.botAppId ? `28:${this.address.botAppId}` : 'lockdown',
            name: 'Lockdown',
          },
          members: [],
        },
        async (context) => {
          threadId = context.activity.conversation?.id;
        },
      ),
    );
    const rootId = /;messageid=([^;]+)/.exec(threadId ?? '')?.[1];
    if (!threadId || !rootId)
      throw new Error(`the Bot Connector did not return a thread id (got "${threadId ?? ''}")`);
    this.log.info('request card posted', { requestId: request.id, conversationId: threadId });
    return { conversationId: channelOf(threadId), activityId: rootId };
  }

  async showProgress(request: RevocationRequest, steps: readonly StepState[]): Promise<void> {
    if (!request.card) return;
    this.enqueue(request.id, () => this.updateCard(request, steps));
  }

  async announceFinished(request: RevocationRequest, steps: readonly StepState[]): Promise<void> {
    if (!request.card) return;
    await this.queues.get(request.id)?.running;
    const summary = this.cards.finalSummary(request, steps);
    await this.inThread(request, 'post the summary', (context) =>
      context.sendActivity(MessageFactory.text(summary)),
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
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.id = request.card!.activityId;
    await this.inThread(request, 'update the request card', (context) =>
      context.updateActivity(activity),
    );
  }

  private async inThread(
    request: RevocationRequest,
    what: string,
    send: (context: TurnContext) => Promise<unknown>,
  ): Promise<void> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: this.address.serviceUrl,
      conversation: {
        id: `${request.card!.conversationId};messageid=${request.card!.activityId}`,
        isGroup: true,
        conversationType: 'channel',
        tenantId: this.address.tenantId,
        name: '',
      },
      bot: {
        id: this.address.botAppId ? `28:${this.address.botAppId}` : 'lockdown',
        name: 'Lockdown',
      },
    };
    try {
      await withConnectorRetry(what, this.log, () =>
        this.adapter.continueConversationAsync(
          this.address.botAppId,
          reference,
          async (context) => void (await send(context)),
        ),
      );
    } catch (error) {
      this.log.warn('could not reach the security channel', { requestId: request.id, what, error });
      await this.audit
        .append({
          eventType: 'notify_failed',
          requestId: request.id,
          actor: { aadObjectId: 'system', role: 'system' },
          outcome: 'failure',
          detail: `${what}: ${error instanceof Error ? error.message : String(error)}`,
        })
        .catch(() => undefined);
    }
  }
}
