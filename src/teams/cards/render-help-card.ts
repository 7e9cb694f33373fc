import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { expandTemplate } from './card-template';
import { type HelpView } from './card-views';
import template from './help.card.json';
import { plainText } from './plain-text';

/**
 * `help`, and the answer to anything not understood: each command's usage, what it does and an
 * example, then any warnings (the Graph permissions Lockdown lacks). Usage and examples are
 * literal text runs (no markdown), so `<user>` and `[...]` show as typed. The intro may quote
 * what someone typed, and the warnings name permissions (`User.RevokeSessions.All`) that people
 * copy, so both are TextRuns too; only the descriptions, Lockdown's own sentences, are
 * TextBlocks.
 */
export function renderHelpCard(view: HelpView): AdaptiveCard {
  const intro = view.intro === undefined ? '' : plainText(view.intro, 300);
  return asAdaptiveCard(
    expandTemplate(template, {
      hasIntro: intro !== '',
      intro,
      commands: view.commands,
      hasWarnings: view.warnings.length > 0,
      warnings: view.warnings,
    }),
  );
}
