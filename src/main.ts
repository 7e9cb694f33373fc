import { ConfigError, loadConfig, type Config } from './config';
import { startLockdown } from './start-lockdown';

/**
 * `npm start`: reads the configuration (refusing to start on any problem), starts Lockdown, and
 * on SIGTERM (App Service restarts, deploys) stops taking work, releases run leases for a
 * successor and flushes the store (threat-model R33).
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\nLockdown did not start. See README.md, "Configuration".`);
    process.exitCode = 1;
    return;
  }
  const lockdown = await startLockdown(config).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(
        `${config.server.host}:${config.server.port} is already in use; stop what uses it or set PORT.`,
      );
    }
    throw error;
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    lockdown.log.info('stopping', { signal });
    void lockdown.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`Lockdown stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
