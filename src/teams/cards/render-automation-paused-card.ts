import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import template from './automation-paused.card.json';
import { type ContainerStyle } from './card-styles';
import { expandTemplate } from './card-template';
import { plainText } from './plain-text';
import { VERBS } from './verbs';
import { type AutomationPausedView } from './watcher-alert-views';

/** Two people resume it; any more names are counted, not listed, so the card stays small. */
const MAX_NAMES = 5;

type BreakerCardState = 'paused' | 'awaiting-second' | 'resumed';

const HEADERS: Readonly<
  Record<BreakerCardState, { readonly style: ContainerStyle; readonly title: string }>
> = {
  paused: { style: 'attention', title: '⏸ Automatic revocation paused' },
  'awaiting-second': {
    style: 'warning',
    title: '⏸ Automatic revocation paused: resume awaits a second person',
  },
  resumed: { style: 'good', title: '▶ Automatic revocation resumed' },
};

/**
 * The circuit breaker's review card (SPEC section 5): why automatic revocation stopped, and a
 * Resume button carrying only the breaker's token until two people have resumed it. The server
 * enforces the two-person rule at each click; the card only says where things stand. The names
 * come from people's profiles, so they are clipped by `plainText` and shown only in TextRuns.
 */
export function renderAutomationPausedCard(view: AutomationPausedView): AdaptiveCard {
  const state = stateOf(view);
  return asAdaptiveCard(
    expandTemplate(template, {
      verbs: VERBS,
      token: view.token,
      header: HEADERS[state],
      at: view.at,
      limit: view.limit,
      resumed: state === 'resumed',
      awaitingSecond: state === 'awaiting-second',
      requestedBy: plainText(view.resumeRequestedBy ?? '', 100),
      resumedBy: names(view.resumedBy ?? []),
      released: releasedText(view.released),
      buttons: {
        resume: state !== 'resumed',
        resumeTitle: state === 'paused' ? 'Resume automatic revocation' : 'Confirm resume',
      },
    }),
  );
}

function stateOf(view: AutomationPausedView): BreakerCardState {
  if (view.resumedBy !== null) return 'resumed';
  return view.resumeRequestedBy !== null ? 'awaiting-second' : 'paused';
}

/** "A and B", or "A, B and C (and 4 more)". */
function names(people: readonly string[]): string {
  const shown = people.slice(0, MAX_NAMES).map((person) => plainText(person, 100));
  const last = shown.pop() ?? 'the security team';
  const listed = shown.length > 0 ? `${shown.join(', ')} and ${last}` : last;
  const more = people.length - MAX_NAMES;
  return more > 0 ? `${listed} (and ${more} more)` : listed;
}

function releasedText(released: number | null): string {
  if (released === null) return 'held accounts are being looked at again';
  return `${released} held account(s) are being looked at again`;
}
