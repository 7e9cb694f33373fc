import { ConfigError, loadConfig, type Config } from '../../src/config';

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The smallest valid production-shaped environment. */
const BASE: Readonly<Record<string, string>> = {
  HOST: '0.0.0.0',
  BOT_ID: GUID(1),
  BOT_TYPE: 'UserAssignedMsi',
  BOT_TENANT_ID: GUID(2),
  APPROVER_GROUP_ID: GUID(3),
  SECURITY_CHANNEL_ID: '19:abc123@thread.tacv2',
};

const OVERRIDES: Readonly<Record<string, string>> = {
  ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  CallerId: 'urn:botframework:azure',
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the SPEC defaults to a minimal environment', () => {
    const config: Config = loadConfig({ ...BASE });
    expect(config.server).toEqual({ port: 3978, host: '0.0.0.0', isLoopback: false });
    expect(config.bot).toMatchObject({
      appId: GUID(1),
      type: 'UserAssignedMsi',
      anonymous: false,
      endpointOverrides: null,
    });
    expect(config.tenants.allowed).toEqual([GUID(2)]);
    expect(config.graph).toEqual({
      endpoint: 'https://graph.microsoft.com',
      credential: { kind: 'managed-identity', clientId: null },
    });
    expect(config.approval).toMatchObject({
      requesterGroupId: GUID(3),
      ttlMinutes: 30,
      protectedUsers: [],
      allowPrivilegedTargets: false,
    });
    expect(config.teams.serviceUrl).toBe('https://smba.trafficmanager.net/teams/');
    expect(config.teams.allowedServiceUrlHosts).toContain('smba.trafficmanager.net');
    expect(config.pipeline.steps).toEqual([
      'disable-account',
      'revoke-sessions',
      'disable-devices',
    ]);
    expect(config.watcher).toMatchObject({
      mode: 'auto',
      webhooks: false,
      intervalSeconds: 60,
      autoRevokeSteps: ['revoke-sessions', 'disable-devices'],
      autoRevokeMaxPerHour: 20,
    });
    expect(config.log.level).toBe('info');
    expect(Object.isFrozen(config.approval)).toBe(true);
  });

  it('switches to webhooks with a 900 s safety-net poll when PUBLIC_BASE_URL is set', () => {
    const config = loadConfig({
      ...BASE,
      PUBLIC_BASE_URL: 'https://lockdown.example.com',
      GRAPH_NOTIFICATION_SECRET: 'x'.repeat(32),
    });
    expect(config.watcher).toMatchObject({
      webhooks: true,
      intervalSeconds: 900,
      publicBaseUrl: 'https://lockdown.example.com',
    });
  });

  it('chooses the Graph credential from the standard AZURE_* variables', () => {
    const secret = loadConfig({
      ...BASE,
      AZURE_CLIENT_ID: GUID(7),
      AZURE_TENANT_ID: GUID(8),
      AZURE_CLIENT_SECRET: 's3cr3t',
    });
    expect(secret.graph.credential).toEqual({
      kind: 'client-secret',
      tenantId: GUID(8),
      clientId: GUID(7),
      secret: 's3cr3t',
    });
    expect(loadConfig({ ...BASE, AZURE_CLIENT_ID: GUID(7) }).graph.credential).toEqual({
      kind: 'managed-identity',
      clientId: GUID(7),
    });
  });

  it('parses lists, steps and protected users', () => {
    const config = loadConfig({
      ...BASE,
      ALLOWED_TENANT_IDS: `${GUID(2)}, ${GUID(9)}`,
      PIPELINE_STEPS: 'snapshot,disable-account,reset-password,verify',
      PROTECTED_USERS: `breakglass01@contoso.onmicrosoft.com,${GUID(5)}`,
      ALLOW_PRIVILEGED_TARGETS: 'TRUE',
    });
    expect(config.tenants.allowed).toEqual([GUID(2), GUID(9)]);
    expect(config.pipeline.steps).toEqual(['disable-account', 'reset-password']);
    expect(config.approval.protectedUsers).toEqual([
      { kind: 'upn', upn: 'breakglass01@contoso.onmicrosoft.com' },
      { kind: 'objectId', id: GUID(5) },
    ]);
    expect(config.approval.allowPrivilegedTargets).toBe(true);
  });

  it('allows anonymous mode on a loopback HOST and says so in the config', () => {
    const config = loadConfig({
      ...BASE,
      HOST: '127.0.0.1',
      BOT_ID: '',
      BOT_TYPE: '',
      BOT_TENANT_ID: GUID(2),
    });
    expect(config.bot.anonymous).toBe(true);
    expect(config.server.isLoopback).toBe(true);
  });

  it('accepts all seven Bot Framework overrides together', () => {
    expect(loadConfig({ ...BASE, ...OVERRIDES }).bot.endpointOverrides).toEqual(OVERRIDES);
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    [
      'empty BOT_ID off loopback',
      { BOT_ID: '', BOT_TYPE: undefined },
      'BOT_ID: is empty, which turns Bot Framework authentication off',
    ],
    [
      'BOT_PASSWORD without BOT_ID',
      { HOST: '127.0.0.1', BOT_ID: '', BOT_TYPE: undefined, BOT_PASSWORD: 'x' },
      'BOT_PASSWORD: is set but BOT_ID is empty',
    ],
    ['BOT_ID not a GUID', { BOT_ID: 'lockdown' }, 'BOT_ID: must be a GUID'],
    [
      'a BOT_TYPE typo',
      { BOT_TYPE: 'SingleTennant' },
      'BOT_TYPE: must be one of UserAssignedMsi, SingleTenant, MultiTenant (got "SingleTennant")',
    ],
    ['BOT_TYPE missing', { BOT_TYPE: undefined }, 'BOT_TYPE: is required when BOT_ID is set'],
    [
      'MultiTenant off loopback',
      { BOT_TYPE: 'MultiTenant', BOT_PASSWORD: 'p' },
      'BOT_TYPE: MultiTenant is for local development only',
    ],
    [
      'SingleTenant without a password',
      { BOT_TYPE: 'SingleTenant' },
      'BOT_PASSWORD: is required when BOT_TYPE is SingleTenant',
    ],
    [
      'UserAssignedMsi with a password',
      { BOT_PASSWORD: 'p' },
      'BOT_PASSWORD: must be empty when BOT_TYPE is UserAssignedMsi',
    ],
    [
      'SingleTenant without a tenant',
      {
        BOT_TYPE: 'SingleTenant',
        BOT_PASSWORD: 'p',
        BOT_TENANT_ID: undefined,
        ALLOWED_TENANT_IDS: GUID(2),
      },
      'BOT_TENANT_ID: is required when BOT_TYPE is SingleTenant',
    ],
    ['BOT_TENANT_ID not a GUID', { BOT_TENANT_ID: 'contoso' }, 'BOT_TENANT_ID: must be a GUID'],
    [
      'no tenant allow list at all',
      { BOT_TYPE: 'MultiTenant', HOST: '127.0.0.1', BOT_PASSWORD: 'p', BOT_TENANT_ID: undefined },
      'ALLOWED_TENANT_IDS: is required (or BOT_TENANT_ID)',
    ],
    [
      'ALLOWED_TENANT_IDS with a non-GUID',
      { ALLOWED_TENANT_IDS: `${GUID(2)},contoso` },
      'ALLOWED_TENANT_IDS: are not GUIDs: contoso',
    ],
    ['an unknown BOT_* variable', { BOT_APP_PASSWORD: 'x' }, 'BOT_APP_PASSWORD: unknown setting'],
    [
      'a near-miss variable name',
      { BOT_TYPES: 'SingleTenant' },
      'BOT_TYPES: unknown setting; did you mean BOT_TYPE?',
    ],
    [
      'a near-miss outside BOT_*',
      { WATCH_INTERVAL_SECOND: '5' },
      'WATCH_INTERVAL_SECOND: unknown setting; did you mean WATCH_INTERVAL_SECONDS?',
    ],
    ['PORT not a number', { PORT: 'http' }, 'PORT: must be a whole number'],
    ['PORT out of range', { PORT: '70000' }, 'PORT: must be between 0 and 65535'],
    [
      'GRAPH_ENDPOINT not a URL',
      { GRAPH_ENDPOINT: 'graph' },
      'GRAPH_ENDPOINT: must be an absolute URL',
    ],
    [
      'GRAPH_ENDPOINT over http',
      { GRAPH_ENDPOINT: 'http://graph.example.com' },
      'GRAPH_ENDPOINT: must use https',
    ],
    [
      'GRAPH_ENDPOINT with a path',
      { GRAPH_ENDPOINT: 'https://graph.microsoft.com/v1.0' },
      'GRAPH_ENDPOINT: must be a root URL without a path',
    ],
    [
      'GRAPH_ENDPOINT with a query',
      { GRAPH_ENDPOINT: 'https://graph.microsoft.com/?x=1' },
      'GRAPH_ENDPOINT: must not contain credentials, a query or a fragment',
    ],
    ['AZURE_CLIENT_ID not a GUID', { AZURE_CLIENT_ID: 'app' }, 'AZURE_CLIENT_ID: must be a GUID'],
    [
      'AZURE_TENANT_ID not a GUID',
      { AZURE_TENANT_ID: 'contoso' },
      'AZURE_TENANT_ID: must be a GUID',
    ],
    [
      'secret and certificate together',
      {
        AZURE_CLIENT_ID: GUID(7),
        AZURE_TENANT_ID: GUID(8),
        AZURE_CLIENT_SECRET: 's',
        AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem',
      },
      'AZURE_CLIENT_SECRET: set only one of',
    ],
    [
      'a secret without a client id',
      { AZURE_TENANT_ID: GUID(8), AZURE_CLIENT_SECRET: 's' },
      'AZURE_CLIENT_ID: is required with a client secret or certificate',
    ],
    [
      'a certificate without a tenant',
      { AZURE_CLIENT_ID: GUID(7), AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem' },
      'AZURE_TENANT_ID: is required with a client secret or certificate',
    ],
    [
      'APPROVER_GROUP_ID missing',
      { APPROVER_GROUP_ID: undefined },
      'APPROVER_GROUP_ID: is required',
    ],
    [
      'APPROVER_GROUP_ID not a GUID',
      { APPROVER_GROUP_ID: 'SOC' },
      'APPROVER_GROUP_ID: must be a GUID',
    ],
    [
      'REQUESTER_GROUP_ID not a GUID',
      { REQUESTER_GROUP_ID: 'SOC' },
      'REQUESTER_GROUP_ID: must be a GUID',
    ],
    [
      'SECURITY_CHANNEL_ID missing',
      { SECURITY_CHANNEL_ID: undefined },
      'SECURITY_CHANNEL_ID: is required',
    ],
    [
      'SECURITY_CHANNEL_ID malformed',
      { SECURITY_CHANNEL_ID: 'General' },
      'SECURITY_CHANNEL_ID: must be a Teams channel id',
    ],
    [
      'TEAMS_SERVICE_URL over http',
      { TEAMS_SERVICE_URL: 'http://smba.example.com/' },
      'TEAMS_SERVICE_URL: must use https',
    ],
    [
      'PROTECTED_USERS with a bad entry',
      { PROTECTED_USERS: 'ok@contoso.com,x/../y@contoso.com' },
      'PROTECTED_USERS: has an invalid entry',
    ],
    [
      'ALLOW_PRIVILEGED_TARGETS not boolean',
      { ALLOW_PRIVILEGED_TARGETS: 'yes' },
      'ALLOW_PRIVILEGED_TARGETS: must be true or false',
    ],
    [
      'APPROVAL_TTL_MINUTES zero',
      { APPROVAL_TTL_MINUTES: '0' },
      'APPROVAL_TTL_MINUTES: must be between 1 and 1440',
    ],
    [
      'APPROVAL_TTL_MINUTES negative',
      { APPROVAL_TTL_MINUTES: '-5' },
      'APPROVAL_TTL_MINUTES: must be a whole number',
    ],
    [
      'PIPELINE_STEPS with an unknown step',
      { PIPELINE_STEPS: 'disable-account,wipe' },
      'PIPELINE_STEPS: has unknown step "wipe"',
    ],
    [
      'PIPELINE_STEPS with no runnable step',
      { PIPELINE_STEPS: 'snapshot,verify' },
      'PIPELINE_STEPS: names no step that can run',
    ],
    [
      'AUTO_REVOKE_STEPS with disable-account',
      { AUTO_REVOKE_STEPS: 'disable-account' },
      'AUTO_REVOKE_STEPS: has unknown step "disable-account"',
    ],
    [
      'AUTO_REVOKE_MAX_PER_HOUR zero',
      { AUTO_REVOKE_MAX_PER_HOUR: '0' },
      'AUTO_REVOKE_MAX_PER_HOUR: must be between 1 and 10000',
    ],
    [
      'WATCH_MODE unknown',
      { WATCH_MODE: 'poll' },
      'WATCH_MODE: must be one of auto, webhook, delta, off (got "poll")',
    ],
    [
      'WATCH_INTERVAL_SECONDS zero',
      { WATCH_INTERVAL_SECONDS: '0' },
      'WATCH_INTERVAL_SECONDS: must be between 1 and 86400',
    ],
    [
      'PUBLIC_BASE_URL over http',
      { PUBLIC_BASE_URL: 'http://lockdown.example.com', GRAPH_NOTIFICATION_SECRET: 'x'.repeat(32) },
      'PUBLIC_BASE_URL: must use https',
    ],
    [
      'webhook mode without PUBLIC_BASE_URL',
      { WATCH_MODE: 'webhook', GRAPH_NOTIFICATION_SECRET: 'x'.repeat(32) },
      'PUBLIC_BASE_URL: is required when WATCH_MODE is webhook',
    ],
    [
      'webhooks without a secret',
      { PUBLIC_BASE_URL: 'https://lockdown.example.com' },
      'GRAPH_NOTIFICATION_SECRET: is required when change notifications are used',
    ],
    [
      'a short notification secret',
      { GRAPH_NOTIFICATION_SECRET: 'short' },
      'GRAPH_NOTIFICATION_SECRET: must be at least 16 characters',
    ],
    [
      'a notification secret over 128',
      { GRAPH_NOTIFICATION_SECRET: 'x'.repeat(129) },
      'GRAPH_NOTIFICATION_SECRET: must be at most 128 characters',
    ],
    [
      'LOG_LEVEL unknown',
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL: must be one of debug, info, warn, error (got "verbose")',
    ],
    [
      'a partial set of Bot Framework overrides',
      { ToBotFromChannelOpenIdMetadataUrl: OVERRIDES.ToBotFromChannelOpenIdMetadataUrl },
      'ToBotFromEmulatorOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope, OAuthUrl, CallerId: must be set together with ToBotFromChannelOpenIdMetadataUrl',
    ],
  ])('rejects %s, naming the variable', (_case, change, expected) => {
    const line = problems({ ...BASE, ...change }).find((p) => p.includes(expected));
    expect(line).toBeDefined();
    expect(line).toMatch(/^[A-Za-z_]+[:,]/); // every message starts with the variable's name
  });

  it('reports every problem at once', () => {
    const found = problems({
      HOST: '0.0.0.0',
      BOT_TYPE: 'SingleTennant',
      PORT: 'x',
      LOG_LEVEL: 'loud',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BOT_TYPE:/),
        expect.stringMatching(/^PORT:/),
        expect.stringMatching(/^LOG_LEVEL:/),
        expect.stringMatching(/^APPROVER_GROUP_ID:/),
        expect.stringMatching(/^SECURITY_CHANNEL_ID:/),
      ]),
    );
  });

  it('reports the rules between variables in the same round as a value that does not parse', () => {
    const found = problems({
      ...BASE,
      LOG_LEVEL: 'loud',
      BOT_ID: 'not-a-guid',
      PUBLIC_BASE_URL: 'https://lockdown.contoso.com',
      AZURE_CLIENT_SECRET: 'azure-secret-value',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^LOG_LEVEL:/),
        expect.stringMatching(/^BOT_ID:/),
        expect.stringMatching(/^GRAPH_NOTIFICATION_SECRET: is required/),
        expect.stringMatching(/^AZURE_CLIENT_ID: is required/),
      ]),
    );
    // No rule judges BOT_ID as empty: it was set, only not to a GUID.
    expect(found.filter((p) => p.startsWith('BOT_ID:'))).toHaveLength(1);
  });

  it('never repeats a secret value in its messages', () => {
    const secrets = {
      BOT_TYPE: 'UserAssignedMsi',
      BOT_PASSWORD: 'TopSecretPassw0rd!',
      GRAPH_NOTIFICATION_SECRET: 'clientstate-secret',
    };
    const text = problems({ ...BASE, ...secrets, AZURE_CLIENT_SECRET: 'azure-secret-value' }).join(
      '\n',
    );
    expect(text).not.toMatch(/TopSecretPassw0rd|clientstate-secret|azure-secret-value/);
  });

  it('treats empty values as unset, as the Agents Toolkit env files leave them', () => {
    expect(
      loadConfig({ ...BASE, REQUESTER_GROUP_ID: '', LOG_LEVEL: '  ' }).approval.requesterGroupId,
    ).toBe(GUID(3));
  });

  it('ignores variables outside its namespaces and the toolkit names', () => {
    expect(() =>
      loadConfig({
        ...BASE,
        HOME: '/root',
        PATH: '/bin',
        TEAMS_APP_ID: GUID(9),
        BOT_ENDPOINT: 'https://x',
        BOT_DOMAIN: 'x',
      }),
    ).not.toThrow();
  });
});
