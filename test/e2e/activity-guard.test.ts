import Database from 'better-sqlite3';
import path from 'node:path';
import { VERBS } from '../../src/teams/cards/verbs';
import {
  CHANNEL,
  PEOPLE,
  cardInvoke,
  channelMessage,
  personalMessage,
} from '../support/activities';
import { ConnectorRecorder } from '../support/connector-recorder';
import { startE2E, textOf, type E2E } from '../support/e2e';

const FOREIGN_TENANT = '0badc0de-0000-4000-8000-00000000beef';

jest.setTimeout(30_000);

/**
 * The activity guard through the real server (threat-model T4, T5, T6): an activity that is not
 * from Teams, not from the allowed tenant, or names a Bot Connector Lockdown does not know is
 * dropped before any route runs; nothing changes, nothing is sent, and the refusal is audited.
 */
describe('the activity guard', () => {
  let e2e: E2E;
  /** A second Bot Connector, on a host that is not on the allow list. */
  let foreign: ConnectorRecorder;
  let foreignUrl: string;

  beforeAll(async () => {
    e2e = await startE2E();
    foreign = await new ConnectorRecorder().start();
    // Same listener, reached by a name that is not TEAMS_SERVICE_URL's host (127.0.0.1).
    foreignUrl = foreign.url.replace('127.0.0.1', 'localhost');
  });
  afterAll(async () => {
    await e2e.close();
    await foreign.close();
  });

  const requestCount = (): number => {
    const db = new Database(path.join(e2e.dataDir, 'lockdown.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  /** A revoke in the channel for a fresh user: had it been admitted, a request and a card. */
  const freshRevoke = (options: { serviceUrl?: string } = {}) => {
    const name = `target.${Math.random().toString(36).slice(2, 8)}`;
    e2e.sim.tenant.addUser({ userPrincipalName: `${name}@contoso.com`, displayName: name });
    const activity = channelMessage(PEOPLE.sam, `revoke ${name}@contoso.com compromised`, {
      serviceUrl: options.serviceUrl ?? e2e.serviceUrl,
    });
    return { activity, upn: `${name}@contoso.com` };
  };

  /** Posts `activity` and checks it changed nothing, reached no one and was audited once. */
  async function expectDropped(
    activity: Record<string, unknown> & { id: string },
    audit: { eventType: string; reason: string },
    expectedStatus = 200,
  ): Promise<void> {
    const requests = requestCount();
    const calls = e2e.connector.calls.length;
    const foreignCalls = foreign.calls.length;
    e2e.sim.calls.clear();
    const reply = await e2e.post(activity);
    await e2e.lockdown.settle();
    expect(reply.status).toBe(expectedStatus);
    expect(foreign.calls.slice(foreignCalls)).toEqual([]);
    expect(e2e.connector.calls.slice(calls)).toEqual([]);
    expect(requestCount()).toBe(requests);
    expect(e2e.sim.calls.mutations()).toEqual([]);
    // No user was even looked up.
    expect(e2e.sim.calls.all().filter((c) => c.path.includes('@'))).toEqual([]);
    const audited = (await e2e.auditRecords()).filter((r) => r.source?.activityId === activity.id);
    expect(audited).toMatchObject([{ ...audit, outcome: 'refused' }]);
  }

  it('admits the same revoke when nothing is wrong with it (the control case)', async () => {
    const { activity, upn } = freshRevoke();
    const requests = requestCount();
    expect((await e2e.post(activity)).status).toBe(200);
    await e2e.lockdown.settle();
    expect(requestCount()).toBe(requests + 1);
    expect(JSON.stringify(e2e.connector.cards().at(-1)?.card)).toContain(upn);
  });

  describe('T4: only Teams', () => {
    it.each([
      ['an empty channel id', ''],
      ['AseChannel', 'AseChannel'],
      ['webchat', 'webchat'],
      ['emulator', 'emulator'],
    ])('drops %s', async (_case, channelId) => {
      const { activity } = freshRevoke();
      await expectDropped(
        { ...activity, channelId },
        { eventType: 'activity_rejected', reason: `channel "${channelId}" is not msteams` },
      );
    });

    it('drops an activity without a conversation', async () => {
      const { activity } = freshRevoke();
      const { conversation: _gone, ...withoutConversation } = activity;
      await expectDropped(withoutConversation, {
        eventType: 'activity_rejected',
        reason: 'no conversation id',
      });
    });

    it('drops an activity whose conversation has no id', async () => {
      const { activity } = freshRevoke();
      await expectDropped(
        { ...activity, conversation: { ...activity.conversation, id: '' } },
        { eventType: 'activity_rejected', reason: 'no conversation id' },
      );
    });
  });

  describe('T5: only the allowed tenant, named the same in both places', () => {
    const missingOrDisagreeing = {
      eventType: 'tenant_rejected',
      reason: 'the tenant fields are missing or disagree',
    };
    it.each<[string, (a: ReturnType<typeof freshRevoke>['activity']) => Record<string, unknown>]>([
      [
        'without conversation.tenantId',
        (a) => ({ ...a, conversation: { ...a.conversation, tenantId: undefined } }),
      ],
      [
        'without channelData.tenant',
        (a) => ({
          ...a,
          channelData: { team: a.channelData.team, channel: a.channelData.channel },
        }),
      ],
      ['without channelData', (a) => ({ ...a, channelData: undefined })],
      [
        'without either tenant field',
        (a) => ({
          ...a,
          conversation: { ...a.conversation, tenantId: undefined },
          channelData: { ...a.channelData, tenant: undefined },
        }),
      ],
      [
        'with the allowed tenant in conversation and a foreign one in channelData',
        (a) => ({ ...a, channelData: { ...a.channelData, tenant: { id: FOREIGN_TENANT } } }),
      ],
      [
        'with a foreign tenant in conversation and the allowed one in channelData',
        (a) => ({ ...a, conversation: { ...a.conversation, tenantId: FOREIGN_TENANT } }),
      ],
    ])('drops a message %s', async (_case, change) => {
      const { activity } = freshRevoke();
      await expectDropped({ ...change(activity), id: activity.id }, missingOrDisagreeing);
    });

    it('drops a message from a foreign tenant named in both places', async () => {
      const { activity } = freshRevoke();
      await expectDropped(
        {
          ...activity,
          conversation: { ...activity.conversation, tenantId: FOREIGN_TENANT },
          channelData: { ...activity.channelData, tenant: { id: FOREIGN_TENANT } },
        },
        { eventType: 'tenant_rejected', reason: `tenant ${FOREIGN_TENANT} is not allowed` },
      );
    });

    it('answers a card click whose tenant fields disagree with 403 and decides nothing', async () => {
      const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${freshRevoke().upn} compromised`);
      const click = cardInvoke(PEOPLE.noah, VERBS.approve, { token: posted.token }, posted.place, {
        serviceUrl: e2e.serviceUrl,
      });
      await expectDropped(
        { ...click, channelData: { ...click.channelData, tenant: { id: FOREIGN_TENANT } } },
        missingOrDisagreeing,
        403,
      );
      const status = await e2e.click(
        PEOPLE.noah,
        VERBS.refresh,
        { token: posted.token },
        posted.place,
      );
      expect(textOf(status.body)).toContain('Waiting for approval');
    });
  });

  describe('T6: only the Bot Connectors on the allow list', () => {
    it('drops a message whose serviceUrl is on another host, and sends that host nothing', async () => {
      const { activity } = freshRevoke({ serviceUrl: foreignUrl });
      await expectDropped(activity, {
        eventType: 'activity_rejected',
        reason: 'serviceUrl host localhost is not allowed',
      });
    });

    it('drops a message whose serviceUrl is plain http to an allowed Teams host', async () => {
      const { activity } = freshRevoke({ serviceUrl: 'http://smba.trafficmanager.net/teams/' });
      await expectDropped(activity, {
        eventType: 'activity_rejected',
        reason: 'serviceUrl host (none) is not allowed',
      });
    });

    it('drops a message with no serviceUrl', async () => {
      const { activity } = freshRevoke();
      await expectDropped(
        { ...activity, serviceUrl: undefined },
        { eventType: 'activity_rejected', reason: 'serviceUrl host (none) is not allowed' },
      );
    });

    it('never posts through a serviceUrl smuggled into a stored request', async () => {
      const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${freshRevoke().upn} compromised`);
      const db = new Database(path.join(e2e.dataDir, 'lockdown.db'));
      const row = db.prepare('SELECT body FROM requests WHERE id = ?').get(posted.requestId) as {
        body: string;
      };
      const stored = JSON.parse(row.body) as Record<string, unknown>;
      const tampered = {
        ...stored,
        serviceUrl: foreignUrl,
        conversationReference: { serviceUrl: foreignUrl, conversation: { id: CHANNEL } },
        card: { ...(stored.card as object), serviceUrl: foreignUrl },
      };
      db.prepare('UPDATE requests SET body = ? WHERE id = ?').run(
        JSON.stringify(tampered),
        posted.requestId,
      );
      db.close();
      const foreignCalls = foreign.calls.length;
      const before = e2e.connector.calls.length;

      // The requester cancels: the request card is updated in place, proactively.
      const reply = await e2e.post(
        personalMessage(PEOPLE.sam, `cancel ${posted.requestId}`, { serviceUrl: e2e.serviceUrl }),
      );
      expect(reply.status).toBe(200);
      await e2e.lockdown.settle();

      expect(foreign.calls.length).toBe(foreignCalls);
      const update = e2e.connector.calls
        .slice(before)
        .find(
          (c) =>
            c.method === 'PUT' &&
            c.path ===
              `/v3/conversations/${posted.place.conversationId}/activities/${posted.place.replyToId}`,
        );
      expect(textOf(update?.body)).toContain('Cancelled');
    });
  });
});
