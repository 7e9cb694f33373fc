import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { printFigure } from '../support/print-figure';
import { startDemoProcess, type DemoProcess } from '../support/demo-process';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HEADLESS_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'demo');
const STEPS = ['Snapshot', 'Disable account', 'Revoke sessions', 'Disable devices', 'Verify'];

const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  printFigure(
    `SKIPPED the demo browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

/**
 * `npm run demo` driven the way a person uses it: the Playground in a browser, the request typed
 * as one analyst, approved as another (by typing that person's key in the demo's terminal), the
 * card followed to its finished state; then an account disabled "in the portal" with
 * `npm run tenant`, and the watcher's alert in the channel.
 */
(hasChromium ? describe : describe.skip)('npm run demo in a browser', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemoProcess();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: HEADLESS_FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    expect(await demo?.stop()).toBe(0);
  }, 60_000);

  it('takes a revocation from the typed command to the finished card', async () => {
    const started = Date.now();
    await page.goto(demo.playgroundUrl);
    await page.getByText('Security', { exact: true }).first().click();
    await mentionLockdown(page, 'revoke adele.vance@contoso.com phishing');
    const options = page.getByRole('button', { name: 'Show my options' }).first();
    await options.waitFor();
    // The requester sees no Approve: the Playground shows the base card, and asks for theirs.

    const mark = demo.output().length;
    demo.type('a');
    await demo.waitForOutput(/Acting as Ava Chen/, mark);
    await options.click();
    await page.getByRole('button', { name: 'Approve' }).first().click();

    const card = page.locator('.ac-adaptiveCard', { hasText: /Completed — LD-/ }).first();
    await card.waitFor({ timeout: 60_000 });
    // The summary, a reply in the card's thread.
    await page
      .getByText(/LD-\w+ completed\./)
      .first()
      .waitFor();
    const text = await card.innerText();
    expect(text).toContain('Approved by Ava Chen');
    expect(stepStates(text)).toEqual(STEPS.map((step) => [step, 'Done']));
    expect(text).not.toMatch(/Failed/);
    printFigure(`demo browser run: typed command to finished card in ${Date.now() - started} ms`);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'request-completed.png'),
      fullPage: true,
    });

    const adele = JSON.parse(await demo.tenant('show', 'adele.vance@contoso.com')) as {
      accountEnabled: boolean;
    };
    expect(adele.accountEnabled).toBe(false);
  }, 120_000);

  it('tells the channel when an account is disabled in the portal, having revoked it', async () => {
    await demo.tenant('disable', 'alex.wilber@contoso.com');
    const card = page
      .locator('.ac-adaptiveCard', { hasText: /Automatic revocation/ })
      .filter({ hasText: 'alex.wilber@contoso.com' })
      .filter({ hasText: /Completed — LD-/ })
      .first();
    await card.waitFor({ timeout: 60_000 });
    const text = await card.innerText();
    expect(text).toContain('Disabled outside Lockdown by grace.hill@contoso.com');
    expect(stepStates(text)).toEqual(
      ['Snapshot', 'Revoke sessions', 'Disable devices', 'Verify'].map((s) => [s, 'Done']),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'watcher-alert.png'), fullPage: true });
  }, 90_000);
});

/** Each step's row on the card, as [step, state]; a row's details (devices) sit in between. */
function stepStates(cardText: string): Array<[string, string]> {
  const lines = cardText.split('\n').map((line) => line.replace(/[·\s]+$/, '').trim());
  const rows = lines.flatMap((line, i) => (STEPS.includes(line) ? [i] : []));
  return rows.map((row, n) => {
    const state = lines
      .slice(row + 1, rows[n + 1])
      .find((l) => /^(Done|Failed|Skipped|Running|Waiting)/.test(l));
    return [lines[row]!, state ?? '(none)'];
  });
}

/** Posts in the current channel with an @mention of the bot, as Teams requires for bots. */
async function mentionLockdown(page: Page, text: string): Promise<void> {
  await page.locator('[data-lexical-editor="true"]').first().click();
  await page.keyboard.type('@Lock', { delay: 30 });
  await page.getByRole('menuitem', { name: 'Lockdown' }).click();
  await page.keyboard.type(` ${text}`);
  await page.keyboard.press('Enter');
}
