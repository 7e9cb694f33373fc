import { type RequestCardView, type StepStateView } from './card-views';

/** Adaptive Cards text colours (schema enum values). */
export type TextColor = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';

/** Adaptive Cards container styles (schema enum values). */
export type ContainerStyle = 'default' | 'emphasis' | 'accent' | 'good' | 'warning' | 'attention';

/**
 * How a request's status looks in the card header, so the state is obvious at a glance: amber
 * while it waits for a second person, blue while it runs, green or red once it ended, grey when
 * it was stopped. Plain Unicode symbols, no images: they render in every Teams client.
 */
export const STATUS_STYLES: Readonly<
  Record<RequestCardView['status'], { readonly icon: string; readonly style: ContainerStyle }>
> = {
  opened: { icon: '⏳', style: 'warning' },
  approved: { icon: '✅', style: 'accent' },
  running: { icon: '🔄', style: 'accent' },
  completed: { icon: '✅', style: 'good' },
  'completed-with-failures': { icon: '❌', style: 'attention' },
  rejected: { icon: '⛔', style: 'emphasis' },
  cancelled: { icon: '✖', style: 'emphasis' },
  expired: { icon: '⌛', style: 'emphasis' },
};

/** How one step's (or device's) state reads: a symbol, a word and its colour. */
export const STEP_STATE_STYLES: Readonly<
  Record<StepStateView, { readonly icon: string; readonly word: string; readonly color: TextColor }>
> = {
  pending: { icon: '•', word: 'Pending', color: 'Default' },
  running: { icon: '⏳', word: 'Running', color: 'Accent' },
  done: { icon: '✅', word: 'Done', color: 'Good' },
  skipped: { icon: '⏭', word: 'Skipped', color: 'Warning' },
  failed: { icon: '❌', word: 'Failed', color: 'Attention' },
};

/** The legend under a compact progress list. */
export const STEP_STATE_KEY = (['done', 'running', 'skipped', 'failed', 'pending'] as const)
  .map((state) => `${STEP_STATE_STYLES[state].icon} ${state}`)
  .join('  ');
