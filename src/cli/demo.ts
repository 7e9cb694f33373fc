import path from 'node:path';
import { actorKeys, listenForKeys } from './demo/actor-keys';
import { readDemoSettings } from './demo/demo-settings';
import { startDemo } from './demo/start-demo';
import { walkthrough } from './demo/walkthrough';

/**
 * `npm run demo`: Lockdown end to end on this machine, nothing real touched. Starts the Graph
 * simulator with the Contoso demo tenant, Lockdown on loopback against it, and the Microsoft 365
 * Agents Playground as the Teams client; prints the URL and a walkthrough; the keys typed here
 * choose which member of the security team the Playground acts as. Ctrl-C stops everything.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const settings = readDemoSettings(process.env, root);
  console.log('Starting the simulated tenant, Lockdown and the Agents Playground ...');
  const demo = await startDemo(settings);
  const keys = actorKeys(demo.context.people);
  const approver = keys.find((k) => k.person.name === 'Ava Chen') ?? keys[1]!;
  console.log(
    walkthrough({
      playgroundUrl: demo.playgroundUrl,
      requester: demo.context.currentUser,
      approver,
      keys,
      graphUrl: demo.graphUrl,
      demoDir: displayPath(settings.demoDir),
    }),
  );
  console.log(`Acting as ${demo.proxy.actingAs().name}.`);

  let stopping = false;
  const stop = (why: string, exitCode = 0): void => {
    if (stopping) return;
    stopping = true;
    stopKeys();
    console.log(`\n${why}; stopping the demo ...`);
    void demo.close().then(() => process.exit(exitCode));
  };
  const stopKeys = listenForKeys(process.stdin, keys, {
    actAs: (person) => {
      demo.proxy.actAs(person);
      console.log(`Acting as ${person.name}.`);
    },
    stop: () => stop('Stop requested'),
  });
  process.once('SIGINT', () => stop('Ctrl-C'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  void demo.childStopped.then((why) => stop(`${why}; see the logs in ${settings.demoDir}`, 1));
}

main().catch((error: unknown) => {
  console.error(
    `The demo could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

/** A path relative to where the person typed the command, unless that is further away. */
function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}
