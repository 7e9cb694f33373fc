import fs from 'node:fs';
import path from 'node:path';
import { startChild, tail, waitForChild, type RunningChild } from './child-process';

const READY_TIMEOUT_MS = 60_000;
const PLAYGROUND_CLI = ['node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'];

/**
 * The Microsoft 365 Agents Playground as a Teams client: the mock Teams context of
 * .m365agentsplayground.yml, activities to `botEndpoint`, and its mock Bot Connector at
 * `serviceUrl`. It opens no browser (TEAMSAPPTESTER_BROWSER=none); the demo prints the URL.
 */
export async function startPlaygroundChild(options: {
  readonly root: string;
  readonly port: number;
  readonly botEndpoint: string;
  readonly serviceUrl: string;
  readonly configFile: string;
  readonly logFile: string;
  readonly internalLogFile: string;
}): Promise<RunningChild> {
  const cli = path.join(options.root, ...PLAYGROUND_CLI);
  if (!fs.existsSync(cli)) {
    throw new Error('The Microsoft 365 Agents Playground is not installed. Run: npm ci');
  }
  const args = [
    cli,
    'start',
    ...['--app-endpoint', options.botEndpoint],
    ...['--channel-id', 'msteams'],
    ...['--port', String(options.port)],
    ...['--service-url', options.serviceUrl],
    '--disable-telemetry',
  ];
  const child = startChild('The Agents Playground', process.execPath, args, {
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configFile,
      M365_AGENTS_PLAYGROUND_LOGFILE: options.internalLogFile,
    },
    cwd: options.root,
    logFile: options.logFile,
  });
  const config = `http://127.0.0.1:${options.port}/_internal/v1/config`;
  await waitForChild(child, async () => (await fetch(config)).ok, READY_TIMEOUT_MS);
  // A configuration it cannot use shows only in its own log file; it keeps listening regardless.
  const failure = /Failed to start.*$/m.exec(tail(options.internalLogFile, 200));
  if (failure) {
    await child.stop();
    throw new Error(`The Agents Playground refused its configuration: ${failure[0]}`);
  }
  return child;
}
