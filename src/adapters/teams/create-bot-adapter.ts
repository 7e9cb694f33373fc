import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import {
  AuthenticationConfiguration,
  AuthenticationError,
  type Claim,
} from 'botframework-connector';
import { type Config } from '../../config';
import { type Logger } from '../../ports/logger';
import { withLogFields } from '../log/log-scope';
import { unverifiedIssuer } from './unverified-issuer';

/** The issuer of tokens from the Bot Framework channel service (Teams) in the public cloud. */
export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

/**
 * The teams-ai adapter, with the authenticated entry point public. `process` writes library
 * error text into responses and stderr; the HTTP edge calls this instead and shapes errors
 * itself (threat-model T24).
 */
export class LockdownBotAdapter extends TeamsAdapter {
  constructor(
    settings: Record<string, string>,
    authConfiguration: AuthenticationConfiguration,
    /** The only `iss` Lockdown accepts: the Bot Framework channel service's. */
    private readonly channelIssuer: string,
  ) {
    super(settings, undefined, authConfiguration);
  }

  /**
   * Turns away a token whose (unverified) issuer is not the channel service before the SDK sees
   * it: the SDK picks a validation path by the token's claims and, on the way, adds issuers
   * named after the token's unverified `tid` to a process-wide list, for any caller (threat-model
   * finding 5). The claims hook below still checks the verified issuer. The turn's log lines
   * carry the inbound activity's id.
   */
  authenticateAndRun(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (authHeader.trim() !== '' && unverifiedIssuer(authHeader) !== this.channelIssuer) {
      return Promise.reject(
        new AuthenticationError('the token is not from the Bot Framework channel service', 401),
      );
    }
    return withLogFields({ inboundActivityId: activity.id }, () =>
      this.processActivity(authHeader, activity, logic),
    );
  }
}

/**
 * The Bot Framework adapter with Lockdown's authentication rules (threat-model findings 1-3):
 * the app type is explicit (a typo never becomes MultiTenant: config refuses it), endorsements
 * for `msteams` are required, and a claims hook accepts only tokens issued by the Bot Framework
 * channel service, which shuts the Emulator path (a token minted with the bot's own credential,
 * unchecked `serviceurl`, any `from.aadObjectId`); a token naming any other issuer does not
 * even reach the SDK (finding 5). With an empty app id authentication is off;
 * the configuration allows that only on a loopback HOST, and it is logged loudly.
 */
export function createBotAdapter(config: Config, log: Logger): LockdownBotAdapter {
  const { bot } = config;
  const issuer = bot.endpointOverrides?.ToBotFromChannelTokenIssuer ?? CHANNEL_TOKEN_ISSUER;
  const settings: Record<string, string> = {
    MicrosoftAppId: bot.appId,
    ...(bot.type ? { MicrosoftAppType: bot.type } : {}),
    ...(bot.tenantId ? { MicrosoftAppTenantId: bot.tenantId } : {}),
    ...(bot.password ? { MicrosoftAppPassword: bot.password } : {}),
    ...(bot.endpointOverrides ?? {}),
  };
  if (bot.anonymous) {
    log.warn(
      'Bot Framework authentication is OFF: BOT_ID is empty. Allowed only because HOST is loopback (local development, the Playground, tests).',
      { host: config.server.host },
    );
  } else {
    log.info('Bot Framework authentication is on', {
      appType: bot.type,
      tenantId: bot.tenantId,
      endpointOverrides: bot.endpointOverrides !== null,
    });
  }
  const auth = new AuthenticationConfiguration(['msteams'], async (claims: Claim[]) =>
    assertChannelIssuer(claims, issuer),
  );
  return new LockdownBotAdapter(settings, auth, issuer);
}

export function assertChannelIssuer(claims: readonly Claim[], issuer: string): void {
  const tokenIssuer = claims.find((claim) => claim.type === 'iss')?.value;
  if (tokenIssuer !== issuer) {
    throw new AuthenticationError(
      `token issuer ${tokenIssuer ?? '(none)'} is not the Bot Framework channel service`,
      401,
    );
  }
}
