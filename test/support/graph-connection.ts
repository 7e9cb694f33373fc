import {
  connectGraph,
  type GraphConnection,
  type GraphDirectoryTuning,
} from '../../src/adapters/graph/create-graph-directory';
import { loadConfig } from '../../src/config';
import { type GraphSimulator } from '../../src/simulator/graph/start-graph-simulator';

/** The least configuration that loads, for tests that need only its Graph part. */
export const MINIMAL_ENV: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  BOT_TENANT_ID: 'c0270550-0000-4000-8000-000000000001',
  APPROVER_GROUP_ID: 'b0000000-0000-4000-8000-000000000002',
  REQUESTER_GROUP_ID: 'b0000000-0000-4000-8000-000000000001',
  SECURITY_CHANNEL_ID: '19:security0demo0channel@thread.tacv2',
};

/**
 * Connects to the simulator exactly as production connects to Graph: the configuration comes
 * from environment variables (GRAPH_ENDPOINT, AZURE_CLIENT_ID), and the managed identity
 * credential finds the App Service endpoint in IDENTITY_ENDPOINT / IDENTITY_HEADER, which it
 * reads from the process environment itself. Returns a function that restores the environment.
 */
export function connectToSimulator(
  sim: GraphSimulator,
  tuning: GraphDirectoryTuning = {},
  extraEnv: Record<string, string> = {},
): GraphConnection & { restoreEnv: () => void } {
  const env = { ...MINIMAL_ENV, ...sim.env(), ...extraEnv };
  const saved = {
    IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT,
    IDENTITY_HEADER: process.env.IDENTITY_HEADER,
  };
  process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
  process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
  const connection = connectGraph(loadConfig(env).graph, tuning);
  return {
    ...connection,
    restoreEnv: () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}
