import {
  CardFactory,
  MessageFactory,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { type CardBinding } from '../../domain/revocation/revocation-request';
import { type Logger } from '../../ports/logger';
import { withConnectorRetry } from './connector-retry';

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
 * The security channel over the Bot Connector: new threads, and turns inside an existing one.
 * Throttling and transient failures are retried (connector-retry.ts); anything else is thrown
 * for the caller to log and audit.
 */
export class SecurityChannel {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly address: ChannelAddress,
    private readonly log: Logger,
  ) {}

  /** Posts `content` (a card, or markdown text) as a new thread; returns where it landed. */
  async startThread(what: string, content: object | string): Promise<CardBinding> {
    let threadId: string | undefined;
    await withConnectorRetry(what, this.log, () =>
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
          activity: toActivity(content) as Activity,
          bot: this.bot(),
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
    return { conversationId: channelOf(threadId), activityId: rootId };
  }

  /** Runs `send` in a turn inside the thread that `binding` started. */
  async inThread(
    binding: CardBinding,
    what: string,
    send: (context: TurnContext) => Promise<unknown>,
  ): Promise<void> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: this.address.serviceUrl,
      conversation: {
        id: `${binding.conversationId};messageid=${binding.activityId}`,
        isGroup: true,
        conversationType: 'channel',
        tenantId: this.address.tenantId,
        name: '',
      },
      bot: this.bot(),
    };
    await withConnectorRetry(what, this.log, () =>
      this.adapter.continueConversationAsync(
        this.address.botAppId,
        reference,
        async (context) => void (await send(context)),
      ),
    );
  }

  /** Replaces the thread's root card. */
  async replaceCard(binding: CardBinding, what: string, card: object): Promise<void> {
    const activity = toActivity(card);
    activity.id = binding.activityId;
    await this.inThread(binding, what, (context) => context.updateActivity(activity));
  }

  private bot() {
    return {
      id: this.address.botAppId ? `28:${this.address.botAppId}` : 'lockdown',
      name: 'Lockdown',
    };
  }
}

function toActivity(content: object | string): Partial<Activity> {
  return typeof content === 'string'
    ? MessageFactory.text(content)
    : MessageFactory.attachment(CardFactory.adaptiveCard(content));
}
