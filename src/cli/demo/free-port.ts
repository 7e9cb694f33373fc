import net from 'node:net';

/**
 * Fails with a message a person can act on when `port` is taken on 127.0.0.1 (the Playground
 * would otherwise pick a random port silently, and Lockdown would stop with EADDRINUSE).
 */
export async function assertPortFree(port: number, what: string, setting: string): Promise<void> {
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(
      `Port ${port} (${what}) is already in use on 127.0.0.1. Stop what uses it (another demo?), or choose another port: ${setting}=${port + 1} npm run demo`,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port free right now on 127.0.0.1, for the demo's internal pieces. */
export async function anyFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
