import path from 'node:path';
import { startChild, waitForChild, type RunningChild } from './child-process';

const READY_TIMEOUT_MS = 60_000;

/**
 * Lockdown as `npm start` runs it, in its own process: the same entry point (dist/main.js, or
 * src/main.ts when the demo itself runs from TypeScript under a require hook), configured only
 * through its environment. Ready when GET /readyz answers 200 (store and Graph credential usable).
 */
export async function startLockdownChild(options: {
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  readonly root: string;
  readonly logFile: string;
}): Promise<RunningChild> {
  const entry = path.join(__dirname, '..', '..', `main${path.extname(__filename)}`);
  const child = startChild('Lockdown', process.execPath, [...process.execArgv, entry], {
    env: options.env,
    cwd: options.root,
    logFile: options.logFile,
  });
  const readyz = `http://127.0.0.1:${options.port}/readyz`;
  await waitForChild(child, async () => (await fetch(readyz)).status === 200, READY_TIMEOUT_MS);
  return child;
}
