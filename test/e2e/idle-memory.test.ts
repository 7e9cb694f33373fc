import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type GraphSimulator } from '../../src/simulator/graph/start-graph-simulator';
import { VERBS } from '../../src/teams/cards/verbs';
import { CHANNEL, PEOPLE, TENANT, cardInvoke, channelMessage } from '../support/activities';
import { ConnectorRecorder } from '../support/connector-recorder';
import { requestIdIn, textOf, tokenIn } from '../support/e2e';
import { MINIMAL_ENV } from '../support/graph-connection';
import { startTestGraphSimulator } from '../support/graph-simulator';
import { startLockdownProcess, type LockdownProcess } from '../support/lockdown-process';
import { printFigure } from '../support/print-figure';

/** SPEC section 10: idle memory (RSS) stays under 160 MB. Printed, never asserted. */
const SPEC_IDLE_RSS_MB = 160;
const REQUESTS = 50;
const AT_ONCE = 5;

jest.setTimeout(180_000);

/**
 * The memory Lockdown takes, measured on its own process started as `npm start` starts it (the
 * test runner's own memory would drown the figure): idle after start, idle after the whole
 * story once, and after 50 more revocation requests opened, approved and carried out.
 */
describe('memory of a running Lockdown', () => {
  let sim: GraphSimulator;
  let connector: ConnectorRecorder;
  let lockdown: LockdownProcess;
  let dataDir: string;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    connector = await new ConnectorRecorder().start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-memory-'));
    lockdown = await startLockdownProcess({
      ...MINIMAL_ENV,
      ...sim.env(),
      PORT: '0',
      DATA_DIR: dataDir,
      TEAMS_SERVICE_URL: connector.url,
      ALLOWED_TENANT_IDS: TENANT,
      SECURITY_CHANNEL_ID: CHANNEL,
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    await lockdown?.close();
    await connector?.close();
    await sim?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (activity: unknown): Promise<Response> =>
    fetch(`${lockdown.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });

  /** The whole story for one user: asked, approved by a second person, carried out. */
  async function wholeStory(upn: string): Promise<void> {
    const serviceUrl = connector.url;
    expect(
      (await post(channelMessage(PEOPLE.sam, `revoke ${upn} leaver`, { serviceUrl }))).status,
    ).toBe(200);
    const created = await connector.waitFor(
      (c) => c.path === '/v3/conversations' && JSON.stringify(c.body).includes(upn),
      30_000,
    );
    const card = (created.body!.activity as { attachments: Array<{ content: unknown }> })
      .attachments[0]!.content;
    const threadId = (created.response!.body as { id: string }).id;
    const place = { conversationId: threadId, replyToId: threadId.split('=')[1]! };
    const approve = cardInvoke(PEOPLE.noah, VERBS.approve, { token: tokenIn(card) }, place, {
      serviceUrl,
    });
    expect((await post(approve)).status).toBe(200);
    await connector.waitFor(
      (c) =>
        c.method === 'PUT' &&
        c.path === `/v3/conversations/${threadId}/activities/${place.replyToId}` &&
        /Completed/.test(textOf(c.body)),
      60_000,
    );
    expect(sim.tenant.getUser(upn)!.accountEnabled).toBe(false);
    expect(textOf(card)).toContain(requestIdIn(card));
  }

  function report(moment: string): void {
    const memory = lockdown.memory();
    printFigure(
      memory
        ? `Lockdown RSS ${moment}: ${memory.rssMiB.toFixed(0)} MiB (peak ${memory.peakMiB.toFixed(0)} MiB; SPEC target for idle: under ${SPEC_IDLE_RSS_MB} MB)`
        : `Lockdown RSS ${moment}: not measurable here (no /proc)`,
    );
  }

  it('runs the whole story, then 50 more requests, and reports its memory at each stage', async () => {
    await sleep(2_000);
    report('idle after start');

    sim.tenant.addUser({ userPrincipalName: 'memory.first@contoso.com', displayName: 'First' });
    await wholeStory('memory.first@contoso.com');
    await sleep(2_000);
    report('idle after the whole story once');

    sim.tenant.addUsers(REQUESTS, {
      userPrincipalName: 'memory.load{n}@contoso.com',
      displayName: 'Load {n}',
    });
    const started = Date.now();
    for (let n = 1; n <= REQUESTS; n += AT_ONCE) {
      const batch = Array.from({ length: Math.min(AT_ONCE, REQUESTS - n + 1) }, (_, i) => n + i);
      await Promise.all(batch.map((i) => wholeStory(`memory.load${i}@contoso.com`)));
    }
    const seconds = (Date.now() - started) / 1000;
    report(`right after ${REQUESTS} more requests`);
    await sleep(2_000);
    report(`idle after ${REQUESTS} more requests`);
    printFigure(
      `${REQUESTS} revocation requests opened, approved and carried out in ${seconds.toFixed(1)} s (${AT_ONCE} at a time)`,
    );
    // Lockdown's own errors; Node's deprecation notices reach the log as library lines.
    const errors = lockdown
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":"error"') && !line.includes('"source":"library"'));
    expect(errors).toEqual([]);
  });
});
