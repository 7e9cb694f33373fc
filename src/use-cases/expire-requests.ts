import { SYSTEM_AUDIT_ACTOR } from '../domain/audit/audit-event';
import {
  evolve,
  isExpired,
  SYSTEM_ACTOR,
  type RevocationRequest,
} from '../domain/revocation/revocation-request';
import { type CoreDeps } from './core-deps';

/** Marks an open request past its expiry as expired (once, whoever gets there first). */
export async function expireIfDue(
  deps: CoreDeps,
  request: RevocationRequest,
): Promise<RevocationRequest> {
  const now = deps.clock.now();
  if (!isExpired(request, now)) return request;
  const expired = evolve(request, {
    status: 'expired',
    decision: { outcome: 'expired', by: SYSTEM_ACTOR, at: now.toISOString() },
  });
  if (!(await deps.requests.update(expired)))
    return (await deps.requests.get(request.id)) ?? request;
  await deps.audit.append({
    eventType: 'request_expired',
    requestId: request.id,
    actor: SYSTEM_AUDIT_ACTOR,
    outcome: 'info',
    before: { status: 'opened', expiresAt: request.expiresAt },
    after: { status: 'expired' },
  });
  await deps.notifier.showProgress(expired, await deps.requests.listSteps(expired.id));
  return expired;
}

/** The periodic sweep: every open request past its expiry, expired and its card updated. */
export async function expireRequests(deps: CoreDeps): Promise<number> {
  const open = await deps.requests.list({ statuses: ['opened'], limit: 500 });
  let expired = 0;
  for (const request of open) {
    if ((await expireIfDue(deps, request)).status === 'expired') expired++;
  }
  return expired;
}
