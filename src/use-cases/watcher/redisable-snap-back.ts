import { DomainError } from '../../domain/errors';
import { toRequestId } from '../../domain/revocation/request-id';
import { type Actor, type RevocationRequest } from '../../domain/revocation/revocation-request';
import { type ObjectId } from '../../domain/user-ref';
import { type RevokedUser } from '../../domain/watcher/watched-user';
import { type RequestRevocation } from '../request-revocation';
import { type WatcherDeps } from './watcher-deps';

/** A claim older than this was left by a click that never finished (a crash): it may be taken. */
const STALE_CLAIM_MS = 5 * 60_000;
/** Re-disable requests that ended without disabling anything leave the account free to ask again. */
const ENDED_UNDONE = new Set(['rejected', 'expired', 'cancelled']);

/**
 * The snap-back card's button (SPEC section 5): opens a NEW request, by the person who clicked,
 * for the account that is enabled again. It follows the two-person rule and the same pipeline as
 * any request. A marker on the account makes two clicks (or two people) open one request, not
 * two; a re-disable request that ends without disabling anything frees the button again.
 */
export class RedisableSnapBack {
  constructor(
    private readonly deps: WatcherDeps,
    private readonly open: RequestRevocation,
  ) {}

  /** `token`: the snap-back card's token. Returns the new request and the account's record. */
  async execute(
    token: string,
    requester: Actor & { readonly aadObjectId: ObjectId },
  ): Promise<{ readonly request: RevocationRequest; readonly snapBack: RevokedUser }> {
    const user = await this.deps.watch.revokedUserBySnapBackToken(token);
    if (!user) throw new DomainError('CARD_NOT_RECOGNISED');
    if (user.snapBackReportedAt === null)
      throw new DomainError('NOTHING_TO_REDISABLE', { user: user.userPrincipalName });
    const claim = `claim:${this.deps.clock.now().toISOString()}:${this.deps.ids.cardToken()}`;
    if (!(await this.claim(user, claim))) {
      const busy = user.redisableRequestId;
      throw new DomainError('REDISABLE_ALREADY_OPEN', {
        requestId: busy && !busy.startsWith('claim:') ? busy : 'being opened',
      });
    }
    let request: RevocationRequest;
    try {
      request = await this.open.execute({
        requester,
        targets: [{ kind: 'objectId', id: user.userId }],
        reason: `Re-disable: enabled again after ${user.requestId} had revoked it.`,
      });
    } catch (error) {
      await this.deps.watch
        .swapRedisable(user.userId, claim, user.redisableRequestId)
        .catch((failure: unknown) =>
          this.deps.log.warn('could not release a re-disable claim', {
            userId: user.userId,
            error: failure,
          }),
        );
      throw error;
    }
    await this.deps.watch.swapRedisable(user.userId, claim, request.id);
    return { request, snapBack: user };
  }

  private async claim(user: RevokedUser, claim: string): Promise<boolean> {
    const current = user.redisableRequestId;
    if (current !== null && !(await this.isFree(current))) return false;
    return this.deps.watch.swapRedisable(user.userId, current, claim);
  }

  /** A stale claim, or a re-disable request that ended without disabling the account. */
  private async isFree(marker: string): Promise<boolean> {
    if (marker.startsWith('claim:')) {
      const claimedAt = Date.parse(marker.slice('claim:'.length, marker.lastIndexOf(':')));
      return !(this.deps.clock.now().getTime() - claimedAt < STALE_CLAIM_MS);
    }
    const request = await this.deps.requests.get(toRequestId(marker));
    return request === undefined || ENDED_UNDONE.has(request.status);
  }
}
