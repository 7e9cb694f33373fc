import http from 'node:http';
import zlib from 'node:zlib';
import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE, channelMessage, personalMessage } from '../support/activities';
import { startE2E, textOf, type E2E } from '../support/e2e';

/** A raw HTTP request, for what fetch will not send (bad encodings, lying headers). */
function raw(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/api/messages`, { method: 'POST', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

jest.setTimeout(30_000);

describe('the HTTP surface under bad input', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  async function stillServing(): Promise<void> {
    expect((await fetch(`${e2e.lockdown.url}/healthz`)).status).toBe(200);
  }

  it('refuses a gzip body without inflating it, and keeps serving', async () => {
    const activity = Buffer.from(
      JSON.stringify(personalMessage(PEOPLE.sam, 'help', { serviceUrl: e2e.serviceUrl })),
    );
    const reply = await raw(
      e2e.lockdown.url,
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      zlib.gzipSync(activity),
    );
    expect(reply.status).toBe(415);
    await stillServing();
  });

  it('survives Content-Encoding: gzip on a body that is not gzip (the restify crash)', async () => {
    const reply = await raw(
      e2e.lockdown.url,
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      Buffer.from('not gzip at all'),
    );
    expect(reply.status).toBe(415);
    await stillServing();
  });

  it('refuses an oversized body with 413', async () => {
    const huge = Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) }));
    const reply = await raw(e2e.lockdown.url, { 'content-type': 'application/json' }, huge);
    expect(reply.status).toBe(413);
    await stillServing();
  });

  it.each([
    ['malformed JSON', '{"type": "message",'],
    ['a JSON array', '[{"type":"message"}]'],
    ['an activity without a type', '{"text":"help"}'],
    ['an activity with a numeric type', '{"type": 7}'],
  ])('answers %s with 400 and a generic body', async (_case, body) => {
    const reply = await e2e.post(body);
    expect(reply.status).toBe(400);
    expect(reply.text).not.toMatch(/at .*\.js|stack|Error:/);
    await stillServing();
  });

  it('refuses a non-JSON content type', async () => {
    const reply = await raw(
      e2e.lockdown.url,
      { 'content-type': 'text/plain' },
      Buffer.from('help'),
    );
    expect(reply.status).toBe(415);
  });

  it('answers a card invoke for an unknown verb with a card, never a 501', async () => {
    const reply = await e2e.click(
      PEOPLE.noah,
      'lockdown.nonsense',
      { token: 'whatever-token-123' },
      { conversationId: 'x', replyToId: '1' },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
    });
  });
});

describe('commands: bad input gets its specific message and creates nothing', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  /** Sends a command in the channel and returns everything Lockdown answered, as text. */
  async function answerTo(text: string): Promise<string> {
    const before = e2e.connector.calls.length;
    const reply = await e2e.post(channelMessage(PEOPLE.sam, text, { serviceUrl: e2e.serviceUrl }));
    expect(reply.status).toBe(200);
    await e2e.lockdown.settle();
    return e2e.connector.calls
      .slice(before)
      .map((c) => `${c.body?.text ?? ''}\n${textOf(c.body)}`)
      .join('\n');
  }

  it.each([
    [
      'a malformed UPN',
      'revoke adele.vance@contoso phishing',
      /"adele.vance@contoso" is not a user principal name .* the domain "contoso" has no dot/,
    ],
    [
      'a path-injection attempt',
      'revoke x/../../servicePrincipals/1@contoso.com phishing',
      /contains '\.\.'/,
    ],
    [
      'an unknown user',
      'revoke nobody.here@contoso.com phishing',
      /No user nobody.here@contoso.com exists in the directory/,
    ],
    [
      'more than 50 users',
      `revoke ${Array.from({ length: 51 }, (_, i) => `u${i}@contoso.com`).join(' ')} leaver`,
      /at most 50 users; this one names 51/,
    ],
    ['a missing reason', 'revoke adele.vance@contoso.com', /Give a reason after the users/],
    ['no user at all', 'revoke phishing', /Name at least one user/],
    [
      'a break-glass account',
      'revoke breakglass01@contoso.onmicrosoft.com compromised',
      /protected break-glass account/,
    ],
    [
      'a Global Administrator',
      'revoke grace.hill@contoso.com compromised',
      /holds the privileged role Global Administrator/,
    ],
    ['a bad request id', 'cancel LD-1', /"LD-1" is not a request id/],
  ])('names the problem for %s', async (_case, text, message) => {
    e2e.sim.calls.clear();
    expect(await answerTo(text)).toMatch(message);
    expect(e2e.connector.calls.some((c) => c.path === '/v3/conversations')).toBe(false);
    expect(e2e.sim.calls.mutations()).toEqual([]);
  });

  it('answers anything it does not understand with the help', async () => {
    expect(await answerTo('please lock alice out')).toMatch(
      /I did not understand "please lock alice out"[\s\S]*revoke <user>/,
    );
  });

  it('refuses status and pending to people outside the security team', async () => {
    const before = e2e.connector.calls.length;
    await e2e.post(personalMessage(PEOPLE.adele, 'pending', { serviceUrl: e2e.serviceUrl }));
    await e2e.lockdown.settle();
    expect(
      e2e.connector.calls
        .slice(before)
        .map((c) => textOf(c.body))
        .join(),
    ).toMatch(/Only members of the security team can see/);
  });

  it('refuses a decision sent as Action.Submit (a message carrying card data)', async () => {
    const before = e2e.connector.calls.length;
    const submit = {
      ...personalMessage(PEOPLE.noah, '', { serviceUrl: e2e.serviceUrl }),
      text: undefined,
      value: { verb: VERBS.approve, token: 'token-from-a-copied-card' },
    };
    expect((await e2e.post(submit)).status).toBe(200);
    await e2e.lockdown.settle();
    expect(
      e2e.connector.calls
        .slice(before)
        .map((c) => textOf(c.body))
        .join(),
    ).toMatch(/A decision needs a click on the card's button/);
  });
});
