import fs from 'node:fs';
import path from 'node:path';
import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE } from '../support/activities';
import { NOTIFICATION_SECRET, startE2E, type E2E } from '../support/e2e';
import { IdentityGate } from '../support/identity-gate';
import { automaticCardsFor, until, watcherIdle, watcherReady } from '../support/watcher-e2e';

const ADELE = { id: 'a0000000-0000-4000-8000-000000000011', upn: 'adele.vance@contoso.com' };
const MEGAN = { id: 'a0000000-0000-4000-8000-000000000013', upn: 'megan.bowen@contoso.com' };
const STEPS = 'disable-account,revoke-sessions,disable-devices,reset-password';

jest.setTimeout(60_000);

/**
 * threat-model T26 and SPEC section 6: no secret reaches the logs, the channel or the store. The
 * whole story runs with LOG_LEVEL=debug (a revocation with a password reset, approved by a
 * second analyst, and an automatic revocation by the watcher's webhook path); then every log
 * line, every Bot Connector call, the store's files and the audit export are searched for each
 * secret the run handled.
 */
describe('secrets in a whole run at debug level', () => {
  let e2e: E2E;
  let gate: IdentityGate;

  beforeAll(async () => {
    e2e = await startE2E({
      webhooks: true,
      env: { LOG_LEVEL: 'debug', PIPELINE_STEPS: STEPS },
      // Lockdown's managed identity goes through a gate that keeps every access token issued.
      envFromSim: async (sim) => {
        gate = await new IdentityGate(sim.identityEndpoint).start();
        return { IDENTITY_ENDPOINT: gate.url };
      },
    });
    await watcherReady(e2e, true);
  });
  afterAll(async () => {
    await e2e?.close();
    await gate?.close();
  });

  it('never writes a token, the identity secret, the clientState or the password anywhere', async () => {
    const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${ADELE.upn} phishing, see INC-4411`);
    const approved = await e2e.click(
      PEOPLE.noah,
      VERBS.approve,
      { token: posted.token },
      posted.place,
    );
    expect(approved.status).toBe(200);
    await e2e.lockdown.settle();
    const password = e2e.sim.tenant.lastPasswordSet(ADELE.id);
    expect(password).toBeDefined();

    await e2e.simAdmin('POST', `users/${MEGAN.id}/disable`, { by: 'grace.hill@contoso.com' });
    await until('the automatic revocation card', () =>
      automaticCardsFor(e2e, MEGAN.upn).length > 0 ? true : undefined,
    );
    await watcherIdle(e2e);

    const logs = e2e.logLines.join('\n');
    const aboveDebug = e2e.logLines.filter((l) => !l.includes('"level":"debug"')).join('\n');
    const messages = JSON.stringify(e2e.connector.calls);
    const haystacks = {
      logs,
      'Bot Connector calls': messages,
      'store files': storeFiles(e2e.dataDir),
      'audit export': JSON.stringify(await e2e.auditRecords()),
    };
    // The search covers what the run produced: debug lines, the pipeline's report, the request.
    expect(logs).toContain('"level":"debug"');
    expect(messages).toContain('A random password was set');
    expect(messages).toContain('Automatic revocation');
    for (const text of Object.values(haystacks)) expect(text).toContain(posted.requestId);
    expect(gate.issuedTokens.length).toBeGreaterThan(0);

    const secrets: Record<string, readonly string[]> = {
      // Each part of each token on its own: a token cut short still leaks its signature.
      'a Graph access token': gate.issuedTokens.flatMap((t) => [t, ...t.split('.')]),
      IDENTITY_HEADER: [e2e.sim.identityHeader],
      GRAPH_NOTIFICATION_SECRET: [NOTIFICATION_SECRET],
      'the generated password': [password!],
    };
    const found = Object.entries(haystacks).flatMap(([where, text]) =>
      Object.entries(secrets)
        .filter(([, values]) => values.some((v) => text.includes(v)))
        .map(([what]) => `${what} in the ${where}`),
    );
    expect(found).toEqual([]);

    // Card tokens are the request's key: the card carries them, the store keeps them, and the
    // logs above debug never show them.
    const cardTokens = [...messages.matchAll(/"token":"([^"]+)"/g)].map((m) => m[1]!);
    expect(cardTokens).toContain(posted.token);
    expect(cardTokens.filter((t) => aboveDebug.includes(t))).toEqual([]);
  });
});

/** The store's files as bytes on disk (the database and its write-ahead log). */
function storeFiles(dataDir: string): string {
  return fs
    .readdirSync(dataDir)
    .map((file) => fs.readFileSync(path.join(dataDir, file)).toString('latin1'))
    .join('\n');
}
