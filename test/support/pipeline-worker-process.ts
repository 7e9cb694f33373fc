import { spawn } from 'node:child_process';
import path from 'node:path';
import { openSqliteDatabase } from '../../src/adapters/storage/sqlite-database';
import { SqliteRequestStore } from '../../src/adapters/storage/sqlite-request-store';
import { type GraphSimulator } from '../../src/simulator/graph/start-graph-simulator';
import { MINIMAL_ENV } from './graph-connection';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = 'test/support/children/pipeline-worker.ts';

export interface PipelineWorker {
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

export interface WorkerOptions {
  /** Added to the simulator's environment (e.g. IDENTITY_ENDPOINT through a gate). */
  readonly env?: Readonly<Record<string, string>>;
  /** children/pipeline-worker.ts options, e.g. '--max-step-attempts=2'. */
  readonly args?: readonly string[];
}

/**
 * A process of its own running children/pipeline-worker.ts on `dataDir`: it resumes every
 * approved or interrupted request there and exits when they are done. Its output is printed if
 * it exits with an error (not when a test killed it).
 */
export function startPipelineWorker(
  sim: GraphSimulator,
  dataDir: string,
  options: WorkerOptions = {},
): PipelineWorker {
  const child = spawn(
    process.execPath,
    ['-r', './test/support/ts-register.js', WORKER, ...(options.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, ...MINIMAL_ENV, ...sim.env(), ...options.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) console.error(`worker exited ${code}:\n${output}`);
      resolve(code);
    }),
  );
  return { exited, output: () => output, kill: (signal) => child.kill(signal) };
}

/** Reads the store on disk through a connection of its own (WAL lets it read beside a writer). */
export async function readStore<T>(
  dataDir: string,
  read: (store: SqliteRequestStore) => Promise<T>,
): Promise<T> {
  const db = openSqliteDatabase(dataDir);
  try {
    return await read(new SqliteRequestStore(db));
  } finally {
    db.close();
  }
}

/** Polls the store until `check` returns a value (not undefined); rejects after `timeoutMs`. */
export async function waitForStore<T>(
  dataDir: string,
  check: (store: SqliteRequestStore) => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await readStore(dataDir, check);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`the store did not get there in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
