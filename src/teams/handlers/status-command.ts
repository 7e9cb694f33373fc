import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { DomainError } from '../../domain/errors';
import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { describeUserRef, type UserRef } from '../../domain/user-ref';
import { renderRequestListCard } from '../cards/render-request-list-card';
import { type StatusSubject } from '../commands/parse-command';
import { requestSummary } from '../request-view';
import { type TeamsDeps } from '../teams-deps';
import { type PersonActor } from '../turn-actor';
import { watcherStatusText } from '../watcher-status-text';
import { assertSecurityTeam } from './security-team';

/** A list card stays well under Teams' 28 KB message limit even with long names and reasons. */
const MAX_LISTED = 12;

/**
 * `status [<request-id> | <user>]`: one request's card with every step, or the last ten and the
 * watcher's state.
 */
export async function statusCommand(
  context: TurnContext,
  deps: TeamsDeps,
  actor: PersonActor,
  subject: StatusSubject,
): Promise<void> {
  await assertSecurityTeam(deps, actor.aadObjectId);
  if (subject.kind === 'recent') {
    await sendList(
      context,
      'Recent requests',
      await deps.requests.list({ limit: 10 }),
      'No requests yet.',
    );
    await context.sendActivity(watcherStatusText(await deps.watcher.status()));
    return;
  }
  const request =
    subject.kind === 'request'
      ? await deps.requests.get(subject.requestId)
      : await latestFor(deps, subject.ref);
  if (!request) {
    const which =
      subject.kind === 'request' ? subject.requestId : `for ${describeUserRef(subject.ref)}`;
    throw new DomainError('REQUEST_NOT_FOUND', { requestId: which });
  }
  const card = await deps.cards.cardFor(
    request,
    await deps.requests.listSteps(request.id),
    actor.aadObjectId,
  );
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

/** `pending`: the requests waiting for a decision. */
export async function pendingCommand(
  context: TurnContext,
  deps: TeamsDeps,
  actor: PersonActor,
): Promise<void> {
  await assertSecurityTeam(deps, actor.aadObjectId);
  const now = deps.clock.now().getTime();
  const open = (await deps.requests.list({ statuses: ['opened'], limit: 200 })).filter(
    (r) => Date.parse(r.expiresAt) > now,
  );
  const shown = open.slice(0, MAX_LISTED);
  const title =
    open.length > shown.length
      ? `Pending requests (the newest ${shown.length} of ${open.length})`
      : 'Pending requests';
  await sendList(context, title, shown, 'Nothing is waiting for approval.');
}

async function latestFor(deps: TeamsDeps, ref: UserRef): Promise<RevocationRequest | undefined> {
  const id = ref.kind === 'objectId' ? ref.id : (await deps.directory.resolveUser(ref)).id;
  return (await deps.requests.list({ targetId: id, limit: 1 }))[0];
}

async function sendList(
  context: TurnContext,
  title: string,
  requests: readonly RevocationRequest[],
  emptyText: string,
): Promise<void> {
  const card = renderRequestListCard({ title, requests: requests.map(requestSummary), emptyText });
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
