import fs from 'node:fs';

/**
 * Reads a Microsoft 365 Agents Toolkit environment file (`env/.env.<name>`): `KEY=value` lines,
 * `#` comments, optional quotes. Only what those files contain; no interpolation.
 */
export function readEnvFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [index, raw] of fs.readFileSync(file, 'utf8').split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`${file}:${index + 1}: not KEY=value: "${line}"`);
    values[match[1]!] = unquote(match[2]!);
  }
  return values;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}
