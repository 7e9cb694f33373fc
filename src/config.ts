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

import {
  BOT_ENDPOINT_OVERRIDE_KEYS,
  BOT_TYPES,
  botEndpointOverrides,
  botProblems,
  type BotEndpointOverrides,
} from './config-bot';
import {
  graphCredential,
  graphCredentialProblems,
  type GraphCredentialConfig,
} from './config-graph-credential';
import { STORE_FIELDS, storeConfig, storeProblems, type StoreConfig } from './config-store';
import { usesWebhooks, WATCH_MODES, watcherProblems } from './config-watcher';

export { BOT_ENDPOINT_OVERRIDE_KEYS, BOT_TYPES, WATCH_MODES };
export type { BotEndpointOverrides, GraphCredentialConfig, StoreConfig };
export { STORE_KINDS, type TableAccess } from './config-store';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** Where Teams' Bot Connector lives in the public, GCC, GCC High and DoD clouds. */
const TEAMS_SERVICE_HOSTS = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

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
  readonly store: StoreConfig;
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
  ...STORE_FIELDS,
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
      ...rulesBetweenValidFields(present, parsed.error),
    );
    throw new ConfigError(problems);
  }
  const raw = parsed.data as Raw;
  problems.push(...crossFieldProblems(raw));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(assemble(raw));
}

/**
 * The rules between variables, judged on the variables that did parse (a bad one stands at its
 * default, or unset), so one bad value does not hide every other problem. A rule's message that
 * names a variable that did not parse is dropped: it would judge a value nobody set.
 */
function rulesBetweenValidFields(present: Record<string, unknown>, error: z.ZodError): string[] {
  const bad = new Set(error.issues.map((issue) => String(issue.path[0])));
  const raw: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const value = (field as z.ZodTypeAny).safeParse(bad.has(key) ? undefined : present[key]);
    if (value.success) raw[key] = value.data;
  }
  try {
    return crossFieldProblems(raw as Raw).filter(
      (problem) => ![...bad].some((name) => new RegExp(`\\b${name}\\b`).test(problem)),
    );
  } catch {
    return []; // a rule that needs a required variable that is missing: judged once it is set
  }
}

/** Where the store lives and the identity that reaches it: what operator tools need. */
export interface StorageConfig {
  readonly store: StoreConfig;
  readonly credential: GraphCredentialConfig;
}

const storageSchema = z.object({
  ...STORE_FIELDS,
  AZURE_CLIENT_ID: optional(guid()),
  AZURE_TENANT_ID: optional(guid()),
  AZURE_CLIENT_SECRET: optional(z.string()),
  AZURE_CLIENT_CERTIFICATE_PATH: optional(z.string()),
});

/**
 * Only the store's settings, for operator tools (`npm run audit`) that must work without the
 * bot's whole configuration: the embedded SQLite store in DATA_DIR, or the shared Azure Table
 * Storage store. Other variables are ignored. Throws `ConfigError` listing every problem.
 */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = storageSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${describe(issue)}`),
    );
  }
  const problems = [...storeProblems(parsed.data), ...graphCredentialProblems(parsed.data)];
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({ store: storeConfig(parsed.data), credential: graphCredential(parsed.data) });
}

function describe(issue: z.ZodIssue): string {
  return issue.code === 'invalid_type' && issue.received === 'undefined'
    ? 'is required'
    : issue.message;
}

function crossFieldProblems(raw: Raw): string[] {
  return [
    ...botProblems(raw, isLoopbackHost(raw.HOST)),
    ...graphCredentialProblems(raw),
    ...watcherProblems(raw),
    ...storeProblems(raw),
  ];
}

function assemble(raw: Raw): Config {
  const webhooks = usesWebhooks(raw);
  const serviceUrl = raw.TEAMS_SERVICE_URL;
  return {
    server: { port: raw.PORT, host: raw.HOST, isLoopback: isLoopbackHost(raw.HOST) },
    bot: {
      appId: raw.BOT_ID ?? '',
      type: raw.BOT_ID ? (raw.BOT_TYPE ?? null) : null,
      tenantId: raw.BOT_TENANT_ID ?? null,
      password: raw.BOT_PASSWORD ?? null,
      anonymous: !raw.BOT_ID,
      endpointOverrides: botEndpointOverrides(raw),
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
    store: storeConfig(raw),
    log: { level: raw.LOG_LEVEL },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
