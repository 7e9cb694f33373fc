import { z } from 'zod';
import { DomainError } from '../../domain/errors';

/**
 * A card's button data: only an unguessable token. Anything else in it (a user id, a target, a
 * step list) is ignored, never trusted (threat-model T7, T8).
 */
const tokenData = z.object({ token: z.string().min(8).max(100) });

/** The token a button carried; CARD_NOT_RECOGNISED when there is none. */
export function cardTokenOf(data: unknown): string {
  const parsed = tokenData.safeParse(data);
  if (!parsed.success) throw new DomainError('CARD_NOT_RECOGNISED');
  return parsed.data.token;
}
