import { generateKeyPair, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { type AddressInfo } from 'node:net';
import { promisify } from 'node:util';

import { createServerTls } from './certificates';
import { assembleGraph } from './graph-assembly';
import { type GraphSimulator, type GraphSimulatorOptions } from './graph-simulator';
import { createIdentityHandler, type IdentityEndpointOptions } from './identity-endpoint';
import { DEFAULT_GRANTED_PERMISSIONS } from './permissions';
import { Scheduler } from './scheduler';
import { SimClock } from './sim-clock';
import { TenantModel } from './tenant-model';
import { parseTenantSeed } from './tenant-seed';
import { TokenService } from './token-service';

export { DEFAULT_GRANTED_PERMISSIONS } from './permissions';
export { DEMO_TENANT_PATH, demoTenantSeed, loadTenantSeed } from './load-tenant-seed';
export type * from './graph-simulator';
export type { ParsedTenantSeed, TenantSeed } from './tenant-seed';

const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Starts a Microsoft Graph v1.0 simulator for one tenant: an HTTPS Graph endpoint (plus the
 * admin API under /_simulator) and a plain-HTTP managed-identity endpoint, both on loopback.
 */
export async function startGraphSimulator(options: GraphSimulatorOptions): Promise<GraphSimulator> {
  const seed = parseTenantSeed(options.tenant);
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host)) {
    throw new Error(`The Graph simulator listens on loopback only, not '${host}'`);
  }
  const clock = new SimClock(options.now);
  const scheduler = new Scheduler();
  const model = new TenantModel(seed, clock);
  const [tls, keys] = await Promise.all([
    createServerTls(options.ca),
    promisify(generateKeyPair)('rsa', { modulusLength: 2048 }),
  ]);
  const graphServer = https.createServer({ key: tls.keyPem, cert: tls.certPem });
  const origin = `https://${hostForUrl(host)}:${await listen(graphServer, host, options.port ?? 0)}`;
  const port = new URL(origin).port;
  const resources = [
    origin,
    `https://127.0.0.1:${port}`,
    `https://localhost:${port}`,
    GRAPH_RESOURCE,
  ];
  const tokens = new TokenService({
    clock,
    tenantId: seed.tenant.id,
    clientId: seed.app.clientId,
    servicePrincipalId: seed.app.servicePrincipalId,
    appDisplayName: seed.app.displayName,
    audiences: [...resources, ...resources.map((r) => `${r}/`), GRAPH_APP_ID],
    keys,
  });
  let granted = [...(options.grantedPermissions ?? DEFAULT_GRANTED_PERMISSIONS)];
  const setGrantedPermissions = (permissions: string[]): void => {
    granted = [...permissions];
  };
  const identity = await startIdentityListener(host, options.identityPort ?? 0, {
    tokens,
    identityHeader: options.identityHeader ?? randomBytes(24).toString('hex'),
    clientId: seed.app.clientId,
    resources,
    roles: () => granted,
  }).catch(async (error: unknown) => {
    await stop(graphServer);
    throw error;
  });
  const { identityHeader, identityEndpoint, identityServer } = identity;
  const graph = assembleGraph({
    model,
    clock,
    scheduler,
    tokens,
    origin,
    options,
    setGrantedPermissions,
  });
  graphServer.on('request', graph.handler);

  return {
    baseUrl: origin,
    identityEndpoint,
    identityHeader,
    clientId: seed.app.clientId,
    tenantId: seed.tenant.id,
    caCertPem: tls.caCertPem,
    adminKey: graph.adminKey,
    env: () => ({
      GRAPH_ENDPOINT: origin,
      IDENTITY_ENDPOINT: identityEndpoint,
      IDENTITY_HEADER: identityHeader,
      AZURE_CLIENT_ID: seed.app.clientId,
    }),
    tenant: graph.tenant,
    faults: graph.faults,
    calls: graph.calls,
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) },
    setGrantedPermissions,
    close: async () => {
      scheduler.close();
      graph.calls.close();
      await Promise.all([stop(graphServer), stop(identityServer)]);
    },
  };
}

async function startIdentityListener(
  host: string,
  port: number,
  options: IdentityEndpointOptions,
): Promise<{ identityServer: http.Server; identityEndpoint: string; identityHeader: string }> {
  const identityServer = http.createServer(createIdentityHandler(options));
  const identityPort = await listen(identityServer, host, port);
  const identityEndpoint = `http://${hostForUrl(host)}:${identityPort}/msi/token`;
  return { identityServer, identityEndpoint, identityHeader: options.identityHeader };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
