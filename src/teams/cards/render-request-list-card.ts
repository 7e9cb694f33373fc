import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { expandTemplate } from './card-template';
import { type RequestListView } from './card-views';
import { plainText } from './plain-text';
import template from './request-list.card.json';

/** Requests listed on one card; `pending` can return more, and each costs about 400 bytes. */
export const MAX_LISTED_REQUESTS = 25;

/**
 * `status` (the last ten) and `pending`: one short entry per request, newest first as given,
 * or the view's empty text. Requester and reason come from people, so they are clipped by
 * `plainText` and shown only in TextRuns (never markdown); the targets line is UPNs, shown as
 * they are, also in a TextRun so that a `_` or `~` in a UPN is never read as emphasis.
 */
export function renderRequestListCard(view: RequestListView): AdaptiveCard {
  const listed = view.requests.slice(0, MAX_LISTED_REQUESTS);
  return asAdaptiveCard(
    expandTemplate(template, {
      title: view.title,
      isEmpty: view.requests.length === 0,
      emptyText: view.emptyText,
      requests: listed.map((request) => ({
        requestId: request.requestId,
        statusLabel: request.statusLabel,
        targets: request.targets,
        requester: plainText(request.requester, 100),
        createdAt: request.createdAt,
        reason: plainText(request.reason, 160),
      })),
      hasMore: view.requests.length > listed.length,
      more: view.requests.length - listed.length,
    }),
  );
}
