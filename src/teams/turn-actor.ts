import { type Activity } from 'botbuilder';
import { type Actor } from '../domain/revocation/revocation-request';
import { isObjectId, toObjectId, type ObjectId } from '../domain/user-ref';

export type PersonActor = Actor & { readonly aadObjectId: ObjectId };

/**
 * Who is acting: `from.aadObjectId`, the only identity Teams vouches for (threat-model T7). The
 * display name is for people to read, never for a rule. Undefined when the activity carries no
 * Entra object id (then nobody is acting and nothing may change).
 */
export function actorOf(activity: Partial<Activity>): PersonActor | undefined {
  const aadObjectId = activity.from?.aadObjectId;
  if (typeof aadObjectId !== 'string' || !isObjectId(aadObjectId)) return undefined;
  return {
    aadObjectId: toObjectId(aadObjectId),
    displayName: (activity.from?.name ?? '').trim() || aadObjectId,
    teamsUserId: activity.from?.id,
  };
}
