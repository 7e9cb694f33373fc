import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { demoTenantSeed, startGraphSimulator } from '../../simulator/graph/start-graph-simulator';
import { startActAsProxy, type ActAsProxy } from './act-as-proxy';
import { type RunningChild } from './child-process';
import { type DemoSettings } from './demo-settings';
import { writeDemoState } from './demo-state';
import { readEnvFile } from './dotenv-file';
import { assertPortFree } from './free-port';
import { readPlaygroundContext, type PlaygroundContext } from './playground-people';
import { startLockdownChild } from './start-lockdown-child';
import { startPlaygroundChild } from './start-playground-child';

export interface RunningDemo {
  readonly playgroundUrl: string;
  readonly graphUrl: string;
  readonly context: PlaygroundContext;
  readonly proxy: ActAsProxy;
  /** Resolves when a child stops by itself, naming it. */
  readonly childStopped: Promise<string>;
  close(): Promise<void>;
}

/** The simulator's latency per call: realistic, so the card's progress is visible. */
const GRAPH_LATENCY_MS: [number, number] = [20, 60];

/**
 * The three parts of the demo, started in order (each waits for the one before to be ready):
 * the Graph simulator with the demo tenant, Lockdown in its own process against it, and the
 * Agents Playground in front of Lockdown through the act-as relay. If any part fails to start,
 * the parts already running are stopped.
 */
export async function startDemo(settings: DemoSettings): Promise<RunningDemo> {
  await assertPortFree(settings.lockdownPort, 'Lockdown', 'PORT');
  await assertPortFree(settings.playgroundPort, 'the Agents Playground', 'TEAMSAPPTESTER_PORT');
  fs.rmSync(settings.demoDir, { recursive: true, force: true });
  fs.mkdirSync(settings.demoDir, { recursive: true });
  const file = (name: string): string => path.join(settings.demoDir, name);
  const context = readPlaygroundContext(path.join(settings.root, '.m365agentsplayground.yml'));
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  };
  try {
    const sim = await startGraphSimulator({
      tenant: demoTenantSeed(),
      latencyMs: GRAPH_LATENCY_MS,
    });
    closers.push(() => sim.close());
    fs.writeFileSync(file('graph-ca.pem'), sim.caCertPem);
    writeDemoState(settings.demoDir, {
      graphUrl: sim.baseUrl,
      adminKey: sim.adminKey,
      caFile: file('graph-ca.pem'),
      pid: process.pid,
    });
    const lockdownUrl = `http://127.0.0.1:${settings.lockdownPort}`;
    const serviceUrl = `http://127.0.0.1:${settings.playgroundPort}/_connector`;
    const lockdown = await startLockdownChild({
      env: lockdownEnv(settings, sim.env(), file('graph-ca.pem'), serviceUrl),
      port: settings.lockdownPort,
      root: settings.root,
      logFile: file('lockdown.log'),
    });
    closers.push(() => lockdown.stop());
    const proxy = await startActAsProxy(lockdownUrl, context.currentUser);
    closers.push(() => proxy.close());
    const playground = await startPlaygroundChild({
      root: settings.root,
      port: settings.playgroundPort,
      botEndpoint: `${proxy.url}/api/messages`,
      serviceUrl,
      configFile: path.join(settings.root, '.m365agentsplayground.yml'),
      logFile: file('playground.log'),
      internalLogFile: file('playground-internal.log'),
    });
    closers.push(() => playground.stop());
    return {
      playgroundUrl: `http://127.0.0.1:${settings.playgroundPort}`,
      graphUrl: sim.baseUrl,
      context,
      proxy,
      childStopped: firstToStop([lockdown, playground]),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** env/.env.playground, with the parts only a running demo knows. */
function lockdownEnv(
  settings: DemoSettings,
  graph: Record<string, string>,
  caFile: string,
  serviceUrl: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...readEnvFile(path.join(settings.root, 'env', '.env.playground')),
    ...graph,
    NODE_EXTRA_CA_CERTS: caFile,
    PORT: String(settings.lockdownPort),
    PUBLIC_BASE_URL: `http://127.0.0.1:${settings.lockdownPort}`,
    // Generated per run: the simulator echoes it in every change notification.
    GRAPH_NOTIFICATION_SECRET: randomBytes(24).toString('base64url'),
    TEAMS_SERVICE_URL: serviceUrl,
    DATA_DIR: path.join(settings.demoDir, 'data'),
  };
}

function firstToStop(children: readonly RunningChild[]): Promise<string> {
  return Promise.race(children.map((c) => c.exited.then((how) => `${c.name} stopped (${how})`)));
}
