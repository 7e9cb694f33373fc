/**
 * A rendered Adaptive Card: plain JSON for `CardFactory.adaptiveCard` or an invoke response.
 * Renderers build it from `*.card.json` templates; its shape is checked by the tests with the
 * reference `adaptivecards` parser, not by this type.
 */
export type AdaptiveCard = { readonly type: 'AdaptiveCard'; readonly version: string } & Readonly<
  Record<string, unknown>
>;

/** Narrows an expanded template to a card, failing loudly if a template lost its root. */
export function asAdaptiveCard(value: unknown): AdaptiveCard {
  const card = value as Partial<AdaptiveCard> | null;
  if (typeof card !== 'object' || card === null || card.type !== 'AdaptiveCard') {
    throw new Error('A card template did not expand to an AdaptiveCard');
  }
  return card as AdaptiveCard;
}
