import path from 'node:path';
import { z } from 'zod';
import {
  boolean,
  channelId,
  guid,
  guidList,
  integer,
  isLoopbackHost,
  oneOf,
  stepList,
  url,
  userRefList,
} from './config-fields';
import { findUnknownKeys } from './config-unknown-keys';
import {
  AUTO_REVOKE_CAPABLE_STEPS,
  CONFIGURABLE_STEPS,
  DEFAULT_AUTO_REVOKE_STEPS,
  DEFAULT_PIPELINE_STEPS,
  type AutoRevokeStep,
  type ConfigurableStep,
} from './domain/revocation/step-id';
import { type ObjectId, type UserRef } from './domain/user-ref';
import { type LogLevel } from './ports/logger';

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
export const WATCH_MODES = ['auto', 'webhook', 'delta', 'off'] as const;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** Where Teams' Bot Connector lives in the public, GCC, GCC High and DoD clouds. */
const TEAMS_SERVICE_HOSTS = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

export type GraphCredentialConfig =
  | { readonly kind: 'managed-identity'; readonly clientId: string | null }
  | {
      readonly kind: 'client-secret';
      readonly tenantId: string;
      readonly clientId: string;
      readonly secret: string;
    }
  | {
      readonly kind: 'client-certificate';
      readonly tenantId: string;
      readonly clientId: string;
      readonly certificatePath: string;
    };

export interface Config {
  readonly server: { readonly port: number; readonly host: string; readonly isLoopback: boolean };
  readonly bot: {
    /** Empty only in anonymous mode, which is allowed on a loopback HOST alone. */
    readonly appId: string;
    readonly type: (typeof BOT_TYPES)[number] | null;
    readonly tenantId: string | null;
    readonly password: string | null;
    readonly anonymous: boolean;
    readonly endpointOverrides: BotEndpointOverrides | null;
  };
  readonly tenants: { readonly allowed: readonly string[] };
  readonly graph: { readonly endpoint: string; readonly credential: GraphCredentialConfig };
  readonly approval: {
    readonly approverGroupId: ObjectId;
    readonly requesterGroupId: ObjectId;
    readonly ttlMinutes: number;
    readonly protectedUsers: readonly UserRef[];
    readonly allowPrivilegedTargets: boolean;
  };
  readonly teams: {
    readonly securityChannelId: string;
    readonly serviceUrl: string;
    readonly allowedServiceUrlHosts: readonly string[];
  };
  readonly pipeline: { readonly steps: readonly ConfigurableStep[] };
  readonly watcher: {
    readonly mode: (typeof WATCH_MODES)[number];
    readonly webhooks: boolean;
    readonly intervalSeconds: number;
    readonly publicBaseUrl: string | null;
    readonly notificationSecret: string | null;
    readonly autoRevokeSteps: readonly AutoRevokeStep[];
    readonly autoRevokeMaxPerHour: number;
  };
  readonly store: { readonly dataDir: string };
  readonly log: { readonly level: LogLevel };
}

/** Every problem with the environment, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Lockdown's configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

const optional = <T extends z.ZodTypeAny>(schema: T) => schema.optional();

const schema = z.object({
  PORT: integer(0, 65535).default('3978'),
  HOST: z.string().default('0.0.0.0'),
  BOT_ID: optional(guid()),
  BOT_TYPE: optional(oneOf(BOT_TYPES)),
  BOT_TENANT_ID: optional(guid()),
  BOT_PASSWORD: optional(z.string()),
  ALLOWED_TENANT_IDS: optional(guidList()),
  GRAPH_ENDPOINT: url().default('https://graph.microsoft.com'),
  AZURE_CLIENT_ID: optional(guid()),
  AZURE_TENANT_ID: optional(guid()),
  AZURE_CLIENT_SECRET: optional(z.string()),
  AZURE_CLIENT_CERTIFICATE_PATH: optional(z.string()),
  APPROVER_GROUP_ID: guid(),
  REQUESTER_GROUP_ID: optional(guid()),
  SECURITY_CHANNEL_ID: channelId(),
  TEAMS_SERVICE_URL: url({ allowPath: true }).default('https://smba.trafficmanager.net/teams/'),
  PROTECTED_USERS: userRefList().default(''),
  ALLOW_PRIVILEGED_TARGETS: boolean().default('false'),
  APPROVAL_TTL_MINUTES: integer(1, 24 * 60).default('30'),
  PIPELINE_STEPS: optional(stepList(CONFIGURABLE_STEPS, ['snapshot', 'verify'])),
  AUTO_REVOKE_STEPS: optional(stepList(AUTO_REVOKE_CAPABLE_STEPS)),
  AUTO_REVOKE_MAX_PER_HOUR: integer(1, 10_000).default('20'),
  WATCH_MODE: oneOf(WATCH_MODES).default('auto'),
  WATCH_INTERVAL_SECONDS: optional(integer(1, 24 * 3600)),
  PUBLIC_BASE_URL: optional(url({ allowPath: true })),
  GRAPH_NOTIFICATION_SECRET: optional(
    z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(128, 'must be at most 128 characters (a Graph limit)'),
  ),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  ...Object.fromEntries(BOT_ENDPOINT_OVERRIDE_KEYS.map((key) => [key, optional(z.string())])),
});

type Raw = z.infer<typeof schema> &
  Partial<Record<(typeof BOT_ENDPOINT_OVERRIDE_KEYS)[number], string>>;

export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

/**
 * Reads and validates the whole environment at once. Throws `ConfigError` listing every problem.
 * Empty values count as unset, as the Agents Toolkit's env files leave blanks for secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const problems = findUnknownKeys(Object.keys(present), CONFIG_KEYS).map(({ name, suggestion }) =>
    suggestion
      ? `${name}: unknown setting; did you mean ${suggestion}?`
      : `${name}: unknown setting`,
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${describe(issue)}`),
    );
    throw new ConfigError(problems);
  }
  const raw = parsed.data as Raw;
  problems.push(...crossFieldProblems(raw));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(assemble(raw));
}

export interface StorageConfig {
  readonly dataDir: string;
}

/**
 * Only where the store lives, for operator tools (`npm run audit`) that must work without the
 * bot's whole configuration.
 */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const dataDir = env.DATA_DIR?.trim() ? env.DATA_DIR : './data';
  return Object.freeze({ dataDir: path.resolve(dataDir) });
}

function describe(issue: z.ZodIssue): string {
  return issue.code === 'invalid_type' && issue.received === 'undefined'
    ? 'is required'
    : issue.message;
}

function crossFieldProblems(raw: Raw): string[] {
  const problems: string[] = [];
  const loopback = isLoopbackHost(raw.HOST);
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
  problems.push(...graphCredentialProblems(raw), ...watcherProblems(raw));
  return problems;
}

function botIdentityProblems(raw: Raw, loopback: boolean): string[] {
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

function graphCredentialProblems(raw: Raw): string[] {
  const problems: string[] = [];
  if (raw.AZURE_CLIENT_SECRET && raw.AZURE_CLIENT_CERTIFICATE_PATH) {
    problems.push(
      'AZURE_CLIENT_SECRET: set only one of AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH',
    );
  }
  if (raw.AZURE_CLIENT_SECRET || raw.AZURE_CLIENT_CERTIFICATE_PATH) {
    if (!raw.AZURE_CLIENT_ID)
      problems.push('AZURE_CLIENT_ID: is required with a client secret or certificate');
    if (!raw.AZURE_TENANT_ID)
      problems.push('AZURE_TENANT_ID: is required with a client secret or certificate');
  }
  return problems;
}

function watcherProblems(raw: Raw): string[] {
  const problems: string[] = [];
  const webhooks = usesWebhooks(raw);
  if (raw.WATCH_MODE === 'webhook' && !raw.PUBLIC_BASE_URL) {
    problems.push(
      'PUBLIC_BASE_URL: is required when WATCH_MODE is webhook (Graph must reach /api/graph/notifications)',
    );
  }
  if (webhooks && !raw.GRAPH_NOTIFICATION_SECRET) {
    problems.push(
      'GRAPH_NOTIFICATION_SECRET: is required when change notifications are used (PUBLIC_BASE_URL is set)',
    );
  }
  return problems;
}

const usesWebhooks = (raw: Raw): boolean =>
  raw.WATCH_MODE === 'webhook' || (raw.WATCH_MODE === 'auto' && raw.PUBLIC_BASE_URL !== undefined);

function assemble(raw: Raw): Config {
  const webhooks = usesWebhooks(raw);
  const overrides = BOT_ENDPOINT_OVERRIDE_KEYS.every((key) => raw[key] !== undefined)
    ? (Object.fromEntries(
        BOT_ENDPOINT_OVERRIDE_KEYS.map((key) => [key, raw[key]!]),
      ) as BotEndpointOverrides)
    : null;
  const serviceUrl = raw.TEAMS_SERVICE_URL;
  return {
    server: { port: raw.PORT, host: raw.HOST, isLoopback: isLoopbackHost(raw.HOST) },
    bot: {
      appId: raw.BOT_ID ?? '',
      type: raw.BOT_ID ? (raw.BOT_TYPE ?? null) : null,
      tenantId: raw.BOT_TENANT_ID ?? null,
      password: raw.BOT_PASSWORD ?? null,
      anonymous: !raw.BOT_ID,
      endpointOverrides: overrides,
    },
    tenants: {
      allowed: raw.ALLOWED_TENANT_IDS?.length ? raw.ALLOWED_TENANT_IDS : [raw.BOT_TENANT_ID!],
    },
    graph: { endpoint: raw.GRAPH_ENDPOINT.origin, credential: graphCredential(raw) },
    approval: {
      approverGroupId: raw.APPROVER_GROUP_ID,
      requesterGroupId: raw.REQUESTER_GROUP_ID ?? raw.APPROVER_GROUP_ID,
      ttlMinutes: raw.APPROVAL_TTL_MINUTES,
      protectedUsers: raw.PROTECTED_USERS,
      allowPrivilegedTargets: raw.ALLOW_PRIVILEGED_TARGETS,
    },
    teams: {
      securityChannelId: raw.SECURITY_CHANNEL_ID,
      serviceUrl: serviceUrl.href,
      allowedServiceUrlHosts: [
        ...new Set([serviceUrl.hostname.toLowerCase(), ...TEAMS_SERVICE_HOSTS]),
      ],
    },
    pipeline: { steps: raw.PIPELINE_STEPS ?? DEFAULT_PIPELINE_STEPS },
    watcher: {
      mode: raw.WATCH_MODE,
      webhooks,
      intervalSeconds: raw.WATCH_INTERVAL_SECONDS ?? (webhooks ? 900 : 60),
      publicBaseUrl: raw.PUBLIC_BASE_URL?.href.replace(/\/$/, '') ?? null,
      notificationSecret: raw.GRAPH_NOTIFICATION_SECRET ?? null,
      autoRevokeSteps: raw.AUTO_REVOKE_STEPS ?? DEFAULT_AUTO_REVOKE_STEPS,
      autoRevokeMaxPerHour: raw.AUTO_REVOKE_MAX_PER_HOUR,
    },
    store: { dataDir: path.resolve(raw.DATA_DIR) },
    log: { level: raw.LOG_LEVEL },
  };
}

function graphCredential(raw: Raw): GraphCredentialConfig {
  if (raw.AZURE_CLIENT_SECRET) {
    return {
      kind: 'client-secret',
      tenantId: raw.AZURE_TENANT_ID!,
      clientId: raw.AZURE_CLIENT_ID!,
      secret: raw.AZURE_CLIENT_SECRET,
    };
  }
  if (raw.AZURE_CLIENT_CERTIFICATE_PATH) {
    return {
      kind: 'client-certificate',
      tenantId: raw.AZURE_TENANT_ID!,
      clientId: raw.AZURE_CLIENT_ID!,
      certificatePath: path.resolve(raw.AZURE_CLIENT_CERTIFICATE_PATH),
    };
  }
  return { kind: 'managed-identity', clientId: raw.AZURE_CLIENT_ID ?? null };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
