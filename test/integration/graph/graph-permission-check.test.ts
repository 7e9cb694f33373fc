import { type TokenCredential } from '@azure/identity';
import { connectGraph } from '../../../src/adapters/graph/create-graph-directory';
import { JsonLogger } from '../../../src/adapters/log/json-logger';
import { loadConfig } from '../../../src/config';
import { toObjectId } from '../../../src/domain/user-ref';
import { readinessProbe } from '../../../src/readiness-probe';
import { DEFAULT_GRANTED_PERMISSIONS } from '../../../src/simulator/graph/permissions';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { startPermissionCheck } from '../../../src/start-permission-check';
import { MINIMAL_ENV } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { issueToken } from '../simulator/graph-test-client';

const WITHHELD = ['User.RevokeSessions.All', 'Device.ReadWrite.All'];
const withheldGrant = () => DEFAULT_GRANTED_PERMISSIONS.filter((p) => !WITHHELD.includes(p));
const ADELE = toObjectId('a0000000-0000-4000-8000-000000000011');
const MISSING_LINE =
  'missing Graph application permissions: User.RevokeSessions.All, Device.ReadWrite.All';

// The check reads the token the simulator's identity endpoint issues, as production reads Entra's.
describe('the Graph permission check against the simulator', () => {
  let sim: GraphSimulator;
  const logLines: string[] = [];
  const log = new JsonLogger({ level: 'debug', write: (line) => logLines.push(line) });

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ grantedPermissions: withheldGrant() });
  });
  afterEach(() => sim.setGrantedPermissions(withheldGrant()));
  afterAll(async () => {
    await sim.close();
  });

  /** A fresh token from the identity endpoint on every call: each one may carry new roles. */
  const freshTokens: TokenCredential = {
    getToken: async () => ({
      token: await issueToken(sim),
      expiresOnTimestamp: Date.now() + 60_000,
    }),
  };

  function check(features: Record<string, string> = {}) {
    const configured = loadConfig({ ...MINIMAL_ENV, ...sim.env(), ...features });
    const graph = connectGraph(configured.graph, {}, freshTokens);
    const permissions = startPermissionCheck(configured, graph, log);
    return {
      graph,
      permissions,
      readyz: readinessProbe(log, { graphPermissions: permissions.readiness }),
    };
  }

  it('fails readyz naming both permissions the token lacks', async () => {
    const { readyz, permissions } = check();
    expect(await readyz()).toEqual({
      ready: false,
      checks: { graphPermissions: { ok: false, detail: MISSING_LINE } },
    });
    expect(permissions.missing()).toEqual(WITHHELD);
    expect(logLines.join('\n')).toContain('Graph permissions missing');
  });

  it('is ready once an administrator grants them and a new token carries them', async () => {
    const { readyz, permissions } = check();
    expect((await readyz()).ready).toBe(false);
    sim.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    expect(await readyz()).toEqual({ ready: true, checks: { graphPermissions: { ok: true } } });
    expect(permissions.missing()).toEqual([]);
  });

  it('sees a new grant with the next Graph call, without anyone asking readyz', async () => {
    const { graph, permissions } = check();
    await graph.directory.getUser(ADELE);
    expect(permissions.missing()).toEqual(WITHHELD);
    sim.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    await graph.directory.getUser(ADELE);
    expect(permissions.missing()).toEqual([]);
  });

  it('asks only for what the enabled steps need', async () => {
    const { readyz } = check({
      PIPELINE_STEPS: 'disable-account',
      AUTO_REVOKE_STEPS: 'disable-devices',
      WATCH_MODE: 'off',
    });
    expect(await readyz()).toMatchObject({ ready: true });
  });

  it("names a permission that only the watcher's automatic steps need", async () => {
    const { readyz } = check({
      PIPELINE_STEPS: 'disable-account',
      AUTO_REVOKE_STEPS: 'revoke-sessions',
      WATCH_MODE: 'delta',
    });
    expect(await readyz()).toMatchObject({
      checks: {
        graphPermissions: {
          ok: false,
          detail: 'missing Graph application permissions: User.RevokeSessions.All',
        },
      },
    });
  });

  it('fails readyz, without guessing, when the token carries no readable roles', async () => {
    const configured = loadConfig({ ...MINIMAL_ENV, ...sim.env() });
    const opaque: TokenCredential = {
      getToken: async () => ({ token: 'opaque-token', expiresOnTimestamp: Date.now() + 60_000 }),
    };
    const permissions = startPermissionCheck(
      configured,
      connectGraph(configured.graph, {}, opaque),
      log,
    );
    const readyz = readinessProbe(log, { graphPermissions: permissions.readiness });
    expect(await readyz()).toEqual({
      ready: false,
      checks: {
        graphPermissions: {
          ok: false,
          detail: 'the permissions in the Graph token cannot be read',
        },
      },
    });
    expect(permissions.missing()).toEqual([]);
  });

  it('accepts a broader permission Graph takes in place of the least one', async () => {
    sim.setGrantedPermissions([...withheldGrant(), 'Directory.ReadWrite.All']);
    const { readyz } = check();
    expect((await readyz()).ready).toBe(true);
  });
});
