/**
 * A channel thread's conversation id is the channel's id plus `;messageid=<root>`. Cards are
 * bound to the channel and to their own message id (the invoke's `replyToId`), so ids are
 * compared without the suffix.
 */
export const channelOf = (conversationId: string): string => conversationId.split(';')[0]!;
