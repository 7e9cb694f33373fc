import {
  fromGraphFailure,
  fromTransportFailure,
} from '../../../../src/adapters/graph/graph-errors';
import { parseRetryAfter } from '../../../../src/adapters/graph/graph-client';

const graphError = (code: string, requestId = 'req-1') => ({
  error: {
    code,
    message: 'Graph says no.',
    innerError: { date: '2026-11-22T10:00:00', 'request-id': requestId },
  },
});
const headers =
  (values: Record<string, string> = {}) =>
  (name: string) =>
    values[name.toLowerCase()] ?? null;

describe('fromGraphFailure', () => {
  it.each([
    [401, 'InvalidAuthenticationToken', 'read-user', 'GRAPH_UNAUTHORIZED'],
    [403, 'Authorization_RequestDenied', 'disable-user', 'GRAPH_FORBIDDEN'],
    [404, 'Request_ResourceNotFound', 'read-user', 'USER_NOT_FOUND'],
    [404, 'Request_ResourceNotFound', 'disable-device', 'DEVICE_NOT_FOUND'],
    [429, 'TooManyRequests', 'revoke-sessions', 'GRAPH_THROTTLED'],
    [500, 'generalException', 'read-user', 'GRAPH_UNAVAILABLE'],
    [502, 'badGateway', 'read-user', 'GRAPH_UNAVAILABLE'],
    [503, 'serviceNotAvailable', 'read-user', 'GRAPH_UNAVAILABLE'],
    [504, 'gatewayTimeout', 'read-user', 'GRAPH_UNAVAILABLE'],
    [400, 'Request_BadRequest', 'reset-password', 'GRAPH_BAD_REQUEST'],
  ] as const)(
    'maps HTTP %i %s on %s to %s and keeps the request-id',
    (status, code, operation, expected) => {
      const error = fromGraphFailure(
        operation,
        { status, body: graphError(code), header: headers() },
        'subject',
      );
      expect(error.code).toBe(expected);
      expect(error.context).toMatchObject({ status, graphCode: code, graphRequestId: 'req-1' });
      expect(error.userMessage).not.toContain('Graph says no.');
    },
  );

  it('names the missing permission for a 403', () => {
    const error = fromGraphFailure('revoke-sessions', {
      status: 403,
      body: graphError('Authorization_RequestDenied'),
      header: headers(),
    });
    expect(error.userMessage).toContain('User.RevokeSessions.All');
    expect(error.context.permission).toBe('User.RevokeSessions.All');
  });

  it('carries Retry-After from a 429', () => {
    const error = fromGraphFailure('disable-user', {
      status: 429,
      body: graphError('TooManyRequests'),
      header: headers({ 'retry-after': '2.128' }),
    });
    expect(error.context.retryAfterSeconds).toBeCloseTo(2.128);
    expect(error.retryable).toBe(true);
    expect(error.userMessage).toContain('3 s');
  });

  it('falls back to the request-id header when the body has none', () => {
    const error = fromGraphFailure('read-user', {
      status: 503,
      body: 'Service Unavailable',
      header: headers({ 'request-id': 'hdr-9' }),
    });
    expect(error.context.graphRequestId).toBe('hdr-9');
  });
});

describe('fromTransportFailure', () => {
  it('treats a credential failure as an authentication problem', () => {
    const cause = Object.assign(new Error('ManagedIdentityCredential: no endpoint'), {
      name: 'CredentialUnavailableError',
    });
    expect(fromTransportFailure('read-user', cause).code).toBe('GRAPH_UNAUTHORIZED');
  });

  it('treats a timeout and a refused connection as Graph being unavailable', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect(fromTransportFailure('read-user', timeout).userMessage).toContain('no answer in time');
    expect(fromTransportFailure('read-user', new TypeError('fetch failed')).userMessage).toContain(
      'no connection',
    );
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2],
    ['0.5', 0.5],
    ['-3', 0],
  ])('reads %s as %s seconds', (value, seconds) => {
    expect(parseRetryAfter(value)).toBe(seconds);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:03 GMT', now)).toBe(3);
  });

  it.each([null, undefined, '', 'soon'])('has no value for %j', (value) => {
    expect(parseRetryAfter(value)).toBeUndefined();
  });
});
