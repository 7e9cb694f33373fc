import { isTarget, type RevocationRequest } from '../domain/revocation/revocation-request';
import { type ObjectId } from '../domain/user-ref';
import { type Clock } from '../ports/clock';
import { type Directory } from '../ports/directory';
import { mapLimit } from '../use-cases/map-limit';
import { type SeenTeamsUsers } from './seen-teams-users';

const MEMBERSHIP_TTL_MS = 5 * 60_000;
/** Teams gives user-specific views to at most 60 users of a card. */
const MAX_VIEWERS = 60;

/**
 * Who should see Approve and Reject on a card: approver-group members other than the requester
 * and the targets. This only shapes views (membership cached for a few minutes, failures count
 * as "no"); every click is still checked live by the server.
 */
export class EligibleApprovers {
  private readonly cache = new Map<ObjectId, { member: boolean; until: number }>();

  constructor(
    private readonly directory: Directory,
    private readonly approverGroupId: ObjectId,
    private readonly seen: SeenTeamsUsers,
    private readonly clock: Clock,
  ) {}

  async teamsUserIds(request: RevocationRequest): Promise<string[]> {
    const candidates = this.seen
      .all()
      .filter(([id]) => id !== request.requester.aadObjectId && !isTarget(request, id))
      .slice(-4 * MAX_VIEWERS);
    const members = await mapLimit(candidates, 5, async ([id]) => this.isApprover(id));
    return candidates
      .filter((_, i) => members[i])
      .map(([, teamsId]) => teamsId)
      .slice(-MAX_VIEWERS);
  }

  async canDecide(request: RevocationRequest, viewer: ObjectId): Promise<boolean> {
    return (
      viewer !== request.requester.aadObjectId &&
      !isTarget(request, viewer) &&
      this.isApprover(viewer)
    );
  }

  private async isApprover(id: ObjectId): Promise<boolean> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.member;
    const member = await this.directory.isMemberOf(id, this.approverGroupId).catch(() => false);
    this.cache.set(id, { member, until: now + MEMBERSHIP_TTL_MS });
    return member;
  }
}
