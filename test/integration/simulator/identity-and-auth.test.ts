import { generateKeyPairSync, sign } from 'node:crypto';

import {
  DEFAULT_GRANTED_PERMISSIONS,
  type GraphSimulator,
} from '../../../src/simulator/graph/start-graph-simulator';
import { startTestGraphSimulator } from '../../support/graph-simulator';
import { DEMO, graph, issueToken } from './graph-test-client';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('Graph simulator: managed identity and token validation', () => {
  let sim: GraphSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    token = await issueToken(sim);
  });
  afterAll(() => sim.close());

  const tokenUrl = (query: string): string =>
    `${sim.identityEndpoint}?api-version=2019-08-01&${query}`;

  it('issues an app-only token to a caller presenting X-IDENTITY-HEADER', async () => {
    const resource = encodeURIComponent(sim.baseUrl);
    const response = await fetch(tokenUrl(`resource=${resource}&client_id=${sim.clientId}`), {
      headers: { 'x-identity-header': sim.identityHeader },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({
      access_token: expect.any(String),
      expires_on: expect.stringMatching(/^\d{10}$/),
      resource: sim.baseUrl,
      token_type: 'Bearer',
      client_id: sim.clientId,
    });
    expect(claimsOf(body.access_token)).toMatchObject({
      aud: sim.baseUrl,
      iss: `https://sts.windows.net/${sim.tenantId}/`,
      tid: sim.tenantId,
      appid: sim.clientId,
      azp: sim.clientId,
      idtyp: 'app',
      roles: expect.arrayContaining(['User.Read.All', 'User.EnableDisableAccount.All']),
    });
  });

  it.each([
    ['without the identity header', {}, `client_id=CLIENT`, 401],
    ['with a wrong identity header', { 'x-identity-header': 'nope' }, 'client_id=CLIENT', 401],
    ['for an unknown client id', 'HEADER', 'client_id=00000000-0000-4000-8000-000000000000', 400],
  ])('refuses a token request %s', async (_name, headers, query, status) => {
    const realHeaders =
      headers === 'HEADER' ? { 'x-identity-header': sim.identityHeader } : headers;
    const url = tokenUrl(
      `resource=${encodeURIComponent(sim.baseUrl)}&${query.replace('CLIENT', sim.clientId)}`,
    );
    const response = await fetch(url, { headers: realHeaders as Record<string, string> });
    expect(response.status).toBe(status);
  });

  it('refuses a token for a resource other than itself or Graph', async () => {
    const response = await fetch(tokenUrl('resource=https%3A%2F%2Fmanagement.azure.com'), {
      headers: { 'x-identity-header': sim.identityHeader },
    });
    expect(response.status).toBe(400);
  });

  it('accepts a token issued for https://graph.microsoft.com', async () => {
    const graphToken = await issueToken(sim, 'https://graph.microsoft.com');
    expect((await graph(sim, graphToken, 'GET', `/users/${DEMO.sam}`)).status).toBe(200);
  });

  it('answers 401 InvalidAuthenticationToken to a call without a token', async () => {
    const answer = await graph(sim, undefined, 'GET', `/users/${DEMO.sam}`, undefined, {
      'client-request-id': 'c0ffee00-0000-4000-8000-000000000001',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(answer.body).toEqual({
      error: {
        code: 'InvalidAuthenticationToken',
        message: 'Access token is empty.',
        innerError: {
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
          'request-id': answer.headers.get('request-id'),
          'client-request-id': 'c0ffee00-0000-4000-8000-000000000001',
        },
      },
    });
  });

  it('answers 401 with the CompactToken message to a garbage token', async () => {
    const answer = await graph(sim, 'not-a-jwt', 'GET', `/users/${DEMO.sam}`);
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toBe('CompactToken parsing failed with error code: 80049217');
  });

  it('answers 401 to a token that it did not sign', async () => {
    const [header, payload] = token.split('.');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = `${header}.${payload}.${sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;
    const answer = await graph(sim, forged, 'GET', `/users/${DEMO.sam}`);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('InvalidAuthenticationToken');
    expect(answer.body.error.message).toMatch(/^Access token validation failure\./);
  });

  it('answers 401 to a token whose claims were altered', async () => {
    const [header, , signature] = token.split('.');
    const claims = { ...claimsOf(token), roles: ['Directory.ReadWrite.All'] };
    const altered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect((await graph(sim, altered, 'GET', `/users/${DEMO.sam}`)).status).toBe(401);
  });

  it('answers 403 Authorization_RequestDenied to a token lacking the permission', async () => {
    sim.setGrantedPermissions(['User.Read.All']);
    try {
      const readOnly = await issueToken(sim);
      const answer = await graph(sim, readOnly, 'PATCH', `/users/${DEMO.bob}`, {
        accountEnabled: false,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      });
      expect(sim.tenant.getUser(DEMO.bob)?.accountEnabled).toBe(true);
      // A token issued before the change keeps its roles.
      expect(
        (await graph(sim, token, 'POST', `/users/${DEMO.bob}/revokeSignInSessions`)).status,
      ).toBe(200);
    } finally {
      sim.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    }
  });

  it('answers 401 to a token that expired on the simulator clock, and records the refusal', async () => {
    const shortLived = await issueToken(sim);
    sim.clock.advance(2 * 3600_000);
    const answer = await graph(sim, shortLived, 'GET', `/users/${DEMO.sam}`);
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(/expired/);
    const logged = sim.calls.all().at(-1);
    expect(logged).toMatchObject({
      method: 'GET',
      path: `/v1.0/users/${DEMO.sam}`,
      status: 401,
      applied: false,
    });
    expect((await graph(sim, await issueToken(sim), 'GET', `/users/${DEMO.sam}`)).status).toBe(200);
  });
});
