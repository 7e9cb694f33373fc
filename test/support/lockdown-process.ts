import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

export interface LockdownProcess {
  readonly url: string;
  readonly pid: number;
  /** What the process has printed so far (its JSON log lines). */
  output(): string;
  /** Resident set size and its peak, in MiB, as the kernel counts them (Linux /proc). */
  memory(): { rssMiB: number; peakMiB: number } | null;
  /** Sends `signal`, waits for the process to end and resolves with its exit code. */
  terminate(signal: NodeJS.Signals): Promise<number | null>;
  close(): Promise<void>;
}

/**
 * Lockdown as `npm start` runs it, in a process of its own: `src/main.ts` and everything it
 * loads, transpiled to plain JavaScript in a scratch directory under test-output/ (what `tsc`
 * would emit, without a type check), so that the process holds no compiler and its memory is
 * Lockdown's own. The environment is its whole configuration.
 */
export async function startLockdownProcess(env: Record<string, string>): Promise<LockdownProcess> {
  fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  const outDir = fs.mkdtempSync(path.join(ROOT, 'test-output', 'lockdown-process-'));
  emitJavaScript(path.join(ROOT, 'src'), path.join(outDir, 'dist'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(outDir, 'package.json'));
  const child = spawn(process.execPath, [path.join(outDir, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const cleanUp = () => fs.rmSync(outDir, { recursive: true, force: true });
  let url: string;
  try {
    url = await listening(child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    cleanUp();
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    memory: () => memoryOf(child.pid!),
    terminate: async (signal) => {
      const exited =
        child.exitCode !== null || child.signalCode !== null
          ? Promise.resolve(child.exitCode)
          : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      const code = await exited;
      cleanUp();
      return code;
    },
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      cleanUp();
    },
  };
}

function emitJavaScript(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) emitJavaScript(source, path.join(to, entry.name));
    else if (entry.name.endsWith('.json')) fs.copyFileSync(source, path.join(to, entry.name));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          resolveJsonModule: true,
        },
        fileName: source,
      });
      fs.writeFileSync(path.join(to, entry.name.replace(/\.ts$/, '.js')), outputText);
    }
  }
}

/** Resolves with the URL from the "Lockdown is listening" line; rejects if the process ends. */
function listening(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('Lockdown did not start in 20 s')), 20_000);
    const onData = () => {
      const url = listeningUrl(output());
      if (url === undefined) return;
      done();
      resolve(url);
    };
    const onExit = (code: number | null) =>
      fail(new Error(`Lockdown exited (${code}) before listening:\n${output()}`));
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

function listeningUrl(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('Lockdown is listening')) continue;
    try {
      return (JSON.parse(line) as { url?: string }).url;
    } catch {
      // a partial line: wait for the rest
    }
  }
  return undefined;
}

function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}
