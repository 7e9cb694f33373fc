import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { describeMissingPermissions } from '../../domain/directory/required-permissions';
import { renderHelpCard } from '../cards/render-help-card';
import { USAGE } from '../commands/parse-command';
import { type TeamsDeps } from '../teams-deps';

const COMMANDS = [
  {
    usage: USAGE.revoke,
    description:
      'Open a revocation request; a second member of the security team approves it on its card.',
    example: 'revoke alice@contoso.com phishing, see INC-4411',
  },
  { usage: 'revoke', description: 'Open the request form.', example: 'revoke' },
  {
    usage: USAGE.status,
    description: "A request with every step's state, the latest for a user, or the last ten.",
    example: 'status LD-7K3M9Q',
  },
  { usage: USAGE.pending, description: 'Requests waiting for approval.', example: 'pending' },
  {
    usage: USAGE.cancel,
    description: 'Withdraw your own open request.',
    example: 'cancel LD-7K3M9Q',
  },
  { usage: USAGE.help, description: 'This help.', example: 'help' },
];

/** `help`, and the answer to anything Lockdown does not understand. */
export async function helpCommand(
  context: TurnContext,
  deps: TeamsDeps,
  notUnderstood?: string,
): Promise<void> {
  const missing = deps.settings.missingPermissions();
  // The same line /readyz shows, so an operator can match the two.
  const warnings =
    missing.length === 0
      ? []
      : [
          describeMissingPermissions(missing),
          "The steps that need them fail until an administrator grants them to Lockdown's identity.",
        ];
  const intro =
    notUnderstood !== undefined
      ? `I did not understand "${notUnderstood.slice(0, 80)}". Here is what I can do:`
      : undefined;
  const card = renderHelpCard({ intro, commands: COMMANDS, warnings });
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
