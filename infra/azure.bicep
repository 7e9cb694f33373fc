// Lockdown in Azure: one user-assigned managed identity is both the bot's identity (no secret
// exists) and the Graph caller; a Linux Web App runs the built bot; an Azure Table Storage account,
// reached through that identity only, is the store shared by every instance; Application Insights
// and a Log Analytics workspace keep the logs. Deployed by the Agents Toolkit (m365agents.yml,
// arm/deploy) with azure.parameters.json; the outputs are written back to env/.env.<env>.
// Resource shapes follow the toolkit's bot template (infra/azure.bicep, botRegistration/).

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@description('App Service plan SKU; B1 or larger (always-on needs a dedicated plan).')
param webAppSKU string

@maxLength(42)
param botDisplayName string

param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName
param identityName string = resourceBaseName
param location string = resourceGroup().location
@description('Globally unique, 3-24 lowercase letters and digits.')
param storageAccountName string = take('${replace(toLower(resourceBaseName), '-', '')}${uniqueString(resourceGroup().id)}', 24)
param storageSKU string = 'Standard_LRS'

// Lockdown's settings (README, "Configuration"). Strings, as in the environment, and an empty one
// means Lockdown's default: Lockdown validates them all at start and refuses to start with a list
// of every problem (see the logs), so they are not validated twice here.
@description('Entra group whose members may approve (object id).')
param approverGroupId string
@description('Entra group whose members may request; empty means the approver group.')
param requesterGroupId string = ''
@description('The security channel, 19:...@thread.tacv2.')
param securityChannelId string
@description('Tenants whose activities are accepted; empty means the identity\'s tenant.')
param allowedTenantIds string = ''
param teamsServiceUrl string = ''
param graphEndpoint string = ''
@description('Break-glass accounts (UPNs or object ids, comma-separated).')
param protectedUsers string = ''
param allowPrivilegedTargets string = ''
param approvalTtlMinutes string = ''
param pipelineSteps string = ''
param autoRevokeSteps string = ''
param autoRevokeMaxPerHour string = ''
param watchMode string = ''
@description('Delta polling interval; empty means 60 s, or 900 s with change notifications.')
param watchIntervalSeconds string = ''
@description('Public https URL for Graph change notifications; empty means the Web App\'s own.')
param publicBaseUrl string = ''
@secure()
@minLength(16)
@maxLength(128)
@description('clientState of Graph change notifications (SECRET_GRAPH_NOTIFICATION_SECRET).')
param graphNotificationSecret string
param logLevel string = ''
@description('Prefix of the store\'s table names (letters and digits); empty means lockdown.')
param storeTablePrefix string = ''

var tablePrefix = empty(storeTablePrefix) ? 'lockdown' : storeTablePrefix

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  location: location
  name: identityName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  location: location
  name: '${resourceBaseName}-logs'
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 90
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  location: location
  name: '${resourceBaseName}-insights'
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

module tableStore './storage/table-store.bicep' = {
  name: 'Table-store'
  params: {
    location: location
    storageAccountName: storageAccountName
    storageSKU: storageSKU
    tablePrefix: tablePrefix
    principalId: identity.properties.principalId
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    clientAffinityEnabled: false
    // There is no system-assigned identity: should a setting become a Key Vault reference, the
    // managed identity resolves it.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // node itself, not npm, so that App Service's SIGTERM reaches Lockdown's graceful stop.
      appCommandLine: 'node dist/main.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
      healthCheckPath: '/healthz'
    }
  }
}

// Settings live in their own resource because PUBLIC_BASE_URL needs the site's host name.
resource webAppSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    BOT_ID: identity.properties.clientId
    BOT_TYPE: 'UserAssignedMsi'
    BOT_TENANT_ID: identity.properties.tenantId
    ALLOWED_TENANT_IDS: empty(allowedTenantIds) ? identity.properties.tenantId : allowedTenantIds
    AZURE_CLIENT_ID: identity.properties.clientId
    GRAPH_ENDPOINT: graphEndpoint
    APPROVER_GROUP_ID: approverGroupId
    REQUESTER_GROUP_ID: requesterGroupId
    SECURITY_CHANNEL_ID: securityChannelId
    TEAMS_SERVICE_URL: teamsServiceUrl
    PROTECTED_USERS: protectedUsers
    ALLOW_PRIVILEGED_TARGETS: allowPrivilegedTargets
    APPROVAL_TTL_MINUTES: approvalTtlMinutes
    PIPELINE_STEPS: pipelineSteps
    AUTO_REVOKE_STEPS: autoRevokeSteps
    AUTO_REVOKE_MAX_PER_HOUR: autoRevokeMaxPerHour
    WATCH_MODE: watchMode
    WATCH_INTERVAL_SECONDS: watchIntervalSeconds
    PUBLIC_BASE_URL: empty(publicBaseUrl) ? 'https://${webApp.properties.defaultHostName}' : publicBaseUrl
    GRAPH_NOTIFICATION_SECRET: graphNotificationSecret
    LOG_LEVEL: logLevel
    STORE: 'table'
    // Through the module's output, so the settings (and Lockdown's first start) wait for the store
    // and the identity's role on it.
    STORE_TABLE_URL: tableStore.outputs.tableEndpoint
    STORE_TABLE_PREFIX: tablePrefix
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    // Application Insights' Node.js agent on Linux: requests, dependencies (Graph), exceptions.
    ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
    // The deployed zip is mounted read-only as wwwroot; nothing on the instance writes to it.
    WEBSITE_RUN_FROM_PACKAGE: '1'
    // The toolkit's deploy uploads built output with production dependencies; no build on Azure.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    WEBSITE_NODE_DEFAULT_VERSION: '~20'
  }
}

// Lockdown logs structured JSON to stdout; App Service sends it to the workspace
// (AppServiceConsoleLogs), next to the HTTP and platform logs.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'lockdown-logs'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    botDisplayName: botDisplayName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
  }
}

// Persisted in env/.env.<env> by the toolkit (https://aka.ms/teamsfx-actions/arm-deploy).
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
@description('Service principal of the managed identity: infra/grant-graph-permissions.sh grants it Graph permissions.')
output IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output STORE_TABLE_URL string = tableStore.outputs.tableEndpoint
