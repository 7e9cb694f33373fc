import fs from 'node:fs';
import path from 'node:path';
import { type TokenCredential } from '@azure/identity';
import { createTableClients } from '../../../src/adapters/storage/table-clients';
import { CONFIG_KEYS, loadConfig } from '../../../src/config';
import { findUnknownKeys } from '../../../src/config-unknown-keys';
import {
  bicepOutputs,
  bicepParams,
  blockAfter,
  topLevelEntries,
  type BicepParam,
} from '../../support/bicep-text';

/**
 * infra/azure.bicep read as text (no Bicep compiler installs here): every setting Lockdown needs
 * in Azure is set, the security settings are present, and the parameter file and module calls
 * match what the templates declare (ARM refuses unknown parameters and missing required ones).
 */

const INFRA = path.resolve(__dirname, '../../../infra');
const read = (file: string) => fs.readFileSync(path.join(INFRA, file), 'utf8');
const main = read('azure.bicep');
const storage = read('storage/table-store.bicep');
const bot = read('botRegistration/azurebot.bicep');
const parameterFile = JSON.parse(read('azure.parameters.json')) as {
  parameters: Record<string, { value: unknown }>;
};

const appSettings = topLevelEntries(
  blockAfter(
    blockAfter(main, "resource webAppSettings 'Microsoft.Web/sites/config"),
    'properties:',
  ),
);

/** Settings that do not belong in Azure, and why: every other one of Lockdown's must be set. */
const NOT_IN_AZURE: Readonly<Record<string, string>> = {
  PORT: 'App Service sets it',
  HOST: 'the default, 0.0.0.0, is what App Service needs',
  BOT_PASSWORD: 'the managed identity has no secret (and UserAssignedMsi forbids one)',
  AZURE_TENANT_ID: 'only for a client secret or certificate',
  AZURE_CLIENT_SECRET: 'the managed identity is the Graph credential',
  AZURE_CLIENT_CERTIFICATE_PATH: 'the managed identity is the Graph credential',
  DATA_DIR: 'the SQLite store only; Azure uses Table Storage',
  STORE_CONNECTION_STRING: 'shared keys are off; the managed identity reaches the tables',
  ToBotFromChannelOpenIdMetadataUrl: 'Bot Framework overrides are for sovereign clouds',
  ToBotFromEmulatorOpenIdMetadataUrl: 'Bot Framework overrides are for sovereign clouds',
  ToBotFromChannelTokenIssuer: 'Bot Framework overrides are for sovereign clouds',
  ToChannelFromBotLoginUrl: 'Bot Framework overrides are for sovereign clouds',
  ToChannelFromBotOAuthScope: 'Bot Framework overrides are for sovereign clouds',
  OAuthUrl: 'Bot Framework overrides are for sovereign clouds',
  CallerId: 'Bot Framework overrides are for sovereign clouds',
};
/** The table store's settings, set whether or not this checkout's config reads them yet. */
const STORE_SETTINGS = ['STORE', 'STORE_TABLE_URL', 'STORE_TABLE_PREFIX'];
/** App Service's and Application Insights' own settings. */
const PLATFORM_SETTINGS = [
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'WEBSITE_NODE_DEFAULT_VERSION',
];

describe('infra/azure.bicep app settings', () => {
  it.each(CONFIG_KEYS.filter((key) => !(key in NOT_IN_AZURE)))('sets %s', (key) => {
    expect(appSettings.has(key)).toBe(true);
  });

  it.each([...STORE_SETTINGS, ...PLATFORM_SETTINGS])('sets %s', (key) => {
    expect(appSettings.has(key)).toBe(true);
  });

  it('sets nothing that Lockdown would refuse to start with, or silently ignore', () => {
    const known = [...CONFIG_KEYS, ...STORE_SETTINGS];
    const names = [...appSettings.keys()];

    expect(findUnknownKeys(names, known)).toEqual([]);
    expect(
      names.filter((name) => !known.includes(name) && !PLATFORM_SETTINGS.includes(name)),
    ).toEqual([]);
  });

  it('leaves out what must not be in Azure', () => {
    for (const key of Object.keys(NOT_IN_AZURE)) expect(appSettings.has(key)).toBe(false);
  });

  it.each([
    ['BOT_TYPE', "'UserAssignedMsi'"],
    ['BOT_ID', 'identity.properties.clientId'],
    ['AZURE_CLIENT_ID', 'identity.properties.clientId'],
    ['BOT_TENANT_ID', 'identity.properties.tenantId'],
    ['STORE', "'table'"],
    ['STORE_TABLE_URL', 'tableStore.outputs.tableEndpoint'],
    ['GRAPH_NOTIFICATION_SECRET', 'graphNotificationSecret'],
    ['WEBSITE_RUN_FROM_PACKAGE', "'1'"],
    ['SCM_DO_BUILD_DURING_DEPLOYMENT', "'false'"],
    ['APPLICATIONINSIGHTS_CONNECTION_STRING', 'appInsights.properties.ConnectionString'],
  ])('sets %s to %s', (key, value) => {
    expect(appSettings.get(key)).toBe(value);
  });

  it('points PUBLIC_BASE_URL at the Web App over https unless overridden', () => {
    expect(appSettings.get('PUBLIC_BASE_URL')).toContain(
      "'https://${webApp.properties.defaultHostName}'",
    );
  });

  it('takes the notification secret from a @secure() parameter, never a literal', () => {
    const secret = bicepParams(main).find((p) => p.name === 'graphNotificationSecret');

    expect(secret?.decorators).toContain('secure');
    expect(secret?.hasDefault).toBe(false);
    expect(parameterFile.parameters.graphNotificationSecret?.value).toBe(
      '${{SECRET_GRAPH_NOTIFICATION_SECRET}}',
    );
  });
});

describe('infra/azure.bicep with env/.env.dev', () => {
  /** What provision and the operator fill in: ARM's values for the template's expressions. */
  const DEPLOYED: Readonly<Record<string, string>> = {
    'identity.properties.clientId': '11111111-1111-4111-8111-111111111111',
    'identity.properties.tenantId': '22222222-2222-4222-8222-222222222222',
    'tableStore.outputs.tableEndpoint': 'https://lockdownabc123.table.core.windows.net/',
    'appInsights.properties.ConnectionString':
      'InstrumentationKey=00000000-0000-4000-8000-000000000000',
    APPROVER_GROUP_ID: '33333333-3333-4333-8333-333333333333',
    SECURITY_CHANNEL_ID: '19:abc123@thread.tacv2',
    SECRET_GRAPH_NOTIFICATION_SECRET: 'a-notification-secret-of-32-chars',
  };
  const envDev = new Map(
    fs
      .readFileSync(path.resolve(INFRA, '../env/.env.dev'), 'utf8')
      .split('\n')
      .map((line) => /^([A-Z_]+)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  const paramValue = (name: string): string => {
    const placeholder = /^\$\{\{(\w+)\}\}$/.exec(String(parameterFile.parameters[name]?.value));
    const variable = placeholder?.[1] ?? '';
    return DEPLOYED[variable] || envDev.get(variable) || '';
  };
  const params = new Set(bicepParams(main).map((p) => p.name));
  const deployedValue = (expression: string): string => {
    const literal = /^'([^'$]*)'$/.exec(expression);
    if (literal) return literal[1]!;
    if (params.has(expression)) return paramValue(expression);
    const fallback = /^empty\((\w+)\) \? (.+) : \1$/.exec(expression);
    if (fallback) return paramValue(fallback[1]!) || deployedValue(fallback[2]!);
    if (expression === "'https://${webApp.properties.defaultHostName}'")
      return 'https://lockdownabc123.azurewebsites.net';
    if (expression in DEPLOYED) return DEPLOYED[expression]!;
    if (expression === 'tablePrefix') return paramValue('storeTablePrefix') || 'lockdown';
    throw new Error(`no deployed value for ${expression}`);
  };

  it('gives Lockdown a configuration it starts with: the managed identity, Table Storage, webhooks', () => {
    const env = Object.fromEntries(
      [...appSettings].map(([key, expression]) => [key, deployedValue(expression)]),
    );

    const config = loadConfig(env);

    expect(config.bot).toMatchObject({ type: 'UserAssignedMsi', anonymous: false });
    expect(config.graph.credential).toEqual({
      kind: 'managed-identity',
      clientId: DEPLOYED['identity.properties.clientId'],
    });
    expect(config.store.kind).toBe('table');
    expect(config.watcher).toMatchObject({
      webhooks: true,
      publicBaseUrl: 'https://lockdownabc123.azurewebsites.net',
    });
  });
});

describe('infra/azure.bicep security settings', () => {
  const webApp = blockAfter(main, "resource webApp 'Microsoft.Web/sites@");
  const site = topLevelEntries(blockAfter(webApp, 'properties:'));
  const siteConfig = topLevelEntries(blockAfter(webApp, 'siteConfig:'));
  const account = topLevelEntries(
    blockAfter(
      blockAfter(storage, "resource storage 'Microsoft.Storage/storageAccounts@"),
      'properties:',
    ),
  );

  it.each([
    ['Web App httpsOnly', site.get('httpsOnly'), 'true'],
    ['Web App minTlsVersion', siteConfig.get('minTlsVersion'), "'1.2'"],
    ['Web App ftpsState', siteConfig.get('ftpsState'), "'Disabled'"],
    ['Web App alwaysOn', siteConfig.get('alwaysOn'), 'true'],
    ['Web App runtime', siteConfig.get('linuxFxVersion'), "'NODE|20-lts'"],
    ['storage allowSharedKeyAccess', account.get('allowSharedKeyAccess'), 'false'],
    ['storage minimumTlsVersion', account.get('minimumTlsVersion'), "'TLS1_2'"],
    ['storage supportsHttpsTrafficOnly', account.get('supportsHttpsTrafficOnly'), 'true'],
    ['storage allowBlobPublicAccess', account.get('allowBlobPublicAccess'), 'false'],
  ])('%s', (_, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('runs the Web App as the user-assigned managed identity only', () => {
    const identity = topLevelEntries(blockAfter(webApp, 'identity:'));

    expect(identity.get('type')).toBe("'UserAssigned'");
    expect(blockAfter(webApp, 'userAssignedIdentities:')).toContain("'${identity.id}': {}");
  });

  it('gives the identity Storage Table Data Contributor on the account, and reads no account key', () => {
    const assignment = blockAfter(
      storage,
      "resource tableDataContributor 'Microsoft.Authorization/roleAssignments@",
    );

    expect(storage).toContain(
      "var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'",
    );
    expect(assignment).toContain('scope: storage');
    expect(assignment).toContain('principalId: principalId');
    expect(main).toContain('principalId: identity.properties.principalId');
    for (const text of [main, storage]) expect(text).not.toMatch(/listKeys\(|AccountKey=/);
  });

  it('creates the tables the table store opens', () => {
    const noToken: TokenCredential = { getToken: async () => null };
    const clients = createTableClients(
      { kind: 'account-url', url: 'https://account.table.core.windows.net', allowHttp: false },
      'lockdown',
      () => noToken,
    );
    const list = /var tableSuffixes = \[([^\]]*)\]/.exec(storage)?.[1] ?? '';
    const suffixes = [...list.matchAll(/'(\w+)'/g)].map((m) => m[1]);

    expect(storage).toContain("name: '${tablePrefix}${suffix}'");
    expect(suffixes.map((suffix) => `lockdown${suffix}`).sort()).toEqual(
      Object.values(clients)
        .map((client) => client.tableName)
        .sort(),
    );
  });

  it('registers the bot as the managed identity, on /api/messages, with the Teams channel', () => {
    const properties = topLevelEntries(blockAfter(bot, 'properties:'));

    expect(properties.get('msaAppType')).toBe("'UserAssignedMSI'");
    expect(properties.get('msaAppId')).toBe('identityClientId');
    expect(properties.get('msaAppMSIResourceId')).toBe('identityResourceId');
    expect(properties.get('msaAppTenantId')).toBe('identityTenantId');
    expect(properties.get('endpoint')).toBe("'https://${botAppDomain}/api/messages'");
    expect(bot).toContain("channelName: 'MsTeamsChannel'");
  });
});

describe('infra/azure.bicep parameters, modules and outputs', () => {
  const required = (params: BicepParam[]) => params.filter((p) => !p.hasDefault).map((p) => p.name);

  it('has every parameter the template requires in azure.parameters.json, and no other', () => {
    const declared = bicepParams(main).map((p) => p.name);
    const given = Object.keys(parameterFile.parameters);

    expect(given.filter((name) => !declared.includes(name))).toEqual([]);
    expect(required(bicepParams(main)).filter((name) => !given.includes(name))).toEqual([]);
  });

  it('fills the parameter file from the toolkit env file, as the toolkit template does', () => {
    for (const [name, { value }] of Object.entries(parameterFile.parameters)) {
      expect([name, value]).toEqual([name, expect.stringMatching(/\$\{\{[A-Z_]+\}\}/)]);
    }
  });

  it.each([
    ['tableStore', './storage/table-store.bicep', storage],
    ['azureBotRegistration', './botRegistration/azurebot.bicep', bot],
  ])('calls module %s with every parameter it requires and no other', (name, file, text) => {
    const call = blockAfter(main, `module ${name} '${file}'`);
    const given = [...topLevelEntries(blockAfter(call, 'params:')).keys()];
    const declared = bicepParams(text).map((p) => p.name);

    expect(given.filter((param) => !declared.includes(param))).toEqual([]);
    expect(required(bicepParams(text)).filter((param) => !given.includes(param))).toEqual([]);
  });

  it('outputs what the toolkit writes back to env/.env.dev', () => {
    expect(bicepOutputs(main).sort()).toEqual(
      [
        'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
        'BOT_DOMAIN',
        'BOT_ID',
        'IDENTITY_PRINCIPAL_ID',
        'STORE_TABLE_URL',
      ].sort(),
    );
  });
});
