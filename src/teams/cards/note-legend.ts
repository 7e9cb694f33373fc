import { type TextColor } from './card-styles';

const STRENGTH: Readonly<Record<TextColor, number>> = {
  Default: 0,
  Accent: 1,
  Good: 1,
  Warning: 2,
  Attention: 3,
};

export interface LegendEntry {
  readonly number: number;
  readonly text: string;
  readonly color: TextColor;
  /** How many places refer to it. */
  readonly count: number;
}

/**
 * Numbered footnotes for a compact card: a sentence repeated for many targets (a guest warning,
 * "needs on-premises action", the same Graph failure) is written once and referred to by its
 * number, which keeps a 50-target card inside Teams' message size limit. At most `maxNotes`
 * distinct sentences are kept; the rest are counted as omitted, never silently lost.
 */
export class NoteLegend {
  private readonly notes = new Map<string, { number: number; color: TextColor; count: number }>();
  private readonly dropped = new Set<string>();

  constructor(private readonly maxNotes: number) {}

  /** The note's number, or undefined when there was no room left for another sentence. */
  add(text: string, color: TextColor): number | undefined {
    const note = this.notes.get(text);
    if (note) {
      note.count += 1;
      if (STRENGTH[color] > STRENGTH[note.color]) note.color = color;
      return note.number;
    }
    if (this.notes.size >= this.maxNotes) {
      this.dropped.add(text);
      return undefined;
    }
    const number = this.notes.size + 1;
    this.notes.set(text, { number, color, count: 1 });
    return number;
  }

  entries(): LegendEntry[] {
    return [...this.notes].map(([text, note]) => ({ text, ...note }));
  }

  /** Distinct sentences left out for lack of room. */
  get omitted(): number {
    return this.dropped.size;
  }
}
