import { randomUUID } from 'node:crypto';

import { type Fault, type FaultInjector } from './graph-simulator';
import { GraphRequestError } from './graph-response';

interface ActiveFault {
  id: string;
  fault: Fault;
  pattern: RegExp;
  remaining: number;
}

/** Error code and message Graph uses for each injected status. */
const STATUS_ERRORS: Readonly<Record<number, [string, string]>> = {
  400: ['Request_BadRequest', 'Invalid request.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
  404: ['Request_ResourceNotFound', 'Resource does not exist.'],
  409: ['Conflict', 'The request conflicts with the current state of the resource.'],
  412: ['PreconditionFailed', 'The precondition given in the request evaluated to false.'],
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['Service_InternalServerError', 'Encountered an internal server error.'],
  502: ['BadGateway', 'The server received an invalid response from an upstream server.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response in time.'],
};

/**
 * Scripted failures: throttling, outages, slow or hanging answers, and "applied but reported as
 * failed" writes. Matching is on method and the path without '/v1.0' or query.
 */
export class FaultRegistry implements FaultInjector {
  private faults: ActiveFault[] = [];

  add(fault: Fault): string {
    const id = randomUUID();
    const pattern = typeof fault.path === 'string' ? globToRegExp(fault.path) : fault.path;
    this.faults.push({ id, fault, pattern, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this request, consuming one of its `times`. */
  take(method: string, path: string, viaBatch: boolean): Fault | undefined {
    const match = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.fault.method === undefined || f.fault.method.toUpperCase() === method) &&
        (!viaBatch || f.fault.inBatch !== false) &&
        matches(f.pattern, path),
    );
    if (match === undefined) return undefined;
    match.remaining -= 1;
    if (match.remaining <= 0) this.remove(match.id);
    return match.fault;
  }
}

/** The error a fault answers with (Retry-After per the fault; 429 defaults to 1 second). */
export function faultError(fault: Fault & { status: number }): GraphRequestError {
  const [code, message] = STATUS_ERRORS[fault.status] ?? ['UnknownError', 'Injected failure.'];
  const retryAfter = fault.retryAfter === undefined && fault.status === 429 ? 1 : fault.retryAfter;
  const headers: Record<string, string> =
    retryAfter === null || retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
  return new GraphRequestError(fault.status, code, message, headers);
}

function globToRegExp(glob: string): RegExp {
  const parts = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`, 'i');
}

function matches(pattern: RegExp, path: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(path);
}
