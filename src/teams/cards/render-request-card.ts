import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { CARD_BUDGET_BYTES, cardByteSize } from './card-size';
import { expandTemplate } from './card-template';
import { type CardAudience, type RequestCardView } from './card-views';
import { requestCardData } from './request-card-data';
import {
  DETAILED_TARGETS_MAX,
  REQUEST_CARD_LAYOUTS,
  type RequestCardLayout,
} from './request-card-layout';
import template from './request.card.json';
import { VERBS } from './verbs';

/** Teams auto-refreshes a card for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

/**
 * The request card (SPEC section 3) for one audience: the channel's copy (status only, a refresh
 * for the eligible approvers and "Show my options"), an approver's own view (Approve, Reject) or
 * the requester's (Cancel). Every button carries only `{ token }` (threat model T7, T8).
 *
 * The most detailed layout that fits Teams' message size is used (request-card-layout.ts), so a
 * 50-target request still posts.
 */
export function renderRequestCard(view: RequestCardView, audience: CardAudience): AdaptiveCard {
  const layouts = REQUEST_CARD_LAYOUTS.filter(
    (layout) => layout.targets !== 'detailed' || view.targets.length <= DETAILED_TARGETS_MAX,
  );
  let card: AdaptiveCard | undefined;
  for (const layout of layouts) {
    card = renderWithLayout(view, audience, layout);
    if (cardByteSize(card) <= CARD_BUDGET_BYTES) return card;
  }
  return card!;
}

function renderWithLayout(
  view: RequestCardView,
  audience: CardAudience,
  layout: RequestCardLayout,
): AdaptiveCard {
  const card = asAdaptiveCard(expandTemplate(template, requestCardData(view, audience, layout)));
  const refreshed = view.status === 'opened' && view.kind === 'manual' && audience !== 'requester';
  return refreshed ? { ...card, refresh: refreshFor(view) } : card;
}

/**
 * While a request is open, the channel's card and an approver's view refresh themselves for the
 * eligible approvers (Teams user ids, `29:…`), so each of them sees Approve and Reject. The
 * refresh handler is read-only. Kept out of the template because the templating subset has no
 * conditional properties (see card-template.ts).
 */
function refreshFor(view: RequestCardView): object {
  return {
    action: {
      type: 'Action.Execute',
      title: 'Refresh',
      verb: VERBS.refresh,
      data: { token: view.token },
    },
    userIds: view.approverUserIds.slice(0, MAX_REFRESH_USERS),
  };
}
