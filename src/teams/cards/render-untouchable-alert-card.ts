import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { expandTemplate } from './card-template';
import { plainText } from './plain-text';
import template from './untouchable-alert.card.json';
import { type UntouchableAlertView } from './watcher-alert-views';

const TITLES: Readonly<Record<UntouchableAlertView['why'], string>> = {
  protected: 'Break-glass account disabled outside Lockdown',
  privileged: 'Privileged account disabled outside Lockdown',
  'security-team': "A security team member's account was disabled outside Lockdown",
};

/**
 * The watcher's alert for a break-glass, security-team or privileged account disabled elsewhere (threat-model
 * T21): Lockdown did nothing, and asks the team to check. Name, UPN, object id and "disabled by"
 * come from the directory, so they are tidied and clipped by `plainText` and shown only in
 * TextRuns (never markdown): a name like `[Approve](https://evil)` stays literal.
 */
export function renderUntouchableAlertCard(view: UntouchableAlertView): AdaptiveCard {
  const disabledBy = plainText(view.disabledBy ?? '', 150);
  return asAdaptiveCard(
    expandTemplate(template, {
      title: TITLES[view.why],
      why: view.why,
      at: view.at,
      name: plainText(view.displayName, 100),
      // Entra caps a UPN at 113 characters and an object id is a 36-character GUID.
      upn: plainText(view.userPrincipalName, 113),
      objectId: plainText(view.objectId, 36),
      hasDisabledBy: disabledBy !== '',
      disabledBy,
    }),
  );
}
