import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, startDemoProcess } from '../../support/demo-process';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REGISTER = path.join(ROOT, 'test', 'support', 'ts-register.js');

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
}

async function isFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('npm run demo, start and stop', () => {
  it('says which port is taken and how to choose another, and starts nothing', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const { code, output } = await run('src/cli/demo.ts', [], {
        PORT: String(port),
        DEMO_DIR: path.join(os.tmpdir(), `lockdown-demo-taken-${port}`),
      });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} (Lockdown) is already in use on 127.0.0.1`);
      expect(output).toContain(`PORT=${port + 1} npm run demo`);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('Ctrl-C stops every part: both ports are free again', async () => {
    const demo = await startDemoProcess();
    const { lockdown, playground } = demo.ports;
    expect([await isFree(lockdown), await isFree(playground)]).toEqual([false, false]);
    const answer = await demo.tenant('show', 'adele.vance@contoso.com');
    expect(answer).toContain('"accountEnabled": true');
    expect(await demo.interrupt()).toBe(0);
    expect(demo.output()).toContain('Ctrl-C; stopping the demo');
    expect([await isFree(lockdown), await isFree(playground)]).toEqual([true, true]);
  }, 120_000);

  it('npm run tenant without a running demo says how to start one', async () => {
    const { code, output } = await run(
      'src/cli/tenant.ts',
      ['disable', 'adele.vance@contoso.com'],
      {
        DEMO_DIR: path.join(os.tmpdir(), `lockdown-no-demo-${await freePort()}`),
      },
    );
    expect(code).toBe(1);
    expect(output).toContain(
      'No demo is running here. Start one first, in another terminal: npm run demo',
    );
  }, 30_000);

  it('npm run tenant refuses a command it does not know, with its help', async () => {
    const { code, output } = await run('src/cli/tenant.ts', ['frobnicate'], {});
    expect(code).toBe(1);
    expect(output).toContain('unknown command "frobnicate"');
    expect(output).toContain('disable <user>');
  }, 30_000);
});
