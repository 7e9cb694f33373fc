import { type TurnContext } from 'botbuilder';
import { DomainError } from '../../domain/errors';
import { parseCommand } from '../commands/parse-command';
import { replyWithError } from '../replies';
import { type TeamsDeps } from '../teams-deps';
import { actorOf } from '../turn-actor';
import { cancelCommand } from './cancel-command';
import { helpCommand } from './help-command';
import { showRequestForm } from './request-form';
import { revokeCommand } from './revoke-command';
import { pendingCommand, statusCommand } from './status-command';

/** A typed command (SPEC section 2), in a channel (mention already stripped) or a personal chat. */
export async function handleMessage(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const parsed = parseCommand(context.activity.text ?? '');
  try {
    if (isSubmittedCardData(context)) await refuseSubmit(context, deps);
    if (!parsed.ok) throw parsed.error;
    const { command } = parsed;
    if (command.kind === 'help') return await helpCommand(context, deps);
    if (command.kind === 'unknown') return await helpCommand(context, deps, command.text);
    const actor = actorOf(context.activity);
    if (!actor) throw new DomainError('NOT_SECURITY_TEAM');
    switch (command.kind) {
      case 'revoke':
        return await revokeCommand(context, deps, actor, command.targets, command.reason);
      case 'revoke-form':
        return await showRequestForm(context, deps);
      case 'status':
        return await statusCommand(context, deps, actor, command.subject);
      case 'pending':
        return await pendingCommand(context, deps, actor);
      case 'cancel':
        return await cancelCommand(context, deps, actor, command.requestId);
    }
  } catch (error) {
    await replyWithError(context, error, deps.log);
  }
}

/** An Action.Submit (a message with card data and no text): the legacy fallback of a card. */
function isSubmittedCardData(context: TurnContext): boolean {
  const { text, value } = context.activity;
  return !text?.trim() && typeof value === 'object' && value !== null;
}

/**
 * Decisions come only from Action.Execute invokes, where the click is bound to its card; a
 * submitted copy of a card's data is refused and audited (threat-model T14).
 */
async function refuseSubmit(context: TurnContext, deps: TeamsDeps): Promise<never> {
  const error = new DomainError('NOT_A_CLICK');
  const actor = actorOf(context.activity);
  await deps.audit.append({
    eventType: 'approval_refused',
    actor: {
      aadObjectId: actor?.aadObjectId ?? 'unknown',
      displayName: actor?.displayName,
      role: 'approver',
    },
    source: {
      channel: 'teams',
      conversationId: context.activity.conversation?.id,
      activityId: context.activity.id,
    },
    outcome: 'refused',
    reason: error.code,
    detail: 'Action.Submit is not accepted for decisions',
  });
  throw error;
}
