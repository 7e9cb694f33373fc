// The Azure Bot registration: tells the Bot Framework where Lockdown listens and which identity it
// is. It holds configuration only; conversations and requests stay in the Web App and its store.
// Same shape as the Agents Toolkit's bot template (infra/botRegistration/azurebot.bicep).

@maxLength(20)
@minLength(4)
param resourceBaseName string

@maxLength(42)
param botDisplayName string

param botServiceName string = resourceBaseName
param botServiceSku string = 'F0'

@description('Client id of the user-assigned managed identity: the bot id the Teams manifest uses.')
param identityClientId string
param identityResourceId string
param identityTenantId string

@description('Host name of the Web App, without a scheme.')
param botAppDomain string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  // The Bot Framework relays from everywhere; 'global' is what the Teams channel expects.
  location: 'global'
  name: botServiceName
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    // No secret exists anywhere: the bot authenticates as the managed identity.
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
  }
}

resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

output botServiceName string = botService.name
