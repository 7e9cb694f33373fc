import { parseUserRef } from '../../../src/domain/user-ref';
import { type GraphSimulator } from '../../../src/simulator/graph/start-graph-simulator';
import { connectToSimulator } from '../../support/graph-connection';
import { startTestGraphSimulator } from '../../support/graph-simulator';

/**
 * threat-model T16 and T17 at the Graph adapter: typed text goes through exactly what the Teams
 * surface puts before Graph (the grammar check, then one lookup by the Graph adapter, over
 * HTTPS to the simulator). Path, query, fragment and OData-filter tricks are refused before any
 * Graph call at all; odd but valid names reach Graph as one literal, in one read.
 */
describe('typed input on the resolve path', () => {
  let sim: GraphSimulator;
  let graph: ReturnType<typeof connectToSimulator>;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    graph = connectToSimulator(sim);
  });
  beforeEach(() => sim.calls.clear());
  afterAll(async () => {
    graph.restoreEnv();
    await sim.close();
  });

  const resolveTyped = async (text: string) => graph.directory.resolveUser(parseUserRef(text));

  it.each([
    ['../ in the name', 'x/../../servicePrincipals/1@contoso.com'],
    ['../ after a real user', 'adele.vance@contoso.com/../../servicePrincipals/1'],
    ['a bare ../', '../users/a0000000-0000-4000-8000-000000000011'],
    ['? adding query options', 'adele.vance@contoso.com?$select=passwordProfile'],
    ['? before the @', 'a?$top=999@contoso.com'],
    ['# cutting the path short', 'adele.vance@contoso.com#/servicePrincipals'],
    ['# before the @', 'a#b@contoso.com'],
    ['an encoded slash', 'x%2F..%2Fgroups@contoso.com'],
    ['encoded dots and slash', '%2e%2e%2fgroups@contoso.com'],
    ['a backslash', 'a\\..\\groups@contoso.com'],
    ['an OData filter clause', "x' or '1' eq '1"],
    ['a filter clause after a real user', "adele.vance@contoso.com' or startswith(displayName,'a"],
    ['a $batch path', '$batch'],
    ['a $batch path after a real user', 'adele.vance@contoso.com/$batch'],
    ['a smuggled batch body', '{"requests":[{"id":"1","method":"PATCH","url":"/users/x"}]}'],
    ['an absolute URL', 'https://graph.microsoft.com/v1.0/servicePrincipals'],
    ['a header on a new line', 'adele.vance@contoso.com\r\nX-Injected: 1'],
    ['a Cyrillic look-alike letter', 'аdele.vance@contoso.com'],
    ['500 characters', `${'a'.repeat(488)}@contoso.com`],
  ])('refuses %s before any Graph call', async (_case, text) => {
    await expect(resolveTyped(text)).rejects.toMatchObject({ code: 'USER_REFERENCE_INVALID' });
    expect(sim.calls.all()).toEqual([]);
  });

  it('reaches Graph for a plain name, so an empty call log means nothing was sent', async () => {
    const user = await resolveTyped('adele.vance@contoso.com');
    expect(user.id).toBe('a0000000-0000-4000-8000-000000000011');
    expect(sim.calls.all().map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /v1.0/users/adele.vance@contoso.com',
    ]);
  });

  it.each([
    ['a quote in the name (T17)', "o'brien@contoso.com", "/v1.0/users/o'brien@contoso.com"],
    [
      'a would-be filter without spaces',
      "x'or'1'eq'1@contoso.com",
      "/v1.0/users/x'or'1'eq'1@contoso.com",
    ],
    ['a name starting with $batch', '$batch@contoso.com', "/v1.0/users('$batch@contoso.com')"],
    ['a $ name with a quote', "$o'x@contoso.com", "/v1.0/users('$o''x@contoso.com')"],
  ])('sends %s as one literal in one read, never a filter or a batch', async (_case, upn, path) => {
    const created = sim.tenant.addUser({ userPrincipalName: upn });
    const user = await resolveTyped(upn);
    expect(user.id).toBe(created.id);
    const calls = sim.calls.all();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${path}`]);
    expect(calls[0]!.query).not.toMatch(/\$filter|\$batch/);
    expect(calls[0]!.viaBatch).toBe(false);
  });
});
