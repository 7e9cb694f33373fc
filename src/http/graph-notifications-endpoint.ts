import { ZodError } from 'zod';
import { type Logger } from '../ports/logger';
import { MAX_VALIDATION_TOKEN, type Received } from '../use-cases/watcher/notification-receiver';
import { HttpRefusal } from './http-refusal';
import { type HttpReply, type HttpRequestInfo } from './http-reply';

/** What the endpoint needs from the watcher. */
export interface NotificationSink {
  receive(body: unknown): Promise<Received>;
}

/**
 * POST /api/graph/notifications (SPEC section 9; graph-facts §10; threat-model T18, T19):
 *  - the validation handshake echoes the token as text/plain (nosniff, never HTML), capped;
 *  - a batch is answered 202 once its hints are durably queued: forged or foreign items are
 *    refused and audited inside it, yet still answered 202 (nothing tells a forger what failed);
 *  - a body that is not a batch is a 400; a store that cannot queue is a 500, so Graph retries.
 */
export function createGraphNotificationsEndpoint(sink: NotificationSink, log: Logger) {
  return {
    validate(token: string): HttpReply {
      if (token.length === 0 || token.length > MAX_VALIDATION_TOKEN)
        throw new HttpRefusal(400, 'The validation token is missing or too long.');
      return { status: 200, contentType: 'text/plain', body: token };
    },

    async receive(body: unknown, request: HttpRequestInfo): Promise<HttpReply> {
      let received: Received;
      try {
        received = await sink.receive(body);
      } catch (error) {
        if (error instanceof ZodError)
          throw new HttpRefusal(400, 'The body is not a change-notification batch.');
        throw error;
      }
      log.info('change notifications received', {
        correlationId: request.correlationId,
        queued: received.queued,
        refused: received.refused,
        lifecycle: received.lifecycle.map((l) => l.event),
      });
      return { status: 202 };
    },
  };
}
