/** Teams refuses a bot message larger than about 28 KB, card included. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;

/** What a card may use; the rest of the limit is left to the activity that carries it. */
export const CARD_BUDGET_BYTES = 26 * 1024;

/** A card's size as Teams counts it: the UTF-8 bytes of its JSON. */
export function cardByteSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
