import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Azurite's well-known development account. Public (Microsoft documents it for every emulator
 * install), so it is not a secret; it only ever reaches an Azurite on loopback.
 */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const START_TIMEOUT_MS = 30_000;

export interface AzuriteOptions {
  /**
   * Serve https with this certificate and accept bearer tokens (Azurite's basic OAuth: it
   * checks a token's issuer, audience and lifetime, not its signature). Azurite takes bearer
   * tokens over https only.
   */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

export interface RunningAzurite {
  readonly connectionString: string;
  /** The table endpoint, account path included (how STORE_TABLE_URL names it). */
  readonly tableUrl: string;
  /** A table prefix nothing else in this Azurite has used. */
  freshPrefix(): string;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's Table service (the npm package, a devDependency) in a child process on
 * 127.0.0.1, in memory, with telemetry off: one per test file, stopped in afterAll. Azurite
 * cannot listen on port 0 and report the port, so a free port is picked first; if another
 * process takes it in between, Azurite fails to start and another port is tried.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const scheme = options.tls ? 'https' : 'http';
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-azurite-'));
    const tls: string[] = [];
    if (options.tls) {
      fs.writeFileSync(path.join(workspace, 'cert.pem'), options.tls.certPem);
      fs.writeFileSync(path.join(workspace, 'key.pem'), options.tls.keyPem, { mode: 0o600 });
      tls.push('--cert', 'cert.pem', '--key', 'key.pem', '--oauth', 'basic');
    }
    const child = spawn(
      process.execPath,
      [
        require.resolve('azurite/dist/src/table/main.js'),
        ...['--tableHost', '127.0.0.1', '--tablePort', String(port)],
        ...['--inMemoryPersistence', '--skipApiVersionCheck', '--loose'],
        ...['--disableTelemetry', '--silent'],
        ...tls,
      ],
      // In-memory Azurite refuses --location; its working directory is a throwaway one.
      { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await started(child);
    } catch (error) {
      lastError = error;
      child.kill('SIGKILL');
      fs.rmSync(workspace, { recursive: true, force: true });
      continue;
    }
    const tag = `t${process.pid.toString(36)}${Date.now().toString(36)}`;
    let prefixes = 0;
    const tableUrl = `${scheme}://127.0.0.1:${port}/${ACCOUNT}`;
    return {
      connectionString: [
        `DefaultEndpointsProtocol=${scheme}`,
        `AccountName=${ACCOUNT}`,
        `AccountKey=${ACCOUNT_KEY}`,
        `TableEndpoint=${tableUrl}`,
      ].join(';'),
      tableUrl,
      freshPrefix: () => `${tag}n${(prefixes += 1)}`,
      stop: async () => {
        await stop(child);
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  }
  throw lastError;
}

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`Azurite did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('successfully started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code} before it started:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A port free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
