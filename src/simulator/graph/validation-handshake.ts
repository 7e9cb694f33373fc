import { randomUUID } from 'node:crypto';

import { GraphRequestError } from './graph-response';
import { type Scheduler } from './scheduler';

const NOT_OK =
  'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.';
const MISMATCH =
  'Subscription validation request failed. Response must exactly match validationToken query parameter.';
const TIMED_OUT = 'Subscription validation request timed out.';

/**
 * Graph's endpoint validation (graph-facts §10.2): POST `<url>?validationToken=<token>` with a
 * text/plain content type; the endpoint must answer 200 with the URL-decoded token within the
 * time limit (10 s on Graph). The token looks like Graph's real ones, spaces and colons included,
 * so a receiver that echoes the still-encoded value fails here as it would in production.
 */
export async function validateNotificationEndpoint(
  url: string,
  scheduler: Scheduler,
  timeoutMs: number,
): Promise<void> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = new URL(url);
  target.searchParams.append('validationToken', token);
  const deadline = scheduler.deadline(timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: '',
      redirect: 'manual',
      signal: deadline.signal,
    });
    status = response.status;
    text = await response.text();
  } catch {
    const timedOut = deadline.signal.aborted && !scheduler.isClosed;
    throw new GraphRequestError(400, 'InvalidRequest', timedOut ? TIMED_OUT : NOT_OK);
  } finally {
    deadline.done();
  }
  if (status !== 200) throw new GraphRequestError(400, 'InvalidRequest', NOT_OK);
  if (text !== token) throw new GraphRequestError(400, 'InvalidRequest', MISMATCH);
}
