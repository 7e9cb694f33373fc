import { DEFAULT_GRANTED_PERMISSIONS } from '../../src/simulator/graph/permissions';
import { PEOPLE, personalMessage } from '../support/activities';
import { startE2E, textOf, type E2E } from '../support/e2e';

const WITHHELD = ['User.RevokeSessions.All', 'Device.ReadWrite.All'];
const MISSING_LINE =
  'missing Graph application permissions: User.RevokeSessions.All, Device.ReadWrite.All';

jest.setTimeout(30_000);

// Issue 7: Lockdown reads the permissions its Graph token carries and names any missing one,
// to the operator (/readyz) and to the security team (help). The simulator's identity endpoint
// issues the token, without two of the permissions the default steps need.
describe('missing Graph permissions, named by readyz and the help card', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({
      sim: {
        grantedPermissions: DEFAULT_GRANTED_PERMISSIONS.filter((p) => !WITHHELD.includes(p)),
      },
    });
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('fails /readyz with a graphPermissions check naming both', async () => {
    const response = await fetch(`${e2e.lockdown.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      ready: false,
      checks: {
        store: { ok: true },
        graphCredential: { ok: true },
        graphPermissions: { ok: false, detail: MISSING_LINE },
      },
    });
  });

  it('shows the same line on the help card', async () => {
    const before = e2e.connector.calls.length;
    const reply = await e2e.post(
      personalMessage(PEOPLE.sam, 'help', { serviceUrl: e2e.serviceUrl }),
    );
    expect(reply.status).toBe(200);
    await e2e.lockdown.settle();
    const shown = e2e.connector.calls
      .slice(before)
      .map((c) => textOf(c.body))
      .join('\n');
    expect(shown).toContain('Missing permissions');
    expect(shown).toContain(MISSING_LINE);
  });
});
