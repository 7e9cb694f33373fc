// Lockdown's shared store: an Azure Table Storage account that only the managed identity can reach.
// Shared key access is off, so there is no account key or connection string to leak, rotate or put
// in a setting; the identity's "Storage Table Data Contributor" role is the only way in.

param location string
@minLength(3)
@maxLength(24)
param storageAccountName string
param storageSKU string
@description('Lockdown\'s tables are <prefix>requests, <prefix>audit and <prefix>watcher.')
param tablePrefix string
@description('Object id of the managed identity\'s service principal.')
param principalId string

// Built-in role "Storage Table Data Contributor": tables and entities, no keys, no other services.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var tableSuffixes = [
  'requests'
  'audit'
  'watcher'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  location: location
  name: storageAccountName
  kind: 'StorageV2'
  sku: {
    name: storageSKU
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Lockdown creates them at start too (src/adapters/storage/table-clients.ts); made here so a
// deployment is complete before the first start, and visible in the portal.
resource storeTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for suffix in tableSuffixes: {
  parent: tableService
  name: '${tablePrefix}${suffix}'
}]

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The table endpoint, e.g. https://<account>.table.core.windows.net/ (STORE_TABLE_URL).')
output tableEndpoint string = storage.properties.primaryEndpoints.table
