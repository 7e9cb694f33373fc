import { randomUUID } from 'node:crypto';

/** The demo tenant and the security channel the e2e tests post from. */
export const TENANT = 'c0270550-0000-4000-8000-000000000001';
export const CHANNEL = '19:security0demo0channel@thread.tacv2';
export const TEAM = '19:team0demo@thread.tacv2';

export interface TeamsUser {
  readonly aadObjectId: string;
  readonly name: string;
  readonly teamsId: string;
}

const user = (n: string, name: string): TeamsUser => ({
  aadObjectId: `a0000000-0000-4000-8000-0000000000${n}`,
  name,
  teamsId: `29:1${n}-teams-user`,
});

/** People of the demo tenant, as Teams shows them to the bot. */
export const PEOPLE = {
  sam: user('01', 'Sam Rivera'), // requester
  ava: user('02', 'Ava Chen'), // requester and approver
  noah: user('03', 'Noah Kim'), // approver
  kai: user('04', 'Kai Tanaka'), // requester through a nested group
  adele: user('11', 'Adele Vance'), // not in the security team
  bob: user('12', 'Bob Kelly'),
} as const;

export interface ActivityOptions {
  readonly serviceUrl: string;
  readonly botId?: string;
  readonly tenantId?: string;
  readonly channelId?: string;
}

function base(from: TeamsUser, options: ActivityOptions) {
  const tenantId = options.tenantId ?? TENANT;
  return {
    id: `1${Date.now()}${Math.floor(Math.random() * 1000)}`,
    channelId: options.channelId ?? 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: from.teamsId, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: `28:${options.botId ?? 'lockdown-bot'}`, name: 'Lockdown' },
    channelData: { tenant: { id: tenantId }, team: { id: TEAM }, channel: { id: CHANNEL } },
  };
}

/** A new post in the security channel that @mentions the bot, as Teams sends it. */
export function channelMessage(from: TeamsUser, text: string, options: ActivityOptions) {
  const activity = base(from, options);
  return {
    ...activity,
    type: 'message',
    text: `<at>Lockdown</at> ${text}`,
    textFormat: 'plain',
    conversation: {
      id: `${CHANNEL};messageid=${activity.id}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: activity.channelData.tenant.id,
    },
    entities: [{ type: 'mention', text: '<at>Lockdown</at>', mentioned: activity.recipient }],
  };
}

/** A message in the bot's personal chat with `from`. */
export function personalMessage(from: TeamsUser, text: string, options: ActivityOptions) {
  const activity = base(from, options);
  return {
    ...activity,
    type: 'message',
    text,
    textFormat: 'plain',
    conversation: {
      id: `a:personal-${from.aadObjectId}`,
      conversationType: 'personal',
      tenantId: activity.channelData.tenant.id,
    },
    channelData: { tenant: activity.channelData.tenant },
  };
}

export interface CardPlace {
  readonly conversationId: string;
  readonly replyToId: string;
}

/** A click on an Action.Execute button of a card, as Teams sends it. */
export function cardInvoke(
  from: TeamsUser,
  verb: string,
  data: unknown,
  place: CardPlace,
  options: ActivityOptions & { trigger?: string },
) {
  const activity = base(from, options);
  return {
    ...activity,
    id: randomUUID(),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: place.replyToId,
    conversation: {
      id: place.conversationId,
      conversationType: 'channel',
      isGroup: true,
      tenantId: activity.channelData.tenant.id,
    },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
  };
}
