import { randomUUID, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';

import { type TokenService } from './token-service';

export interface IdentityEndpointOptions {
  tokens: TokenService;
  identityHeader: string;
  clientId: string;
  /** Resources a token may be requested for (no trailing slash). */
  resources: readonly string[];
  /** Roles to put in the token, read at issue time (setGrantedPermissions affects new ones). */
  roles: () => readonly string[];
}

/**
 * The App Service managed-identity protocol (api-version 2019-08-01), as @azure/identity's
 * ManagedIdentityCredential calls it: GET /msi/token?resource=…&client_id=… with the
 * X-IDENTITY-HEADER secret. Plain HTTP on loopback, like the real platform endpoint.
 */
export function createIdentityHandler(options: IdentityEndpointOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/msi/token') return reply(res, 404, 'Not found.');
    if (req.method !== 'GET') return reply(res, 405, 'Only GET is supported.');
    if (!sameSecret(req.headers['x-identity-header'], options.identityHeader)) {
      return reply(res, 401, 'The X-IDENTITY-HEADER header is missing or invalid.');
    }
    if (url.searchParams.get('api-version') !== '2019-08-01') {
      return reply(res, 400, 'Unsupported api-version; expected 2019-08-01.');
    }
    const clientId = url.searchParams.get('client_id');
    if (clientId !== null && clientId.toLowerCase() !== options.clientId) {
      return reply(
        res,
        400,
        'No Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
      );
    }
    const resource = (url.searchParams.get('resource') ?? '').replace(/\/+$/, '');
    if (!options.resources.includes(resource)) {
      return reply(res, 400, `Invalid resource '${resource}' for this simulated tenant.`);
    }
    const { token, expiresOn } = options.tokens.issue(resource, options.roles());
    const body = {
      access_token: token,
      expires_on: String(expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: options.clientId,
    };
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** App Service's error shape: { statusCode, message, correlationId }. */
function reply(res: ServerResponse, statusCode: number, message: string): void {
  res.writeHead(statusCode, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ statusCode, message, correlationId: randomUUID() }));
}
