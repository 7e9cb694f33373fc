import fs from 'node:fs';
import path from 'node:path';

/** What `npm run tenant` needs to reach the running demo's Graph simulator. */
export interface DemoState {
  /** https://127.0.0.1:<port>; the admin API lives under /_simulator. */
  readonly graphUrl: string;
  readonly adminKey: string;
  /** The CA the simulator's certificate chains to. */
  readonly caFile: string;
  readonly pid: number;
}

const STATE_FILE = 'state.json';

export function writeDemoState(demoDir: string, state: DemoState): void {
  // Holds the admin key: readable by this user only.
  fs.writeFileSync(path.join(demoDir, STATE_FILE), JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** The running demo's state, or a message saying how to start one. */
export function readDemoState(demoDir: string): DemoState {
  const file = path.join(demoDir, STATE_FILE);
  let state: DemoState;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoState;
  } catch {
    throw new Error('No demo is running here. Start one first, in another terminal: npm run demo');
  }
  if (!isAlive(state.pid)) {
    throw new Error(
      'The demo that wrote .demo/state.json has stopped. Start it again: npm run demo',
    );
  }
  return state;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
