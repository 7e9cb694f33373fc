/** The Bot Framework endpoint overrides (threat-model.md C.1): all seven together or none. */
export const BOT_ENDPOINT_OVERRIDE_KEYS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'OAuthUrl',
  'CallerId',
] as const;
export type BotEndpointOverrides = Readonly<
  Record<(typeof BOT_ENDPOINT_OVERRIDE_KEYS)[number], string>
>;

export const BOT_TYPES = ['UserAssignedMsi', 'SingleTenant', 'MultiTenant'] as const;

interface BotRaw extends Partial<Record<(typeof BOT_ENDPOINT_OVERRIDE_KEYS)[number], string>> {
  readonly HOST: string;
  readonly BOT_ID?: string;
  readonly BOT_TYPE?: (typeof BOT_TYPES)[number];
  readonly BOT_TENANT_ID?: string;
  readonly BOT_PASSWORD?: string;
  readonly ALLOWED_TENANT_IDS?: readonly string[];
}

/**
 * The bot's identity and who may talk to it: an empty BOT_ID turns authentication off, which is
 * allowed on loopback only, and the SDK silently assumes MultiTenant for a missing BOT_TYPE.
 */
export function botProblems(raw: BotRaw, loopback: boolean): string[] {
  const problems: string[] = [];
  if (!raw.BOT_ID) {
    if (!loopback) {
      problems.push(
        `BOT_ID: is empty, which turns Bot Framework authentication off; that is allowed only when HOST is a loopback address (HOST is "${raw.HOST}")`,
      );
    }
    if (raw.BOT_PASSWORD) problems.push('BOT_PASSWORD: is set but BOT_ID is empty');
  } else {
    problems.push(...botIdentityProblems(raw, loopback));
  }
  if (!(raw.ALLOWED_TENANT_IDS?.length || raw.BOT_TENANT_ID)) {
    problems.push(
      'ALLOWED_TENANT_IDS: is required (or BOT_TENANT_ID): Lockdown accepts activities only from listed tenants',
    );
  }
  const overrides = BOT_ENDPOINT_OVERRIDE_KEYS.filter((key) => raw[key] !== undefined);
  if (overrides.length > 0 && overrides.length < BOT_ENDPOINT_OVERRIDE_KEYS.length) {
    const missing = BOT_ENDPOINT_OVERRIDE_KEYS.filter((key) => raw[key] === undefined);
    problems.push(
      `${missing.join(', ')}: must be set together with ${overrides.join(', ')}; the SDK leaves the unset ones undefined and then rejects every token (set all seven or none)`,
    );
  }
  return problems;
}

function botIdentityProblems(raw: BotRaw, loopback: boolean): string[] {
  const problems: string[] = [];
  if (!raw.BOT_TYPE) {
    problems.push(
      'BOT_TYPE: is required when BOT_ID is set (UserAssignedMsi or SingleTenant); the SDK would silently assume MultiTenant',
    );
    return problems;
  }
  if (raw.BOT_TYPE === 'MultiTenant' && !loopback) {
    problems.push(
      'BOT_TYPE: MultiTenant is for local development only; use SingleTenant or UserAssignedMsi',
    );
  }
  if (raw.BOT_TYPE !== 'MultiTenant' && !raw.BOT_TENANT_ID) {
    problems.push(`BOT_TENANT_ID: is required when BOT_TYPE is ${raw.BOT_TYPE}`);
  }
  if (raw.BOT_TYPE === 'UserAssignedMsi' && raw.BOT_PASSWORD) {
    problems.push(
      'BOT_PASSWORD: must be empty when BOT_TYPE is UserAssignedMsi (the managed identity has no secret)',
    );
  }
  if (raw.BOT_TYPE !== 'UserAssignedMsi' && !raw.BOT_PASSWORD) {
    problems.push(`BOT_PASSWORD: is required when BOT_TYPE is ${raw.BOT_TYPE}`);
  }
  return problems;
}

/** The overrides when all seven are set; null otherwise (the problems above say why). */
export function botEndpointOverrides(raw: BotRaw): BotEndpointOverrides | null {
  return BOT_ENDPOINT_OVERRIDE_KEYS.every((key) => raw[key] !== undefined)
    ? (Object.fromEntries(
        BOT_ENDPOINT_OVERRIDE_KEYS.map((key) => [key, raw[key]!]),
      ) as BotEndpointOverrides)
    : null;
}
