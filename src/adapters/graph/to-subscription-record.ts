import { z } from 'zod';
import { isObjectId } from '../../domain/user-ref';
import { type SubscriptionRecord } from '../../ports/directory-changes';
import { parseGraphAnswer } from './parse-graph-answer';

/**
 * Only the fields Lockdown keeps are read. Graph echoes the clientState in its answer; it is not
 * in the schema, so it is dropped here and never reaches a record, an error or a log.
 */
const subscriptionAnswer = z.object({
  id: z.string().refine(isObjectId, 'not a GUID'),
  expirationDateTime: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not a date'),
  notificationUrl: z.string(),
});

/**
 * A subscription as Graph answered it. Graph does not say when a subscription was created, so
 * `createdAt` is what the caller passes: the time of creation, or of the renewal or read.
 */
export function toSubscriptionRecord(body: unknown, createdAt: Date): SubscriptionRecord {
  const answer = parseGraphAnswer(subscriptionAnswer, body, 'subscribe');
  return {
    id: answer.id.toLowerCase(),
    expiresAt: new Date(answer.expirationDateTime).toISOString(),
    notificationUrl: answer.notificationUrl,
    createdAt: createdAt.toISOString(),
  };
}
