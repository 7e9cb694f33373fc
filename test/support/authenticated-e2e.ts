import { PEOPLE, TENANT, personalMessage } from './activities';
import { BotFrameworkIssuer } from './bot-framework-issuer';
import { startE2E, type E2E } from './e2e';

/** The bot's app id when authentication is on. */
export const BOT_ID = 'b07b07b0-0000-4000-8000-00000000b07b';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface AuthenticatedE2E {
  readonly e2e: E2E;
  /** The loopback OpenID metadata and signing keys the seven overrides point at. */
  readonly issuer: BotFrameworkIssuer;
  /** Claims of a valid Bot Framework channel token for this bot, with `extra` on top. */
  channelClaims(extra?: Record<string, unknown>): Record<string, unknown>;
  /** `help`, answered in the HTTP response: a turn that ran shows up as a reply there. */
  helpActivity(extra?: Record<string, unknown>): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Lockdown with BOT_ID set, so Bot Framework authentication is real, against its own issuer on
 * loopback (threat-model.md C.1: all seven override settings).
 */
export async function startAuthenticatedE2E(): Promise<AuthenticatedE2E> {
  const issuer = await new BotFrameworkIssuer().start();
  const e2e = await startE2E({
    env: {
      BOT_ID,
      BOT_TYPE: 'SingleTenant',
      BOT_TENANT_ID: TENANT,
      BOT_PASSWORD: 'not-a-real-secret',
      ...issuer.overrides(),
    },
  });
  return {
    e2e,
    issuer,
    channelClaims: (extra = {}) => ({
      iss: 'https://api.botframework.com',
      aud: BOT_ID,
      serviceurl: e2e.serviceUrl,
      nbf: nowSeconds() - 60,
      exp: nowSeconds() + 600,
      ...extra,
    }),
    helpActivity: (extra = {}) => ({
      ...personalMessage(PEOPLE.sam, 'help', { serviceUrl: e2e.serviceUrl, botId: BOT_ID }),
      deliveryMode: 'expectReplies',
      ...extra,
    }),
    close: async () => {
      await e2e.close();
      await issuer.close();
    },
  };
}
