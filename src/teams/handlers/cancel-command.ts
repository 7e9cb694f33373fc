import { type TurnContext } from 'botbuilder';
import { type RequestId } from '../../domain/revocation/request-id';
import { type TeamsDeps } from '../teams-deps';
import { type PersonActor } from '../turn-actor';

/** `cancel <request-id>`: the requester withdraws an open request; its card shows it. */
export async function cancelCommand(
  context: TurnContext,
  deps: TeamsDeps,
  actor: PersonActor,
  requestId: RequestId,
): Promise<void> {
  const cancelled = await deps.cancel.execute(requestId, actor);
  await context.sendActivity(`Request **${cancelled.id}** is cancelled; nothing was changed.`);
}
