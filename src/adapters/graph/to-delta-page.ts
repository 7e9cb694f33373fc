import { z } from 'zod';
import { isObjectId, toObjectId } from '../../domain/user-ref';
import { type DeltaUser } from '../../ports/directory-changes';
import { parseGraphAnswer, unexpectedGraphAnswer } from './parse-graph-answer';

const deltaItem = z.object({
  id: z.string().refine(isObjectId, 'not a GUID'),
  accountEnabled: z.boolean().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  '@removed': z.object({ reason: z.string().optional() }).passthrough().optional(),
});

const deltaAnswer = z.object({
  value: z.array(deltaItem),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

/** One page of `/users/delta`, its links not yet checked (see checkedGraphLink). */
export interface RawDeltaPage {
  readonly users: DeltaUser[];
  readonly nextLink?: string;
  readonly deltaLink?: string;
}

/**
 * Maps a delta page (graph-facts §11). Every item must carry a GUID id, and the page exactly one
 * of nextLink (more of this round) and deltaLink (round complete): a page with neither would end
 * the round without a link to resume from.
 */
export function toDeltaPage(body: unknown): RawDeltaPage {
  const page = parseGraphAnswer(deltaAnswer, body, 'delta');
  const nextLink = page['@odata.nextLink'];
  const deltaLink = page['@odata.deltaLink'];
  if ((nextLink === undefined) === (deltaLink === undefined)) {
    throw unexpectedGraphAnswer(
      'delta',
      'a delta page needs exactly one of nextLink and deltaLink',
    );
  }
  return { users: page.value.map(toDeltaUser), nextLink, deltaLink };
}

function toDeltaUser(item: z.infer<typeof deltaItem>): DeltaUser {
  const id = toObjectId(item.id);
  if (item['@removed'] !== undefined) return { id, removed: true };
  return {
    id,
    removed: false,
    ...(typeof item.accountEnabled === 'boolean' ? { accountEnabled: item.accountEnabled } : {}),
    ...(typeof item.userPrincipalName === 'string'
      ? { userPrincipalName: item.userPrincipalName }
      : {}),
  };
}
