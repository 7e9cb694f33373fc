import { type ObjectId } from '../domain/user-ref';

const CAPACITY = 2_000;

/**
 * Teams user ids (29:…) of people who have talked to Lockdown, by Entra object id. Cards list
 * eligible approvers' Teams ids in `refresh.userIds` so that they alone see the buttons; Teams
 * vouches for these ids on inbound activities. Kept in memory: after a restart, an approver not
 * seen since gets the "Show my options" button instead of an automatic refresh.
 */
export class SeenTeamsUsers {
  private readonly users = new Map<ObjectId, string>();

  remember(aadObjectId: ObjectId, teamsUserId: string | undefined): void {
    if (!teamsUserId) return;
    this.users.delete(aadObjectId);
    this.users.set(aadObjectId, teamsUserId);
    if (this.users.size > CAPACITY) this.users.delete(this.users.keys().next().value!);
  }

  all(): ReadonlyArray<readonly [ObjectId, string]> {
    return [...this.users.entries()];
  }
}
