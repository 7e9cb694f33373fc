/**
 * The expression half of Lockdown's card templating (see card-template.ts for the grammar): parses
 * one `${...}` body into a path or a condition and evaluates it against a scope. Deliberately
 * tiny, and with no `eval`: anything outside the grammar is an error, never a guess.
 */

/** What a template expression can see: the top-level data, the current `$data` and `$index`. */
export interface TemplateScope {
  readonly root: unknown;
  readonly data: unknown;
  readonly index: number | undefined;
}

/** A parsed `${...}`: `source` is the original text, for error messages. */
export type TemplateExpression = { readonly path: readonly string[]; readonly source: string } & (
  | { readonly kind: 'path' }
  | { readonly kind: 'not' }
  | { readonly kind: 'compare'; readonly equal: boolean; readonly literal: string }
);

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = `\\$?${NAME}(?:\\.${NAME})*`;
const PATH_ONLY = new RegExp(`^\\s*(${PATH})\\s*$`);
const NEGATED = new RegExp(`^\\s*!\\s*(${PATH})\\s*$`);
const COMPARISON = new RegExp(`^\\s*(${PATH})\\s*(==|!=)\\s*'([^']*)'\\s*$`);
const SCOPE_NAMES = new Set(['$root', '$data', '$index']);

/** Parses the body of `${...}`: a path, or (when conditions are allowed) a `$when` condition. */
export function parseExpression(body: string, allowCondition: boolean): TemplateExpression {
  const source = `\${${body}}`;
  const path = PATH_ONLY.exec(body);
  if (path) return { kind: 'path', path: splitPath(path[1]!, source), source };
  if (allowCondition) {
    const negated = NEGATED.exec(body);
    if (negated) return { kind: 'not', path: splitPath(negated[1]!, source), source };
    const compared = COMPARISON.exec(body);
    if (compared) {
      const [, text, operator, literal] = compared;
      return {
        kind: 'compare',
        path: splitPath(text!, source),
        equal: operator === '==',
        literal: literal!,
        source,
      };
    }
  }
  const expected = allowCondition ? "a path, !path, path == 'text' or path != 'text'" : 'a path';
  throw new Error(`unsupported expression ${source}: expected ${expected}`);
}

function splitPath(text: string, source: string): string[] {
  const parts = text.split('.');
  const head = parts[0]!;
  if (head.startsWith('$') && !SCOPE_NAMES.has(head)) {
    throw new Error(`unknown scope ${head} in ${source}: use $root, $data or $index`);
  }
  if (head === '$index' && parts.length > 1) throw new Error(`$index has no fields (${source})`);
  return parts;
}

/** A path's value; a field that does not exist is an error, not an empty string. */
export function resolvePath(
  path: readonly string[],
  scope: TemplateScope,
  source: string,
): unknown {
  const [head, ...rest] = path;
  let value: unknown;
  if (head === '$index') {
    if (scope.index === undefined) throw new Error(`${source} is used outside a repeated $data`);
    return scope.index;
  }
  if (head === '$root') value = scope.root;
  else if (head === '$data') value = scope.data;
  else value = field(scope.data, head!, source);
  for (const name of rest) value = field(value, name, source);
  return value;
}

/**
 * One field, own properties only (never `constructor` or `__proto__` from a prototype). The
 * official engine matches field names case-insensitively, so a name that is ambiguous by case is
 * refused: a template that expands here expands the same way there.
 */
function field(value: unknown, name: string, source: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${source}: cannot read "${name}" of ${describeValue(value)}`);
  }
  const lower = name.toLowerCase();
  const matches = Object.keys(value).filter((key) => key.toLowerCase() === lower);
  if (matches.length > 1) throw new Error(`${source}: field "${name}" is ambiguous by case`);
  if (matches[0] !== name) throw new Error(`${source}: no field "${name}"`);
  return (value as Record<string, unknown>)[name];
}

/** A `$when` condition's result; only booleans count (the official engine drops anything else). */
export function evaluateCondition(expression: TemplateExpression, scope: TemplateScope): boolean {
  const value = resolvePath(expression.path, scope, expression.source);
  if (expression.kind === 'compare') {
    if (typeof value !== 'string') {
      throw new Error(
        `${expression.source}: == and != compare strings, got ${describeValue(value)}`,
      );
    }
    return (value === expression.literal) === expression.equal;
  }
  if (typeof value !== 'boolean') {
    throw new Error(`${expression.source}: $when needs a boolean, got ${describeValue(value)}`);
  }
  return expression.kind === 'not' ? !value : value;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
