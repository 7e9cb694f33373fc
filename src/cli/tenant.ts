import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { readDemoSettings } from './demo/demo-settings';
import { readDemoState, type DemoState } from './demo/demo-state';

const HELP = `npm run tenant -- <command>: change the running demo's simulated tenant "from outside",
as an administrator in the Entra admin center (or Entra Connect sync) would. Lockdown notices through
change notifications and delta queries, as it would in a real tenant.

  disable <user>   disable the account (Lockdown revokes its sessions and tells the channel)
  enable <user>    enable the account again (for an account Lockdown revoked: a snap-back alert)
  sync-cycle       run an Entra Connect sync cycle: synced accounts take their on-premises state
  show <user>      the account as the simulator holds it

<user> is a UPN (adele.vance@contoso.com) or an object id. Start the demo first: npm run demo`;

/** Who the directory audit log names for these changes: the demo tenant's Global Administrator. */
const PORTAL_ADMIN = 'grace.hill@contoso.com';

const USER = /^[A-Za-z0-9._%+#@-]{1,200}$/;

/** `npm run tenant`: the demo tenant's admin, through the Graph simulator's admin API. */
async function main(args: readonly string[]): Promise<void> {
  const [command, user, ...extra] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return;
  }
  const needsUser = ['disable', 'enable', 'show'].includes(command);
  if (!needsUser && command !== 'sync-cycle') throw new UsageError(`unknown command "${command}"`);
  if (needsUser && (!user || !USER.test(user))) {
    throw new UsageError(`${command} needs one user: a UPN or an object id`);
  }
  if (extra.length > 0 || (!needsUser && user)) {
    throw new UsageError(`unexpected "${[user, ...extra].filter(Boolean).join(' ')}"`);
  }
  const root = path.resolve(__dirname, '..', '..');
  const state = readDemoState(readDemoSettings(process.env, root).demoDir);
  const who = encodeURIComponent(user ?? '');
  if (command === 'show') return print(await admin(state, 'GET', `users/${who}`));
  if (command === 'sync-cycle') return print(await admin(state, 'POST', 'sync-cycle'));
  await admin(state, 'POST', `users/${who}/${command}`, { by: PORTAL_ADMIN });
  console.log(`${user} is ${command}d. Watch the security channel in the Playground.`);
}

function admin(state: DemoState, method: string, route: string, body?: object): Promise<unknown> {
  const url = new URL(`/_simulator/${route}`, state.graphUrl);
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: fs.readFileSync(state.caFile),
        headers: {
          'x-simulator-key': state.adminKey,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const parsed: unknown = text ? JSON.parse(text) : undefined;
          if ((res.statusCode ?? 500) < 300) return resolve(parsed);
          const why = (parsed as { error?: string } | undefined)?.error ?? `HTTP ${res.statusCode}`;
          reject(new Error(res.statusCode === 404 ? 'no such user in the demo tenant' : why));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

class UsageError extends Error {}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`tenant: ${message}${error instanceof UsageError ? `\n\n${HELP}` : ''}`);
  process.exitCode = 1;
});
