import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { expandTemplate } from './card-template';
import { type RequestFormView } from './card-views';
import { plainText } from './plain-text';
import template from './request-form.card.json';
import { VERBS } from './verbs';

/**
 * The form `revoke` without arguments replies with: users, reason and steps. Teams merges the
 * inputs (`users`, `reason`, `steps` as comma-separated ids) into the submit's data, which
 * itself is `{}`; the handler re-checks everything exactly as for the typed command. After a bad
 * submission the form comes back with what was typed (verbatim: inputs are not markdown) and the
 * problem, which may quote the input and so is shown in a TextRun (never markdown).
 */
export function renderRequestFormCard(view: RequestFormView): AdaptiveCard {
  const problem = view.problem === undefined ? '' : plainText(view.problem, 1_000);
  return asAdaptiveCard(
    expandTemplate(template, {
      verbs: VERBS,
      maxTargets: view.maxTargets,
      hasProblem: problem !== '',
      problem,
      users: view.users ?? '',
      reason: view.reason ?? '',
      selectedSteps: view.steps
        .filter((step) => step.selected)
        .map((step) => step.id)
        .join(','),
      hasSteps: view.steps.length > 0,
      steps: view.steps.map((step) => ({ id: step.id, title: step.title })),
    }),
  );
}
