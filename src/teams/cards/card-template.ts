import {
  describeValue,
  evaluateCondition,
  parseExpression,
  resolvePath,
  type TemplateExpression,
  type TemplateScope,
} from './template-expression';

/**
 * Expands an Adaptive Card template with data: a strict subset of the official Adaptive Card
 * Templating language (npm `adaptivecards-templating`), so Lockdown's `*.card.json` files open
 * unchanged in Microsoft's designer, without that package's weight (it pulls in the whole
 * Adaptive Expressions runtime, too much for Lockdown's idle-memory budget).
 *
 * Grammar (whitespace is allowed around every token inside `${...}`):
 *
 *     string     := { text | "${" binding "}" }      a binding in any string value
 *     binding    := path
 *     $data      := "${" path "}"                     the whole string, nothing around it
 *     $when      := "${" condition "}"                the whole string, nothing around it
 *     condition  := path | "!" path | path "==" literal | path "!=" literal
 *     literal    := "'" { any character but "'" } "'"
 *     path       := head { "." name }
 *     head       := "$root" | "$data" | "$index" | name
 *     name       := [A-Za-z_][A-Za-z0-9_]*
 *
 * Semantics, the same as the official engine's wherever this engine returns a card:
 * - A bare name reads the current `$data` (the top-level data until a `$data` rebinds it);
 *   `$root` is always the top-level data; `$index` is the position inside the innermost repeated
 *   `$data` and has no fields.
 * - A string that is exactly one `${path}` takes the value with its type (array, object, number,
 *   boolean), copied; otherwise every binding must be a string, number or boolean and the result
 *   is a string. Values are inserted verbatim and never expanded again, so data that contains
 *   `${...}` stays literal text. Nothing is escaped: text from people must be bound only into a
 *   TextRun or an input's value, never into a TextBlock, a FactSet or a choice title (Teams reads
 *   those as markdown, so a reason like `[click](https://evil)` would become a link).
 * - `$data` on an object binds its scope. On an element of an array, an array `$data` repeats the
 *   element once per item (none for an empty array); elsewhere it must not be an array.
 * - `$when` is allowed only on array elements (the official engine leaves `null` behind a false
 *   `$when` anywhere else). It is evaluated per repeated item; false removes the element. A path
 *   must hold a boolean (the official engine treats any non-boolean as false) and `==` / `!=`
 *   compare a string field with a literal.
 * - `null` elements of arrays are dropped, as the official engine does; an array element that
 *   expands to an array is refused (the official engine would flatten it).
 *
 * Everything else (functions, operators, `[index]` access, a missing field, `null` or
 * `undefined` bound into a card) throws an Error naming the place in the template, at render
 * time. The template and the data are never mutated.
 */
export function expandTemplate(template: unknown, data: unknown): unknown {
  return expandValue(template, { root: data, data, index: undefined }, '$');
}

type Part = string | TemplateExpression;

function expandValue(node: unknown, scope: TemplateScope, where: string): unknown {
  if (typeof node === 'string') return expandString(node, scope, where);
  if (Array.isArray(node)) return expandArray(node, scope, where);
  if (isPlainObject(node)) {
    if ('$when' in node) fail(where, '$when is supported only on elements of an array');
    if (!('$data' in node)) return expandFields(node, scope, where);
    const data = bindData(node['$data'], scope, `${where}.$data`);
    if (Array.isArray(data)) fail(where, 'an array $data repeats only elements of an array');
    return expandFields(node, { ...scope, data }, where);
  }
  if (node === null || typeof node === 'boolean') return node;
  if (typeof node === 'number' && Number.isFinite(node)) return node;
  return fail(where, `unsupported template value: ${describeValue(node)}`);
}

function expandArray(items: readonly unknown[], scope: TemplateScope, where: string): unknown[] {
  const result: unknown[] = [];
  items.forEach((item, i) => {
    const at = `${where}[${i}]`;
    if (isPlainObject(item) && ('$data' in item || '$when' in item)) {
      result.push(...expandElement(item, scope, at));
      return;
    }
    const value = expandValue(item, scope, at);
    if (Array.isArray(value)) fail(at, 'an array inside an array is not supported');
    if (value !== null) result.push(value);
  });
  return result;
}

/** An array element with `$data` and/or `$when`: zero, one or many copies of it. */
function expandElement(
  item: Record<string, unknown>,
  scope: TemplateScope,
  where: string,
): unknown[] {
  let scopes: TemplateScope[] = [scope];
  if ('$data' in item) {
    const data = bindData(item['$data'], scope, `${where}.$data`);
    scopes = Array.isArray(data)
      ? data.map((each, index) => ({ root: scope.root, data: each, index }))
      : [{ ...scope, data }];
  }
  const when = '$when' in item ? directive(item['$when'], true, `${where}.$when`) : undefined;
  return scopes
    .filter(
      (each, i) =>
        when === undefined || attempt(`${where}.$when[${i}]`, () => evaluateCondition(when, each)),
    )
    .map((each) => expandFields(item, each, where));
}

function expandFields(
  node: Record<string, unknown>,
  scope: TemplateScope,
  where: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$data' || key === '$when') continue;
    if (key === '$root' || key === '$index' || key === '__proto__') {
      fail(where, `"${key}" is reserved and cannot be a property`);
    }
    result[key] = expandValue(value, scope, `${where}.${key}`);
  }
  return result;
}

function bindData(value: unknown, scope: TemplateScope, where: string): unknown {
  const expression = directive(value, false, where);
  return attempt(where, () =>
    present(resolvePath(expression.path, scope, expression.source), expression),
  );
}

/** `$data` and `$when` hold exactly one `${...}` and nothing else. */
function directive(value: unknown, allowCondition: boolean, where: string): TemplateExpression {
  const parts =
    typeof value === 'string' ? attempt(where, () => parseString(value, allowCondition)) : [];
  const [only] = parts;
  if (parts.length !== 1 || only === undefined || typeof only === 'string') {
    return fail(where, 'must be a string holding exactly one ${...} expression');
  }
  return only;
}

function expandString(text: string, scope: TemplateScope, where: string): unknown {
  return attempt(where, () => {
    const parts = parseString(text, false);
    const [only] = parts;
    if (parts.length === 1 && only !== undefined && typeof only !== 'string') {
      return copyJson(present(resolvePath(only.path, scope, only.source), only), only.source);
    }
    return parts.map((part) => (typeof part === 'string' ? part : inline(part, scope))).join('');
  });
}

function inline(expression: TemplateExpression, scope: TemplateScope): string {
  const value = present(resolvePath(expression.path, scope, expression.source), expression);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Error(`${expression.source} is ${describeValue(value)}, which cannot go inside text`);
}

/** Splits a string into literal text and `${...}` expressions (quotes may hold a `}`). */
function parseString(text: string, allowCondition: boolean): Part[] {
  const parts: Part[] = [];
  let rest = text;
  for (let start = rest.indexOf('${'); start >= 0; start = rest.indexOf('${')) {
    if (start > 0) parts.push(rest.slice(0, start));
    let end = start + 2;
    for (let quoted = false; end < rest.length && (quoted || rest[end] !== '}'); end++) {
      if (rest[end] === "'") quoted = !quoted;
    }
    if (end >= rest.length) throw new Error(`unterminated \${ in "${text}"`);
    parts.push(parseExpression(rest.slice(start + 2, end), allowCondition));
    rest = rest.slice(end + 1);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

function present(value: unknown, expression: TemplateExpression): unknown {
  if (value === undefined || value === null) {
    throw new Error(`${expression.source} is ${value === null ? 'null' : 'undefined'}`);
  }
  return value;
}

/** A bound value goes into the card as a copy, and only if it is plain JSON. */
function copyJson(value: unknown, source: string): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item) => copyJson(item, source));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') throw new Error(`${source} holds a "__proto__" key`);
      copy[key] = copyJson(item, source);
    }
    return copy;
  }
  throw new Error(`${source} holds ${describeValue(value)}, which is not JSON`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function attempt<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Card template ')) throw error;
    return fail(where, error instanceof Error ? error.message : String(error));
  }
}

function fail(where: string, problem: string): never {
  throw new Error(`Card template error at ${where}: ${problem}`);
}
