import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE } from '../support/activities';
import { startE2E, textOf, type E2E } from '../support/e2e';

jest.setTimeout(30_000);

/**
 * The demo tenant (the one `npm run demo` starts) shows every state of the request card: the
 * synced user's on-premises instructions and the guest's note, before and after approval. The
 * privileged and break-glass refusals are in inputs-and-hardening.test.ts; the ordinary user in
 * whole-story.test.ts.
 */
describe("the demo tenant's accounts on the request card", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  async function revokeAndApprove(upn: string): Promise<{ asked: string; finished: string }> {
    const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${upn} compromised`);
    await e2e.click(PEOPLE.noah, VERBS.approve, { token: posted.token }, posted.place, {
      trigger: 'manual',
    });
    await e2e.lockdown.settle();
    return { asked: textOf(posted.card), finished: textOf(e2e.channelCard(posted)) };
  }

  it('a synced user: the card says what to do on premises, before and after', async () => {
    const { asked, finished } = await revokeAndApprove('dan.ortiz@contoso.com');
    expect(asked).toContain('Synced from on-premises AD');
    expect(asked).toMatch(/must also be disabled in AD \(and its password reset twice\)/);
    expect(finished).toContain(
      'Disable the account in Active Directory and reset its password twice',
    );
  });

  it('a guest: the card says Entra does not revoke its sessions', async () => {
    const { asked, finished } = await revokeAndApprove(
      'jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    );
    expect(asked).toContain('Guest');
    expect(asked).toMatch(/Entra does not revoke a guest's sessions/);
    expect(finished).toMatch(/ask (it|the guest's home organisation) to revoke them/);
  });
});
