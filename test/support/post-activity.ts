import { PEOPLE, channelMessage, type CardPlace } from './activities';
import { type ConnectorRecorder } from './connector-recorder';
import { requestIdIn, tokenIn } from './e2e';

/** POSTs an activity to a running Lockdown's /api/messages; resolves with the HTTP status. */
export async function postActivity(lockdownUrl: string, activity: unknown): Promise<number> {
  const response = await fetch(`${lockdownUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.text();
  return response.status;
}

/**
 * Sam posts `revoke <upn> …` in the channel to the Lockdown at `lockdownUrl`; resolves with the
 * request card it posted to the recording Bot Connector.
 */
export async function openRequestThrough(
  lockdownUrl: string,
  connector: ConnectorRecorder,
  upn: string,
): Promise<{ requestId: string; token: string; place: CardPlace }> {
  const before = connector.calls.length;
  const status = await postActivity(
    lockdownUrl,
    channelMessage(PEOPLE.sam, `revoke ${upn} opened in a test`, { serviceUrl: connector.url }),
  );
  if (status !== 200) throw new Error(`the message was answered ${status}`);
  const created = await connector.waitFor(
    (c) =>
      connector.calls.indexOf(c) >= before &&
      c.method === 'POST' &&
      c.path === '/v3/conversations' &&
      JSON.stringify(c.body).includes(upn),
    30_000,
  );
  const card = (created.body!.activity as { attachments: Array<{ content: unknown }> })
    .attachments[0]!.content;
  const threadId = (created.response!.body as { id: string }).id;
  return {
    requestId: requestIdIn(card),
    token: tokenIn(card),
    place: { conversationId: threadId, replyToId: threadId.split('=')[1]! },
  };
}
