import { STATUS_STYLES } from './card-styles';
import { type CardAudience, type RequestCardView } from './card-views';
import { plainText } from './plain-text';
import { progressSection } from './request-card-progress';
import { type RequestCardLayout } from './request-card-layout';
import { targetSections } from './request-card-targets';
import { VERBS } from './verbs';

/** Which buttons a rendering carries; the server re-checks everything at the click anyway. */
export interface RequestCardButtons {
  readonly approve: boolean;
  readonly reject: boolean;
  readonly cancel: boolean;
  readonly retry: boolean;
  readonly options: boolean;
}

/**
 * Buttons by audience and status. Only an open manual request can be decided or cancelled:
 * eligible approvers get Approve and Reject, the requester Cancel, the channel "Show my options"
 * (its own view, for whoever did not get the automatic refresh). A finished request with failed
 * steps offers a retry to every audience.
 */
export function requestCardButtons(
  view: RequestCardView,
  audience: CardAudience,
): RequestCardButtons {
  const open = view.status === 'opened' && view.kind === 'manual';
  const finished = view.status === 'completed' || view.status === 'completed-with-failures';
  return {
    approve: open && audience === 'approver',
    reject: open && audience === 'approver',
    cancel: open && audience === 'requester',
    retry: finished && view.canRetry,
    options: open && audience === 'channel',
  };
}

/**
 * The data request.card.json is expanded with. Text from people, the directory or Graph
 * (reason, requester, display names, roles, warnings, the decision line, step and device
 * messages) is tidied by `plainText` and bound only into TextRuns, which Teams never reads as
 * markdown; TextBlocks and FactSets get Lockdown's own words, times, counts and validated
 * identifiers (request id, UPNs, object ids), shown exactly as they are.
 */
export function requestCardData(
  view: RequestCardView,
  audience: CardAudience,
  layout: RequestCardLayout,
): object {
  const style = STATUS_STYLES[view.status];
  const count = view.targets.length;
  const noun = count === 1 ? 'target' : 'targets';
  const kind = view.kind === 'automatic' ? 'Automatic revocation' : 'Revocation request';
  const { section, stepLines } = progressSection(view, layout);
  return {
    verbs: VERBS,
    token: view.token,
    header: {
      style: style.style,
      title: `${style.icon} ${view.statusLabel} — ${view.requestId}`,
      subtitle: `${kind} · ${count} ${noun} · opened ${view.createdAt}`,
    },
    requester: plainText(view.requester, 100),
    reason: plainText(view.reason, 500),
    steps: view.steps.join(' → '),
    showExpiry: view.status === 'opened',
    expiresAt: view.expiresAt,
    hasDecision: view.decisionLine.length > 0,
    decisionLine: plainText(view.decisionLine, 300),
    targetsHeading: count === 1 ? 'Target' : `Targets (${count})`,
    shortened: layout.targets === 'minimal',
    ...targetSections(view, layout, stepLines),
    progress: section,
    notes: view.notes,
    buttons: requestCardButtons(view, audience),
  };
}
