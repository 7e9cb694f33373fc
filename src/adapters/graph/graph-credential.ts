import {
  AzureCliCredential,
  ChainedTokenCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { type GraphCredentialConfig } from '../../config';
import { CachingCredential } from './caching-credential';

/**
 * The Graph caller's identity, from the standard environment: a client secret or certificate
 * when configured, otherwise the managed identity (on App Service the platform supplies
 * IDENTITY_ENDPOINT and IDENTITY_HEADER, which the credential reads itself).
 */
export function createGraphCredential(config: GraphCredentialConfig): TokenCredential {
  return new CachingCredential(createInnerCredential(config));
}

function createInnerCredential(config: GraphCredentialConfig): TokenCredential {
  switch (config.kind) {
    case 'client-secret':
      return new ClientSecretCredential(config.tenantId, config.clientId, config.secret);
    case 'client-certificate':
      return new ClientCertificateCredential(config.tenantId, config.clientId, {
        certificatePath: config.certificatePath,
      });
    case 'managed-identity':
      return config.clientId
        ? new ManagedIdentityCredential({ clientId: config.clientId })
        : new ManagedIdentityCredential();
  }
}

/**
 * An operator's identity for tools run from a checkout (`npm run audit` against the shared
 * store): a configured secret or certificate, else the Azure CLI's signed-in user (`az login`),
 * else a managed identity when the tool runs on Azure itself.
 */
export function createOperatorCredential(config: GraphCredentialConfig): TokenCredential {
  if (config.kind !== 'managed-identity') return createGraphCredential(config);
  return new ChainedTokenCredential(new AzureCliCredential(), createInnerCredential(config));
}
