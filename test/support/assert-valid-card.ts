import type * as AdaptiveCards from 'adaptivecards';
import { isDeepStrictEqual } from 'node:util';
import { VERBS } from '../../src/teams/cards/verbs';

// The package's `lib/` entry is ES modules without file extensions, which Node cannot load;
// its UMD bundle is the same code. Types come from the package's own declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/** Teams refuses a bot message larger than about 28 KB. */
export const TEAMS_CARD_LIMIT_BYTES = 28 * 1024;
const MAX_REFRESH_USERS = 60;
const KNOWN_VERBS: ReadonlySet<string> = new Set(Object.values(VERBS));
const FORBIDDEN_ACTIONS = new Set(['Action.Submit', 'Action.OpenUrl']);
/** Zero-width space, word joiner, byte-order mark: invisible, and copied along with the text. */
const INVISIBLE = /[\u200B\u2060\uFEFF]/u;

/**
 * Fails unless `card` is an Adaptive Card that the reference implementation (npm
 * `adaptivecards`) parses without a single event and validates cleanly, and that also keeps the
 * rules the schema cannot express:
 * - version "1.5" (the highest Teams renders, and the one Universal Actions need);
 * - every Action.Execute (buttons and the refresh) has a non-empty title and a verb from VERBS,
 *   and its data is exactly `{ token }` (a non-empty string, equal to `token` when given), or
 *   `{}` for the request form's submit: nothing identifying anyone (threat model T7, T8);
 * - no Action.Submit or Action.OpenUrl anywhere (decisions are Universal Actions only, T14);
 * - `refresh.userIds` has at most 60 entries and `refresh.action` uses the refresh verb;
 * - every TextBlock wraps (Teams otherwise cuts text at the card's edge);
 * - every RichTextBlock inline is a TextRun object (the form the schema documents), not a string;
 * - no text shown holds a zero-width space, word joiner or byte-order mark: people copy UPNs and
 *   domains from cards, and a copy must be what they see (an input's value is exempt: it holds
 *   what was typed);
 * - its JSON is at most 28 KB (Teams' message size limit).
 */
export function assertValidTeamsCard(
  card: unknown,
  options: { readonly token?: string } = {},
): void {
  const problems = [...referenceProblems(card), ...teamsProblems(card, options.token)];
  if (problems.length > 0) {
    throw new Error(`Invalid Teams card:\n- ${problems.join('\n- ')}`);
  }
}

function referenceProblems(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    problems.push(`adaptivecards parse: ${context.getEventAt(i).message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`adaptivecards validation: ${event.message}`);
  }
  return problems;
}

function teamsProblems(card: unknown, token: string | undefined): string[] {
  const problems: string[] = [];
  const root = card as Record<string, unknown> | null;
  if (typeof root !== 'object' || root === null) return ['the card is not an object'];
  if (root['type'] !== 'AdaptiveCard') problems.push('type is not "AdaptiveCard"');
  if (root['version'] !== '1.5') problems.push(`version is ${String(root['version'])}, not "1.5"`);
  const size = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (size > TEAMS_CARD_LIMIT_BYTES) problems.push(`${size} bytes, over ${TEAMS_CARD_LIMIT_BYTES}`);
  const refresh = root['refresh'] as Record<string, unknown> | undefined;
  if (refresh !== undefined) {
    const userIds = refresh['userIds'];
    if (!Array.isArray(userIds) || userIds.length > MAX_REFRESH_USERS) {
      problems.push(`refresh.userIds must be an array of at most ${MAX_REFRESH_USERS} ids`);
    }
    if ((refresh['action'] as Record<string, unknown> | undefined)?.['verb'] !== VERBS.refresh) {
      problems.push('refresh.action must use VERBS.refresh');
    }
  }
  walk(card, '$', (node, where) => problems.push(...nodeProblems(node, where, token)));
  return problems;
}

function nodeProblems(node: Record<string, unknown>, where: string, token?: string): string[] {
  const type = node['type'];
  if (typeof type === 'string' && FORBIDDEN_ACTIONS.has(type))
    return [`${where}: ${type} is not allowed`];
  if (type === 'TextBlock' && node['wrap'] !== true)
    return [`${where}: TextBlock without wrap: true`];
  const hidden = invisibleProblems(node, where);
  if (hidden.length > 0) return hidden;
  if (type === 'RichTextBlock') return inlineProblems(node['inlines'], where);
  if (type !== 'Action.Execute') return [];
  const problems: string[] = [];
  const { title, verb, data } = node;
  if (typeof title !== 'string' || title.trim() === '') problems.push(`${where}: no title`);
  if (typeof verb !== 'string' || !KNOWN_VERBS.has(verb)) {
    problems.push(`${where}: verb ${String(verb)} is not in VERBS`);
  }
  if (verb === VERBS.submitRequest) {
    if (!isDeepStrictEqual(data, {})) problems.push(`${where}: the form submit's data must be {}`);
  } else if (!isTokenOnly(data, token)) {
    problems.push(`${where}: data must be exactly { token }, got ${JSON.stringify(data)}`);
  }
  return problems;
}

function invisibleProblems(node: Record<string, unknown>, where: string): string[] {
  const typed = typeof node['type'] === 'string' && node['type'].startsWith('Input.');
  return Object.entries(node)
    .filter(([key, value]) => typeof value === 'string' && !(typed && key === 'value'))
    .filter(([, value]) => INVISIBLE.test(value as string))
    .map(([key]) => `${where}.${key}: holds an invisible character (U+200B, U+2060 or U+FEFF)`);
}

function inlineProblems(inlines: unknown, where: string): string[] {
  if (!Array.isArray(inlines)) return [`${where}: RichTextBlock without inlines`];
  return inlines.flatMap((inline: unknown, i) => {
    const run = inline as Record<string, unknown> | null;
    const isRun = typeof run === 'object' && run !== null && run['type'] === 'TextRun';
    return isRun ? [] : [`${where}.inlines[${i}]: not a TextRun object`];
  });
}

function isTokenOnly(data: unknown, token: string | undefined): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  const value = (data as Record<string, unknown>)['token'];
  if (keys.length !== 1 || keys[0] !== 'token' || typeof value !== 'string' || value === '') {
    return false;
  }
  return token === undefined || value === token;
}

function walk(
  node: unknown,
  where: string,
  visit: (node: Record<string, unknown>, where: string) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${where}[${i}]`, visit));
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Record<string, unknown>, where);
    for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`, visit);
  }
}
