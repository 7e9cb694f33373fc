import { PEOPLE, channelMessage, personalMessage } from '../support/activities';
import { startE2E, type E2E } from '../support/e2e';

type LogLine = Record<string, unknown> & { msg: string };

jest.setTimeout(30_000);

/**
 * Structured logs an operator can follow (issue 4, "a correlation id per turn and per
 * request"): every line logged while one HTTP request is served, its turn included, carries the
 * same correlationId, whichever component wrote it; lines about a revocation request carry its
 * requestId.
 */
describe('correlation ids in the log', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  const linesSince = (from: number): LogLine[] =>
    e2e.logLines.slice(from).map((line) => JSON.parse(line) as LogLine);

  function freshTarget(): string {
    const name = `target.${Math.random().toString(36).slice(2, 8)}`;
    e2e.sim.tenant.addUser({ userPrincipalName: `${name}@contoso.com`, displayName: name });
    return `${name}@contoso.com`;
  }

  it('gives every line of a turn its request correlation id, and no other turn the same', async () => {
    const from = e2e.logLines.length;
    const first = freshTarget();
    const second = freshTarget();
    const activities = [first, second].map((upn) =>
      channelMessage(PEOPLE.sam, `revoke ${upn} phishing`, { serviceUrl: e2e.serviceUrl }),
    );
    // Two turns at once, so their lines interleave.
    const replies = await Promise.all(activities.map((a) => e2e.post(a)));
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    await e2e.lockdown.settle();
    const lines = linesSince(from);

    const ids = activities.map((activity) => {
      const turn = lines.filter((l) => l.inboundActivityId === activity.id);
      expect(turn.map((l) => l.msg)).toEqual(
        expect.arrayContaining(['activity admitted', 'request card posted']),
      );
      const correlationIds = new Set(turn.map((l) => l.correlationId));
      expect(correlationIds.size).toBe(1);
      const [correlationId] = [...correlationIds];
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      // Every line with that id belongs to this turn or to the HTTP request that carried it.
      const served = lines.filter((l) => l.correlationId === correlationId);
      for (const line of served) expect([activity.id, undefined]).toContain(line.inboundActivityId);
      expect(served.find((l) => l.msg === 'request answered')).toMatchObject({
        method: 'POST',
        path: '/api/messages',
        status: 200,
      });
      return correlationId;
    });
    expect(ids[0]).not.toBe(ids[1]);

    // The card posted for each target is logged with its request id, inside the right turn.
    for (const [index, upn] of [first, second].entries()) {
      const posted = e2e.connector
        .cards()
        .find((c) => c.call.path === '/v3/conversations' && JSON.stringify(c.card).includes(upn))!;
      const requestId = /LD-[0-9A-Z]{6}/.exec(JSON.stringify(posted.card))![0];
      expect(
        lines.find((l) => l.msg === 'request card posted' && l.requestId === requestId),
      ).toMatchObject({ correlationId: ids[index], inboundActivityId: activities[index]!.id });
    }
  });

  it('names the request on the lines of a command about it', async () => {
    const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${freshTarget()} phishing`);
    const from = e2e.logLines.length;
    const activity = personalMessage(PEOPLE.ava, `cancel ${posted.requestId}`, {
      serviceUrl: e2e.serviceUrl,
    });
    expect((await e2e.post(activity)).status).toBe(200);
    await e2e.lockdown.settle();
    const refused = linesSince(from).find(
      (l) => l.msg === 'refused' && l.code === 'ONLY_REQUESTER_CAN_CANCEL',
    );
    expect(refused).toMatchObject({ requestId: posted.requestId, inboundActivityId: activity.id });
    expect(refused!.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs a request refused at the HTTP edge with its correlation id and the reason', async () => {
    const from = e2e.logLines.length;
    const reply = await e2e.post('{"type": "message",');
    expect(reply.status).toBe(400);
    const answered = linesSince(from).filter((l) => l.msg === 'request answered');
    expect(answered).toEqual([
      expect.objectContaining({
        path: '/api/messages',
        status: 400,
        refused: 'The body is not valid JSON.',
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    ]);
  });
});
