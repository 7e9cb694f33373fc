import { TENANT } from '../support/activities';
import {
  BOT_ID,
  nowSeconds as now,
  startAuthenticatedE2E,
  type AuthenticatedE2E,
} from '../support/authenticated-e2e';
import { type BotFrameworkIssuer } from '../support/bot-framework-issuer';
import { textOf, type E2E } from '../support/e2e';

jest.setTimeout(30_000);

describe('Bot Framework authentication with BOT_ID set', () => {
  let issuer: BotFrameworkIssuer;
  let e2e: E2E;

  let stack: AuthenticatedE2E;

  beforeAll(async () => {
    stack = await startAuthenticatedE2E();
    ({ issuer, e2e } = stack);
  });
  afterAll(async () => {
    await stack.close();
  });

  /** A `help` message that asks for its replies in the HTTP response (no outbound token needed). */
  const helpActivity = () => stack.helpActivity();
  const channelToken = (overrides: Record<string, unknown> = {}) =>
    issuer.sign(stack.channelClaims(overrides));

  it('accepts a valid channel token and runs the turn', async () => {
    const reply = await e2e.post(helpActivity(), { authorization: `Bearer ${channelToken()}` });
    expect(reply.status).toBe(200);
    expect(textOf(reply.body)).toMatch(/revoke <user>/);
  });

  it.each<[string, () => Record<string, string>]>([
    ['no token', () => ({})],
    ['a lowercase bearer scheme', () => ({ authorization: `bearer ${channelToken()}` })],
    [
      'a token for another audience',
      () => ({
        authorization: `Bearer ${channelToken({ aud: '0badc0de-0000-4000-8000-000000000000' })}`,
      }),
    ],
    [
      'a token from another issuer',
      () => ({ authorization: `Bearer ${channelToken({ iss: 'https://login.evil.example' })}` }),
    ],
    [
      'an expired token',
      () => ({ authorization: `Bearer ${channelToken({ nbf: now() - 3600, exp: now() - 600 })}` }),
    ],
    [
      'a serviceurl claim for another host',
      () => ({ authorization: `Bearer ${channelToken({ serviceurl: 'http://127.0.0.1:9/' })}` }),
    ],
    [
      'a token signed with a key the metadata does not publish',
      () => ({
        authorization: `Bearer ${issuer.sign({ iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: e2e.serviceUrl, nbf: now() - 60, exp: now() + 600 }, { signWith: 'stranger' })}`,
      }),
    ],
    [
      'an unsigned token (alg none)',
      () => ({
        authorization: `Bearer ${issuer.sign({ iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: e2e.serviceUrl, exp: now() + 600 }, { alg: 'none' })}`,
      }),
    ],
    [
      'an HS256 token keyed with the public key',
      () => ({
        authorization: `Bearer ${issuer.sign({ iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: e2e.serviceUrl, exp: now() + 600 }, { alg: 'HS256' })}`,
      }),
    ],
    [
      "an Emulator-style token minted with the bot's own identity",
      () => ({
        authorization: `Bearer ${issuer.sign({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', aud: BOT_ID, appid: BOT_ID, ver: '1.0', tid: TENANT, nbf: now() - 60, exp: now() + 600 })}`,
      }),
    ],
  ])('refuses %s with 401, runs no turn and leaks nothing', async (_case, headers) => {
    const calls = e2e.connector.calls.length;
    const logged = e2e.logLines.length;
    const reply = await e2e.post(helpActivity(), headers());
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'Unauthorized.' });
    await e2e.lockdown.settle();
    expect(e2e.connector.calls.length).toBe(calls);
    const newLog = e2e.logLines.slice(logged).join('\n');
    expect(newLog).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.|BEGIN [A-Z ]*KEY|MII[A-Za-z0-9+/]{20}/);
    expect(newLog).not.toContain('"msg":"refused"');
  });

  it("captures the library's own complaint about a bad signature in the log, with the keys redacted", async () => {
    const logged = e2e.logLines.length;
    const token = issuer.sign(
      {
        iss: 'https://api.botframework.com',
        aud: BOT_ID,
        serviceurl: e2e.serviceUrl,
        exp: now() + 600,
      },
      { signWith: 'stranger' },
    );
    expect((await e2e.post(helpActivity(), { authorization: `Bearer ${token}` })).status).toBe(401);
    const newLog = e2e.logLines.slice(logged).join('\n');
    expect(newLog).toMatch(
      /"msg":"Error finding key for token. Available keys: \[redacted-key\]\\n","source":"library"/,
    );
    expect(newLog).not.toMatch(/MII[A-Za-z0-9+/]{20}/);
  });

  it('refuses an authenticated activity addressed to another bot', async () => {
    const activity = { ...helpActivity(), recipient: { id: '28:another-bot', name: 'Other' } };
    const reply = await e2e.post(activity, { authorization: `Bearer ${channelToken()}` });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ activities: [] });
  });
});
