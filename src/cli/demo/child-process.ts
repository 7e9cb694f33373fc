import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface RunningChild {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  /** Resolves when the process has exited, with a description of how. */
  readonly exited: Promise<string>;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5_000;

/** A child whose output goes to `logFile` (the demo's terminal stays readable). */
export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; logFile: string },
): RunningChild {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) =>
      resolve(signal ? `signal ${signal}` : `exit code ${code}`),
    );
    child.once('error', (error) => resolve(error.message));
  });
  return {
    name,
    process: child,
    logFile: options.logFile,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a log file, for an error message about why a child did not come up. */
export function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/**
 * Polls `ready` until it says yes; fails as soon as the child exits, or after `timeoutMs`, with
 * the child's last output.
 */
export async function waitForChild(
  child: RunningChild,
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  let exit: string | undefined;
  void child.exited.then((how) => (exit = how));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit !== undefined) {
      throw new Error(`${child.name} stopped (${exit}). Its last output:\n${tail(child.logFile)}`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${child.name} did not come up within ${timeoutMs / 1000} s. Its last output:\n${tail(child.logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
