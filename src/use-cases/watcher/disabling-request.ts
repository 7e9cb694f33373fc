import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { type ObjectId } from '../../domain/user-ref';
import { type CoreDeps } from '../core-deps';

/** How long after its run a Lockdown disable still explains a disabled account. */
const RECENT_MS = 24 * 3600_000;

/**
 * The Lockdown request that disabled this account (or is about to), if any: its own disable must
 * not be processed a second time as "disabled elsewhere" (SPEC section 5), and re-enabling the
 * account later is a snap-back of that request. With `enabledSince` (when the account was last
 * seen enabled), a finished disable from before then does not count: the account was enabled
 * again after it, so this disable is someone else's.
 */
export async function disablingRequest(
  deps: Pick<CoreDeps, 'requests'>,
  userId: ObjectId,
  now: Date,
  enabledSince?: Date,
): Promise<RevocationRequest | undefined> {
  const after = enabledSince?.getTime() ?? -Infinity;
  const requests = await deps.requests.list({ targetId: userId, limit: 10 });
  for (const request of requests) {
    if (request.kind !== 'manual' || !request.steps.includes('disable-account')) continue;
    if (request.status === 'approved' || request.status === 'running') return request;
    const finished = request.finishedAt ? Date.parse(request.finishedAt) : 0;
    if (
      (request.status === 'completed' || request.status === 'completed-with-failures') &&
      now.getTime() - finished < RECENT_MS
    ) {
      const steps = await deps.requests.listSteps(request.id);
      if (
        steps.some(
          (s) =>
            s.targetId === userId &&
            s.step === 'disable-account' &&
            s.status === 'done' &&
            Date.parse(s.updatedAt) >= after,
        )
      )
        return request;
    }
  }
  return undefined;
}
