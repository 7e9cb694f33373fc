import { type TurnContext } from 'botbuilder';
import { DomainError } from '../../domain/errors';
import { type RequestId } from '../../domain/revocation/request-id';
import { parseCommand, type Command } from '../commands/parse-command';
import { replyWithError } from '../replies';
import { type TeamsDeps } from '../teams-deps';
import { actorOf } from '../turn-actor';
import { cancelCommand } from './cancel-command';
import { helpCommand } from './help-command';
import { showRequestForm } from './request-form';
import { revokeCommand } from './revoke-command';
import { pendingCommand, statusCommand } from './status-command';

/** A typed command (SPEC section 2), in a channel (mention already stripped) or a personal chat. */
export async function handleMessage(context: TurnContext, turnDeps: TeamsDeps): Promise<void> {
  const parsed = parseCommand(context.activity.text ?? '');
  const deps = forRequest(turnDeps, parsed.ok ? requestIdOf(parsed.command) : undefined);
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

/** The request a command names, if any: its log lines then carry the request id. */
function requestIdOf(command: Command): RequestId | undefined {
  if (command.kind === 'cancel') return command.requestId;
  if (command.kind === 'status' && command.subject.kind === 'request')
    return command.subject.requestId;
  return undefined;
}

function forRequest(deps: TeamsDeps, requestId: RequestId | undefined): TeamsDeps {
  return requestId ? { ...deps, log: deps.log.child({ requestId }) } : deps;
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
