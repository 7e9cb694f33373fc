/**
 * How much of a request a card spells out. Teams refuses messages over about 28 KB, and a request
 * may hold 50 targets, each with several steps and devices, so the request card degrades step by
 * step until it fits: first FactSets per target and a row per step (with each device), then
 * three short lines per target with numbered footnotes, then one line per target with symbols
 * only, and as a last resort one row per target without its name. Every target's UPN and object
 * id stay in every layout: the approver approves what the card shows.
 */
export interface RequestCardLayout {
  /**
   * 'detailed': a FactSet per target and a row per step; 'compact': three lines per target;
   * 'dense': one line per target; 'minimal': one FactSet row without name, origin, type or roles.
   */
  readonly targets: 'detailed' | 'compact' | 'dense' | 'minimal';
  /** Compact progress names each step ("✅ Snapshot · ❌ Revoke sessions [2]") or shows symbols. */
  readonly stepTitles: boolean;
  /** Longest display name, in characters (the UPN and object id next to it are never cut). */
  readonly nameLength: number;
  /** Longest step, device or footnote message, in characters. */
  readonly messageLength: number;
  /** Most distinct footnotes (and, separately, warnings) listed under a compact card. */
  readonly maxNotes: number;
}

/** Tried in order; the first that fits the size budget wins. */
export const REQUEST_CARD_LAYOUTS: readonly RequestCardLayout[] = [
  { targets: 'detailed', stepTitles: true, nameLength: 100, messageLength: 300, maxNotes: 0 },
  { targets: 'compact', stepTitles: true, nameLength: 64, messageLength: 300, maxNotes: 30 },
  { targets: 'compact', stepTitles: false, nameLength: 64, messageLength: 200, maxNotes: 20 },
  { targets: 'dense', stepTitles: false, nameLength: 48, messageLength: 150, maxNotes: 12 },
  { targets: 'dense', stepTitles: false, nameLength: 24, messageLength: 100, maxNotes: 8 },
  { targets: 'minimal', stepTitles: false, nameLength: 0, messageLength: 100, maxNotes: 5 },
];

/** More targets than this never get the detailed layout, however small they are. */
export const DETAILED_TARGETS_MAX = 5;
