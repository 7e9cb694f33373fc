/**
 * Just enough reading of Bicep text for tests of infra/*.bicep, where no Bicep compiler can be
 * installed: parameters with their decorators, outputs, and the top-level entries of an object.
 * It relies on the house layout (one declaration per line, `{` at the end of a header line).
 */

export interface BicepParam {
  readonly name: string;
  readonly type: string;
  readonly hasDefault: boolean;
  readonly decorators: readonly string[];
}

export function bicepParams(text: string): BicepParam[] {
  const params: BicepParam[] = [];
  let decorators: string[] = [];
  for (const line of text.split('\n')) {
    const decorator = /^@(\w+)\(/.exec(line);
    if (decorator) {
      decorators.push(decorator[1]!);
      continue;
    }
    const param = /^param (\w+) (\w+)( = .+)?$/.exec(line.trim());
    if (param) {
      params.push({
        name: param[1]!,
        type: param[2]!,
        hasDefault: param[3] !== undefined,
        decorators,
      });
    }
    if (!/^\s*(\/\/.*)?$/.test(line)) decorators = [];
  }
  return params;
}

export function bicepOutputs(text: string): string[] {
  return [...text.matchAll(/^output (\w+) \w+ = /gm)].map((m) => m[1]!);
}

/** The text between the braces of the first `{` after `header` and its matching `}`. */
export function blockAfter(text: string, header: string): string {
  const start = text.indexOf(header);
  if (start < 0) throw new Error(`no "${header}" in the Bicep text`);
  const open = text.indexOf('{', start);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced braces after "${header}"`);
}

/** `key: value` lines at the top level of an object's inner text; comments are skipped. */
export function topLevelEntries(inner: string): Map<string, string> {
  const entries = new Map<string, string>();
  let depth = 0;
  for (const raw of inner.split('\n')) {
    const line = raw.replace(/^\s*\/\/.*$/, '');
    const entry = /^\s*'?([\w$]+)'?\s*:\s*(.*)$/.exec(line);
    if (depth === 0 && entry) entries.set(entry[1]!, entry[2]!.trim());
    for (const char of line) {
      if (char === '{' || char === '[') depth++;
      if (char === '}' || char === ']') depth--;
    }
  }
  return entries;
}
