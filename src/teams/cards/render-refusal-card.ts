import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { expandTemplate } from './card-template';
import { type RefusalView } from './card-views';
import { plainText } from './plain-text';
import template from './refusal.card.json';

/**
 * The answer to a refused click or command: why, in the catalogue's user-safe words, and which
 * request it was about. The message may quote what someone typed, so it goes into a TextRun,
 * which Teams never reads as markdown: a typed `[x](https://evil)` stays literal, and a UPN or a
 * domain it quotes is shown, and copied, exactly as typed. The title is Lockdown's own.
 */
export function renderRefusalCard(view: RefusalView): AdaptiveCard {
  return asAdaptiveCard(
    expandTemplate(template, {
      title: plainText(view.title, 100),
      message: plainText(view.message, 1_000),
      hasRequestId: view.requestId !== undefined && view.requestId !== '',
      requestId: view.requestId ?? '',
    }),
  );
}
