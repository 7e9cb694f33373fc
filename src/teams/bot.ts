import { Application } from '@microsoft/teams-ai/lib/Application';
import { type TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { ActivityGuard } from './activity-guard';
import { COMMAND_WORDS } from './commands/parse-command';
import { handleCardAction } from './handlers/card-actions';
import { handleMessage } from './handlers/handle-message';
import { refusalCard, sendCardInvokeResponse, toUserFacing } from './replies';
import { type TeamsDeps } from './teams-deps';

/** Commands are matched on the whole first word, anchored (never a substring match). */
const COMMAND = new RegExp(`^\\s*(${COMMAND_WORDS.join('|')})(\\s|$)`, 'i');

const isCardAction = async (context: TurnContext): Promise<boolean> =>
  context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action';

/**
 * The Teams surface on teams-ai, routing only (no AI planner: threat-model T28): the commands of
 * SPEC section 2, the card actions and the turn-error handler; the handlers hold the logic.
 * `handleInbound` runs an inbound activity through the guard, then the routes.
 */
export function createBot(
  adapter: TeamsAdapter,
  deps: TeamsDeps,
): { app: Application; handleInbound: (context: TurnContext) => Promise<void> } {
  const guard = new ActivityGuard(deps.settings, deps.audit, deps.seen, deps.log);
  adapter.onTurnError = async (context, error) => {
    const shown = toUserFacing(error, deps.log, { activityType: context.activity.type });
    if (context.activity.type === ActivityTypes.Invoke)
      await sendCardInvokeResponse(context, refusalCard(shown));
    else await context.sendActivity(shown.userMessage);
  };
  const app = new Application({
    adapter,
    botAppId: deps.settings.botAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  app.addRoute(isCardAction, async (context) => handleCardAction(context, deps), true);
  app.message(COMMAND, async (context) => handleMessage(context, deps));
  // Anything else, including the Action.Submit fallback, gets the refusal or the help.
  app.activity(ActivityTypes.Message, async (context) => handleMessage(context, deps));
  const handleInbound = async (context: TurnContext): Promise<void> => {
    if (await guard.admit(context)) await app.run(context);
  };
  return { app, handleInbound };
}
