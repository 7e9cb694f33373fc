import { type TeamsDeps } from '../teams-deps';
import { type PersonActor } from '../turn-actor';
import { cardTokenOf } from './card-token';

/**
 * Resume on the circuit breaker's review card: the first click asks, a second person confirms
 * (SPEC section 5). Answers with the card as it now stands.
 */
export async function resumeAutomation(
  deps: TeamsDeps,
  actor: PersonActor,
  data: unknown,
): Promise<object> {
  const token = cardTokenOf(data);
  const outcome = await deps.watcher.control.resume(token, actor);
  return outcome.state === 'awaiting-second'
    ? deps.alertCards.breaker({ token, pausedAt: outcome.pausedAt, resumeRequestedBy: outcome.by })
    : deps.alertCards.breaker({
        token,
        pausedAt: outcome.pausedAt,
        resumedBy: outcome.by,
        released: outcome.released,
      });
}

/**
 * "Open a re-disable request" on a snap-back card: a new request, by the clicker, that a second
 * member of the team approves on its own card. Answers with the snap-back card naming it.
 */
export async function redisableSnapBack(
  deps: TeamsDeps,
  actor: PersonActor,
  data: unknown,
): Promise<object> {
  const { request, snapBack } = await deps.watcher.redisable.execute(cardTokenOf(data), actor);
  return deps.alertCards.snapBackRedisabled(snapBack, request.targets[0]!, {
    requestId: request.id,
    by: actor.displayName,
  });
}
