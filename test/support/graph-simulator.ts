import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  demoTenantSeed,
  type GraphSimulator,
  type GraphSimulatorOptions,
  startGraphSimulator,
} from '../../src/simulator/graph/start-graph-simulator';

/**
 * msal-node (behind @azure/identity's ManagedIdentityCredential) caches the App Service identity
 * endpoint and secret in static fields, once per process. A test process that starts simulator
 * after simulator must therefore serve them all from the same identity port with the same
 * secret; this records the first one's. Two simulators alive at once cannot share the port: the
 * second falls back to a fresh one, which plain fetch can use but a ManagedIdentityCredential in
 * this process cannot.
 */
const processIdentity = { port: 0, header: randomBytes(24).toString('hex') };

/**
 * Starts a Graph simulator for a test: the demo tenant unless `tenant` is given, with a server
 * certificate signed by the test CA that scripts/test.js creates and trusts (NODE_EXTRA_CA_CERTS),
 * so plain fetch and the Graph SDK accept it. Close it in afterAll.
 */
export async function startTestGraphSimulator(
  options: Partial<GraphSimulatorOptions> = {},
): Promise<GraphSimulator> {
  const dir = process.env.LOCKDOWN_TEST_CA_DIR;
  const certFile = dir === undefined ? undefined : path.join(dir, 'ca.pem');
  const keyFile = dir === undefined ? undefined : path.join(dir, 'ca-key.pem');
  if (
    certFile === undefined ||
    keyFile === undefined ||
    !existsSync(certFile) ||
    !existsSync(keyFile)
  ) {
    throw new Error(
      'No test CA (LOCKDOWN_TEST_CA_DIR with ca.pem and ca-key.pem): run the tests with `npm test`, which prepares the test CA.',
    );
  }
  const base: GraphSimulatorOptions = {
    tenant: demoTenantSeed(),
    ca: { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') },
    identityHeader: processIdentity.header,
    ...options,
  };
  const sim = await startGraphSimulator({ identityPort: processIdentity.port, ...base }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' || options.identityPort !== undefined) throw error;
      return startGraphSimulator({ ...base, identityPort: 0 });
    },
  );
  if (processIdentity.port === 0) processIdentity.port = Number(new URL(sim.identityEndpoint).port);
  return sim;
}
