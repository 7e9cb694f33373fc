import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { expandTemplate } from './card-template';
import { plainText } from './plain-text';
import template from './snap-back.card.json';
import { VERBS } from './verbs';
import { type SnapBackView } from './watcher-alert-views';

/**
 * The watcher's snap-back alert (SPEC section 5): an account Lockdown revoked is enabled again.
 * Until someone opens a re-disable request, the card offers one, carrying only the revoking
 * request's token; the new request then follows the two-person rule on its own card. Name, UPN,
 * object id and the opener's name come from the directory or people's profiles, so they are
 * clipped by `plainText` and shown only in TextRuns (never markdown).
 */
export function renderSnapBackCard(view: SnapBackView): AdaptiveCard {
  const { redisable } = view;
  return asAdaptiveCard(
    expandTemplate(template, {
      verbs: VERBS,
      token: view.token,
      requestId: view.requestId,
      at: view.at,
      name: plainText(view.displayName, 100),
      // Entra caps a UPN at 113 characters and an object id is a 36-character GUID.
      upn: plainText(view.userPrincipalName, 113),
      objectId: plainText(view.objectId, 36),
      synced: view.synced,
      canRedisable: redisable === null,
      hasRedisable: redisable !== null,
      redisable: {
        requestId: redisable?.requestId ?? '',
        by: plainText(redisable?.by ?? '', 100),
      },
    }),
  );
}
