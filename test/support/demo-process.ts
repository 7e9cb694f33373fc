import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'support', 'ts-register.js');

export interface DemoProcess {
  readonly playgroundUrl: string;
  readonly demoDir: string;
  readonly ports: { readonly lockdown: number; readonly playground: number };
  /** Everything the demo printed so far. */
  output(): string;
  /** Types a line in the demo's terminal (a person's key, or q). */
  type(keys: string): void;
  /** Resolves when the output matches `pattern` (after `from`, an output offset). */
  waitForOutput(pattern: RegExp, from?: number): Promise<void>;
  /** `npm run tenant -- <args>` against this demo: its output, or a rejection with it. */
  tenant(...args: string[]): Promise<string>;
  /** Ctrl-C: SIGINT, as a terminal sends it; resolves with the exit code. */
  interrupt(): Promise<number | null>;
  /** Types q and waits for every part to stop; kills it if it does not. */
  stop(): Promise<number | null>;
}

/**
 * `npm run demo` as a person runs it, in a child process fed through a pipe, from the TypeScript
 * sources (the same code `npm run demo` compiles), on free ports and in a scratch directory.
 */
export async function startDemoProcess(options: { timeoutMs?: number } = {}): Promise<DemoProcess> {
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-demo-'));
  const ports = { lockdown: await freePort(), playground: await freePort() };
  const env = {
    ...process.env,
    PORT: String(ports.lockdown),
    TEAMSAPPTESTER_PORT: String(ports.playground),
    DEMO_DIR: demoDir,
  };
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['-r', REGISTER, path.join(ROOT, 'src', 'cli', 'demo.ts')],
    { cwd: ROOT, env },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const waitForOutput = async (pattern: RegExp, from = 0): Promise<void> => {
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    while (!pattern.test(output.slice(from))) {
      if (child.exitCode !== null) throw new Error(`the demo exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} in the demo's output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await waitForOutput(/Acting as /);
  const url = /Open (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  if (!url) throw new Error(`the demo printed no URL:\n${output}`);

  return {
    playgroundUrl: url,
    demoDir,
    ports,
    output: () => output,
    type: (keys) => child.stdin.write(`${keys}\n`),
    waitForOutput,
    tenant: (...args) => runTenant(args, env),
    interrupt: () => ended(() => child.kill('SIGINT')),
    stop: () => ended(() => child.stdin.write('q\n')),
  };

  async function ended(ask: () => void): Promise<number | null> {
    if (child.exitCode === null) ask();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    fs.rmSync(demoDir, { recursive: true, force: true });
    return code;
  }
}

function runTenant(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(
    process.execPath,
    ['-r', REGISTER, path.join(ROOT, 'src', 'cli', 'tenant.ts'), ...args],
    { cwd: ROOT, env },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(output)))),
  );
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
