/**
 * Redaction for everything that leaves the process as text (logs, audit details): secrets are
 * removed by key name and by shape, so a careless field cannot leak a token or password.
 */
const SECRET_KEY =
  /token|secret|password|passwd|authorization|clientstate|cookie|assertion|credential|signature/i;
const SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [
    /([?&]\$?(?:skiptoken|deltatoken|validationToken|code|client_secret)=)[^&\s"]+/gi,
    '$1[redacted]',
  ],
  [
    /-----BEGIN [A-Z ]*(PRIVATE|PUBLIC) KEY-----[\s\S]*?-----END [A-Z ]*(PRIVATE|PUBLIC) KEY-----/g,
    '[redacted-key]',
  ],
  [/-----BEGIN [A-Z ]*(PRIVATE|PUBLIC) KEY-----[\s\S]*/g, '[redacted-key]'],
];
const MAX_DEPTH = 6;

export function redactText(text: string): string {
  return SHAPES.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) return redactError(value, depth);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return redact((value as { toJSON(): unknown }).toJSON(), depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && child !== null && child !== undefined
        ? '[redacted]'
        : redact(child, depth + 1);
  }
  return out;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const fields: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) fields.code = code;
  if (error.cause !== undefined) fields.cause = redact(error.cause, depth + 1);
  if (error.stack) fields.stack = redactText(error.stack.split('\n').slice(0, 8).join('\n'));
  return fields;
}
