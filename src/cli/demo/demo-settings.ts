import path from 'node:path';

/** Where the demo's pieces listen and keep their files. */
export interface DemoSettings {
  /** The repository root (env/, .m365agentsplayground.yml). */
  readonly root: string;
  /** Run state, logs and Lockdown's store; wiped at each start. */
  readonly demoDir: string;
  readonly lockdownPort: number;
  readonly playgroundPort: number;
}

const DEFAULT_LOCKDOWN_PORT = 3978;
/** The Playground's own default, which the Agents Toolkit's launch settings assume too. */
const DEFAULT_PLAYGROUND_PORT = 56150;

/**
 * The demo's few knobs: `PORT` (Lockdown) and `TEAMSAPPTESTER_PORT` (the Playground), the names
 * the Agents Toolkit uses, and `DEMO_DIR`. Everything else comes from env/.env.playground.
 */
export function readDemoSettings(env: NodeJS.ProcessEnv, root: string): DemoSettings {
  return {
    root,
    demoDir: path.resolve(root, env.DEMO_DIR?.trim() || '.demo'),
    lockdownPort: port(env, 'PORT', DEFAULT_LOCKDOWN_PORT),
    playgroundPort: port(env, 'TEAMSAPPTESTER_PORT', DEFAULT_PLAYGROUND_PORT),
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
    throw new Error(`${name}: "${raw}" is not a port number (1 to 65535)`);
  }
  return value;
}
