import { randomUUID } from 'node:crypto';
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { DomainError, isDomainError } from '../domain/errors';
import { type Logger } from '../ports/logger';
import { renderRefusalCard } from './cards/render-refusal-card';

/**
 * The one place where failures become what people see (style-guide §3): a DomainError shows its
 * catalogued message; anything else shows "Something went wrong (ref …)" and is logged with that
 * reference. Stack traces, Graph bodies and internal ids never reach the chat.
 */
export function toUserFacing(
  error: unknown,
  log: Logger,
  context: Record<string, unknown> = {},
): DomainError {
  if (isDomainError(error)) {
    log.info('refused', { ...context, code: error.code, detail: error.message });
    return error;
  }
  const reference = randomUUID().slice(0, 8);
  log.error('unexpected failure', { ...context, reference, error });
  return new DomainError('INTERNAL', { reference });
}

const TITLES: Partial<Record<DomainError['kind'], string>> = {
  'invalid-input': 'Not understood',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  conflict: 'Nothing changed',
  upstream: 'Try again shortly',
  internal: 'Something went wrong',
};

export function refusalCard(error: DomainError, requestId?: string): object {
  return renderRefusalCard({
    title: TITLES[error.kind] ?? 'Nothing changed',
    message: error.userMessage,
    requestId,
  });
}

/** Replies in the conversation with a refusal card. */
export async function replyWithError(
  context: TurnContext,
  error: unknown,
  log: Logger,
): Promise<void> {
  const shown = toUserFacing(error, log, { activityId: context.activity.id });
  await context.sendActivity(
    MessageFactory.attachment(CardFactory.adaptiveCard(refusalCard(shown))),
  );
}

/** An Adaptive Card invoke response: always HTTP 200 with a card, never a 501 or a throw. */
export async function sendCardInvokeResponse(context: TurnContext, card: object): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
    },
  });
}
