import path from 'node:path';
import { asTeamsSends } from '../../../src/cli/demo/act-as-proxy';
import { actorKeys } from '../../../src/cli/demo/actor-keys';
import { readDemoSettings } from '../../../src/cli/demo/demo-settings';
import { readEnvFile } from '../../../src/cli/demo/dotenv-file';
import { readPlaygroundContext } from '../../../src/cli/demo/playground-people';
import { loadConfig } from '../../../src/config';
import {
  loadTenantSeed,
  DEMO_TENANT_PATH,
} from '../../../src/simulator/graph/start-graph-simulator';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const context = readPlaygroundContext(path.join(ROOT, '.m365agentsplayground.yml'));
const env = readEnvFile(path.join(ROOT, 'env', '.env.playground'));
const tenant = loadTenantSeed(DEMO_TENANT_PATH);

describe("the demo's Teams context matches its tenant", () => {
  it('every Playground person is a real user of the demo tenant, with the same name and UPN', () => {
    for (const person of context.people) {
      const user = tenant.users.find((u) => u.id === person.aadObjectId);
      expect({ upn: user?.userPrincipalName, name: user?.displayName }).toEqual({
        upn: person.userPrincipalName,
        name: person.name,
      });
    }
  });

  it('the tenant, the security channel and the groups are the ones env/.env.playground names', () => {
    expect(context.tenantId).toBe(tenant.tenant.id);
    expect(env.ALLOWED_TENANT_IDS).toBe(tenant.tenant.id);
    expect(context.channels.map((c) => c.id)).toContain(env.SECURITY_CHANNEL_ID);
    const members = (groupId: string | undefined) =>
      tenant.groups.find((g) => g.id === groupId)?.members ?? [];
    // The walkthrough: the current user requests, Ava Chen approves.
    expect(members(env.REQUESTER_GROUP_ID)).toContain(context.currentUser.aadObjectId);
    const ava = context.people.find((p) => p.name === 'Ava Chen');
    expect(members(env.APPROVER_GROUP_ID)).toContain(ava?.aadObjectId);
  });

  it('env/.env.playground is a configuration Lockdown accepts, once the demo adds its parts', () => {
    const config = loadConfig({
      ...env,
      GRAPH_ENDPOINT: 'https://127.0.0.1:1',
      GRAPH_NOTIFICATION_SECRET: 'a-generated-secret-of-24-chars',
    });
    expect(config.bot.appId).toBe('');
    expect(config.server.host).toBe('127.0.0.1');
  });

  it('gives every person a distinct key, and none of them q (stop)', () => {
    const keys = actorKeys(context.people).map((k) => k.key);
    expect(new Set(keys).size).toBe(context.people.length);
    expect(keys).not.toContain('q');
  });
});

describe('the act-as relay', () => {
  const ava = context.people.find((p) => p.name === 'Ava Chen')!;
  const send = (activity: object): Record<string, unknown> =>
    JSON.parse(asTeamsSends(Buffer.from(JSON.stringify(activity)), ava).toString()) as Record<
      string,
      unknown
    >;

  it('sends what the Playground sent as the person acting now', () => {
    const sent = send({ type: 'message', text: 'hi', from: { id: '29:1-sam-rivera' } });
    expect(sent.from).toEqual({ id: ava.id, name: ava.name, aadObjectId: ava.aadObjectId });
    expect(sent.text).toBe('hi');
  });

  it('marks a card click manual as Teams does, and leaves any trigger it has alone', () => {
    const click = { action: { verb: 'lockdown.approve', data: { token: 't' } } };
    const invoke = { type: 'invoke', name: 'adaptiveCard/action', from: {} };
    expect(send({ ...invoke, value: click }).value).toEqual({ ...click, trigger: 'manual' });
    expect(send({ ...invoke, value: { ...click, trigger: 'automatic' } }).value).toEqual({
      ...click,
      trigger: 'automatic',
    });
    expect(send({ type: 'message', from: {}, value: click }).value).toEqual(click);
  });

  it('passes anything that is not an activity through unchanged', () => {
    expect(asTeamsSends(Buffer.from('not json'), ava).toString()).toBe('not json');
  });
});

describe('demo settings', () => {
  it('refuses a port that is not one, naming the variable', () => {
    expect(() => readDemoSettings({ PORT: '99999' }, ROOT)).toThrow(
      'PORT: "99999" is not a port number (1 to 65535)',
    );
    expect(() => readDemoSettings({ TEAMSAPPTESTER_PORT: 'x' }, ROOT)).toThrow(
      'TEAMSAPPTESTER_PORT',
    );
    expect(readDemoSettings({}, ROOT)).toMatchObject({ lockdownPort: 3978, playgroundPort: 56150 });
  });
});
