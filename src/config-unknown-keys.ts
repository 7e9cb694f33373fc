/**
 * Finds variables that look like Lockdown settings but are not: a typo such as `BOT_TYPES` would
 * otherwise be ignored silently, and the Bot Framework SDK treats a missing `BOT_TYPE` as
 * MultiTenant.
 */
export interface UnknownKey {
  readonly name: string;
  readonly suggestion?: string;
}

/** Every `BOT_*` variable must be known: a typo there weakens authentication. */
const STRICT_PREFIXES = ['BOT_'];
/** Other namespaces Lockdown reads from; only these are checked for near-miss typos. */
const LOCKDOWN_PREFIXES = [
  'ALLOW',
  'APPROVAL_',
  'APPROVER_',
  'AUTO_REVOKE',
  'AZURE_CLIENT',
  'AZURE_TENANT',
  'CALLERID',
  'DATA_DIR',
  'GRAPH_',
  'HOST',
  'LOG_',
  'OAUTH',
  'PIPELINE',
  'PORT',
  'PROTECTED',
  'PUBLIC_BASE',
  'REQUESTER',
  'SECURITY_CHANNEL',
  'STORE',
  'TEAMS_SERVICE',
  'TOBOT',
  'TOCHANNEL',
  'WATCH_',
];
/** Names the Agents Toolkit and App Service put in the environment; they are not settings. */
const TOOLKIT_NAMES = new Set([
  'BOT_ENDPOINT',
  'BOT_DOMAIN',
  'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
  'BOT_DISPLAY_NAME',
]);

export function findUnknownKeys(names: readonly string[], known: readonly string[]): UnknownKey[] {
  const knownSet = new Set(known);
  const unknown: UnknownKey[] = [];
  for (const name of names) {
    if (knownSet.has(name) || TOOLKIT_NAMES.has(name)) continue;
    const upper = name.toUpperCase();
    const strict = STRICT_PREFIXES.some((prefix) => upper.startsWith(prefix));
    if (!strict && !LOCKDOWN_PREFIXES.some((prefix) => upper.startsWith(prefix))) continue;
    const suggestion = closest(name, known);
    if (strict || suggestion !== undefined) unknown.push({ name, suggestion });
  }
  return unknown;
}

/** The known name within two edits (case-insensitive), if there is exactly one best. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = levenshtein(name.toUpperCase(), candidate.toUpperCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
