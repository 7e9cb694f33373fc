import { type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { HttpRefusal } from '../http/http-refusal';
import { type HttpReply, type HttpRequestInfo } from '../http/http-reply';
import { type Logger } from '../ports/logger';

/**
 * POST /api/messages into the Bot Framework adapter. Calls `processActivity` rather than
 * `process`: the latter writes library error text (key lists, token details) into the response
 * and stderr (threat-model T24). Anything that fails before the turn starts is an authentication
 * failure (401); a bad key or algorithm surfaces from the SDK as a plain error, not a 401.
 */
/** The adapter's authenticated entry point (LockdownBotAdapter provides it). */
export interface ActivityProcessor {
  authenticateAndRun(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
}

export function createBotEndpoint(
  adapter: ActivityProcessor,
  run: (context: TurnContext) => Promise<void>,
  log: Logger,
) {
  return async (body: unknown, request: HttpRequestInfo): Promise<HttpReply> => {
    if (!isActivity(body)) throw new HttpRefusal(400, 'The body is not a Bot Framework activity.');
    const authorization = headerValue(request.headers.authorization);
    let turnStarted = false;
    try {
      const response = await adapter.authenticateAndRun(authorization, body, async (context) => {
        turnStarted = true;
        await run(context);
      });
      return { status: response?.status ?? 200, body: response?.body };
    } catch (error) {
      if (!turnStarted) {
        log.warn('activity not authenticated', {
          correlationId: request.correlationId,
          reason: error instanceof Error ? error.message : String(error),
        });
        return { status: 401, body: { error: 'Unauthorized.' } };
      }
      throw error;
    }
  };
}

function isActivity(body: unknown): body is Activity {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { type?: unknown }).type === 'string'
  );
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
