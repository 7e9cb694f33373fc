import { randomUUID } from 'node:crypto';
import { ToBotFromBotOrEmulatorTokenValidationParameters } from 'botframework-connector';
import { PEOPLE, personalMessage } from '../support/activities';
import {
  BOT_ID,
  nowSeconds as now,
  startAuthenticatedE2E,
  type AuthenticatedE2E,
} from '../support/authenticated-e2e';
import { type BotFrameworkIssuer } from '../support/bot-framework-issuer';
import { textOf, type E2E } from '../support/e2e';

/** The SDK's process-wide list of Emulator issuers, which unverified `tid` claims grow. */
const sdkIssuers = () =>
  (ToBotFromBotOrEmulatorTokenValidationParameters.issuer as string[]).length;

jest.setTimeout(30_000);

/**
 * Threat-model finding 5 and T2-T4 with authentication on: a token must name the Bot Framework
 * channel service as its issuer before the SDK looks at it, and a channel token for anything but
 * Teams runs no turn.
 */
let stack: AuthenticatedE2E;
let issuer: BotFrameworkIssuer;
let e2e: E2E;

beforeAll(async () => {
  stack = await startAuthenticatedE2E();
  ({ issuer, e2e } = stack);
});
afterAll(async () => {
  await stack.close();
});

describe('tokens from issuers other than the Bot Framework channel service', () => {
  const helpActivity = (extra: Record<string, unknown> = {}) => stack.helpActivity(extra);
  const channelClaims = (extra: Record<string, unknown> = {}) => stack.channelClaims(extra);
  /** An Entra token minted for the bot's own identity, as the Emulator path accepts it. */
  const emulatorClaims = (iss: string, version: '1.0' | '2.0', tid: string) => ({
    iss,
    aud: BOT_ID,
    ...(version === '1.0' ? { appid: BOT_ID } : { azp: BOT_ID }),
    ver: version,
    tid,
    nbf: now() - 60,
    exp: now() + 600,
  });

  /** Posts `activity` with `token` and checks the refusal left no trace beyond the 401. */
  async function expectRefusedWithoutATurn(token: string, activity = helpActivity()) {
    const calls = e2e.connector.calls.length;
    const logged = e2e.logLines.length;
    const reply = await e2e.post(activity, { authorization: `Bearer ${token}` });
    await e2e.lockdown.settle();
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'Unauthorized.' });
    expect(e2e.connector.calls.length).toBe(calls);
    const lines = e2e.logLines.slice(logged);
    expect(lines.some((line) => line.includes('"msg":"activity admitted"'))).toBe(false);
    expect(lines.some((line) => line.includes('"msg":"activity not authenticated"'))).toBe(true);
  }

  it('still runs the turn for a token from the channel service', async () => {
    const reply = await e2e.post(helpActivity(), {
      authorization: `Bearer ${issuer.sign(channelClaims())}`,
    });
    expect(reply.status).toBe(200);
    expect(textOf(reply.body)).toMatch(/revoke <user>/);
  });

  it.each<[string, (tid: string) => Record<string, unknown>]>([
    [
      'an Entra v1 token (sts.windows.net) of the tenant',
      (tid) => emulatorClaims(`https://sts.windows.net/${tid}/`, '1.0', tid),
    ],
    [
      'an Entra v2 token (login.microsoftonline.com) of the tenant',
      (tid) => emulatorClaims(`https://login.microsoftonline.com/${tid}/v2.0`, '2.0', tid),
    ],
    [
      "a token from the Bot Framework's own Entra tenant",
      (tid) =>
        emulatorClaims('https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', '1.0', tid),
    ],
    [
      'a token naming any other issuer',
      (tid) => ({ ...channelClaims(), iss: 'https://issuer.example/', tid }),
    ],
  ])(
    'refuses %s with 401 before the SDK reads it: no turn, no metadata fetched, no issuer added',
    async (_case, claims) => {
      const issuers = sdkIssuers();
      const fetched = issuer.requests.length;
      // A tenant id never seen before: the SDK would add four issuers for it.
      await expectRefusedWithoutATurn(issuer.sign(claims(randomUUID())));
      expect(sdkIssuers()).toBe(issuers);
      expect(issuer.requests.slice(fetched)).toEqual([]);
    },
  );

  it('keeps the SDK issuer list flat under a stream of forged tokens with fresh tenant ids', async () => {
    const issuers = sdkIssuers();
    for (let i = 0; i < 20; i++) {
      const tid = randomUUID();
      const reply = await e2e.post(helpActivity(), {
        authorization: `Bearer ${issuer.sign(emulatorClaims(`https://sts.windows.net/${tid}/`, '1.0', tid))}`,
      });
      expect(reply.status).toBe(401);
    }
    expect(sdkIssuers()).toBe(issuers);
  });

  it.each<[string, () => string]>([
    [
      'a channel token signed with a key id the metadata does not publish',
      () => issuer.sign(channelClaims(), { kid: 'rotated-away-kid' }),
    ],
    ['a channel token without a key id', () => issuer.sign(channelClaims(), { kid: null })],
    ['a bearer value that is not a JWT', () => 'not-a-jwt-at-all'],
  ])('refuses %s with 401 and runs no turn', async (_case, token) => {
    await expectRefusedWithoutATurn(token());
  });
});

describe('a valid channel token on an activity that is not from Teams (T4)', () => {
  const channelToken = () =>
    issuer.sign({
      iss: 'https://api.botframework.com',
      aud: BOT_ID,
      serviceurl: e2e.serviceUrl,
      nbf: now() - 60,
      exp: now() + 600,
    });
  const helpFrom = (channelId: string) => ({
    ...personalMessage(PEOPLE.sam, 'help', {
      serviceUrl: e2e.serviceUrl,
      botId: BOT_ID,
      channelId,
    }),
    deliveryMode: 'expectReplies',
  });

  it('drops an empty channel id, which the SDK lets through without an endorsement check, and audits it', async () => {
    const calls = e2e.connector.calls.length;
    const activity = helpFrom('');
    const reply = await e2e.post(activity, { authorization: `Bearer ${channelToken()}` });
    await e2e.lockdown.settle();
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ activities: [] });
    expect(e2e.connector.calls.length).toBe(calls);
    const audited = (await e2e.auditRecords()).filter((r) => r.source?.activityId === activity.id);
    expect(audited).toMatchObject([
      { eventType: 'activity_rejected', outcome: 'refused', reason: 'channel "" is not msteams' },
    ]);
  });

  it.each([['AseChannel'], ['webchat']])(
    'refuses channel id %s with 401 (no endorsement for it) and runs no turn',
    async (channelId) => {
      const calls = e2e.connector.calls.length;
      const logged = e2e.logLines.length;
      const reply = await e2e.post(helpFrom(channelId), {
        authorization: `Bearer ${channelToken()}`,
      });
      await e2e.lockdown.settle();
      expect(reply.status).toBe(401);
      expect(e2e.connector.calls.length).toBe(calls);
      expect(e2e.logLines.slice(logged).join('\n')).not.toContain('"msg":"activity admitted"');
    },
  );
});
