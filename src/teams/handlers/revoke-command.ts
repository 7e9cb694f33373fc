import { type TurnContext } from 'botbuilder';
import { type UserRef } from '../../domain/user-ref';
import { formatTime } from '../request-view';
import { type TeamsDeps } from '../teams-deps';
import { type PersonActor } from '../turn-actor';

/**
 * `revoke <users> <reason>`: opens the request (one card goes to the security channel) and
 * confirms to the requester where they asked.
 */
export async function revokeCommand(
  context: TurnContext,
  deps: TeamsDeps,
  actor: PersonActor,
  targets: readonly UserRef[],
  reason: string,
): Promise<void> {
  if (targets.length > 5) await context.sendActivity(`Resolving ${targets.length} users…`);
  const request = await deps.open.execute({ requester: actor, targets, reason });
  const names = request.targets.map((t) => t.userPrincipalName).join(', ');
  await context.sendActivity(
    `Request **${request.id}** is open for ${names}. A second member of the security team must approve it on its card in the security channel before ${formatTime(request.expiresAt)}.`,
  );
}
