/** Reading rendered cards in tests: every Action.Execute, every string, every element of a type. */

export type Json = Record<string, unknown>;

export function nodes(card: unknown): Json[] {
  const found: Json[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      found.push(node as Json);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export const ofType = (card: unknown, type: string): Json[] =>
  nodes(card).filter((node) => node['type'] === type);

/** Every Action.Execute, the refresh action included. */
export const executeActions = (card: unknown): Json[] => ofType(card, 'Action.Execute');

/** The visible buttons' titles, in order. */
export function buttonTitles(card: unknown): string[] {
  const actions = ((card as Json)['actions'] as Json[] | undefined) ?? [];
  return actions.map((action) => String(action['title']));
}

export function strings(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') found.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

/** All the card's text, byte for byte as it is sent. */
export const visibleText = (card: unknown): string => strings(card).join('\n');

/** The text of every TextRun: the only place text from people, the directory or Graph may go. */
export const textRuns = (card: unknown): string[] =>
  ofType(card, 'TextRun').map((run) => String(run['text']));

/**
 * Every string that Teams might show or read as markdown and that is not a TextRun's text or an
 * input's value (which holds what was typed): TextBlock text, FactSet titles and values, choice
 * titles, labels, button titles. Untrusted text must never be found here.
 */
export function stringsOutsideTextRuns(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') found.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const element = node as Json;
      const type = String(element['type']);
      for (const [key, value] of Object.entries(element)) {
        const kept = key === 'text' && type === 'TextRun';
        const typed = key === 'value' && type.startsWith('Input.');
        if (!kept && !typed) walk(value);
      }
    }
  };
  walk(card);
  return found;
}

/** TextBlock texts and FactSet titles and values: what Teams renders as markdown. */
export function markdownTexts(card: unknown): string[] {
  const blocks = ofType(card, 'TextBlock').map((block) => String(block['text']));
  const facts = ofType(card, 'FactSet').flatMap((set) =>
    (set['facts'] as Json[]).flatMap((fact) => [String(fact['title']), String(fact['value'])]),
  );
  return [...blocks, ...facts];
}

export const byteSize = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');
