import { type TurnContext } from 'botbuilder';
import { DomainError } from '../../domain/errors';
import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { type ClickOrigin } from '../../domain/revocation/approval-policy';
import { channelOf } from '../conversation-ids';
import { VERBS } from '../cards/verbs';
import { refusalCard, sendCardInvokeResponse, toUserFacing } from '../replies';
import { type TeamsDeps } from '../teams-deps';
import { actorOf, type PersonActor } from '../turn-actor';
import { cardTokenOf } from './card-token';
import { submitRequestForm } from './request-form';
import { redisableSnapBack, resumeAutomation } from './watcher-actions';

/** Refusals that mean "someone already decided": answer with the request as it is now. */
const SETTLED = new Set(['REQUEST_ALREADY_DECIDED', 'REQUEST_EXPIRED', 'REQUEST_NOT_OPEN']);

interface ActionValue {
  readonly action?: { readonly type?: string; readonly verb?: string; readonly data?: unknown };
  readonly trigger?: string;
}

/**
 * Every `adaptiveCard/action` invoke: answered with a card (HTTP 200) quickly, whatever
 * happens; the pipeline runs in the background. Retried or duplicate clicks get the request's
 * current state (SPEC section 3; threat-model T10, R18, R19).
 */
export async function handleCardAction(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const value = (context.activity.value ?? {}) as ActionValue;
  const verb = value.action?.verb ?? '';
  const actor = actorOf(context.activity);
  let card: object;
  try {
    if (!actor) throw new DomainError('NOT_SECURITY_TEAM');
    card = await dispatch(context, deps, actor, verb, value);
  } catch (error) {
    card = refusalCard(toUserFacing(error, deps.log, { verb, activityId: context.activity.id }));
  }
  await sendCardInvokeResponse(context, card);
}

async function dispatch(
  context: TurnContext,
  deps: TeamsDeps,
  actor: PersonActor,
  verb: string,
  value: ActionValue,
): Promise<object> {
  const data = value.action?.data;
  if (verb === VERBS.submitRequest) return submitRequestForm(deps, actor, data);
  if (verb === VERBS.resume) return resumeAutomation(deps, actor, data);
  if (verb === VERBS.redisable) return redisableSnapBack(deps, actor, data);
  const request = await requestFor(deps, data);
  switch (verb) {
    case VERBS.approve:
    case VERBS.reject:
      return decide(
        context,
        deps,
        actor,
        request,
        verb === VERBS.approve ? 'approve' : 'reject',
        value.trigger === 'manual',
      );
    case VERBS.refresh:
      return currentCard(deps, request, actor);
    case VERBS.cancel:
      return currentCard(deps, await deps.cancel.execute(request.id, actor), actor);
    case VERBS.retry:
      return currentCard(deps, await deps.retry.execute(request.id, actor), actor);
    default:
      throw new DomainError('CARD_NOT_RECOGNISED');
  }
}

async function decide(
  context: TurnContext,
  deps: TeamsDeps,
  actor: PersonActor,
  request: RevocationRequest,
  action: 'approve' | 'reject',
  manual: boolean,
): Promise<object> {
  const origin: ClickOrigin = {
    conversationId: channelOf(context.activity.conversation?.id ?? ''),
    replyToId: context.activity.replyToId ?? null,
  };
  try {
    const decided = await deps.decide.execute({
      token: request.token,
      actor,
      action,
      origin,
      manual,
    });
    return currentCard(deps, decided, actor);
  } catch (error) {
    if (error instanceof DomainError && SETTLED.has(error.code)) {
      return currentCard(deps, (await deps.requests.get(request.id)) ?? request, actor);
    }
    throw error;
  }
}

async function requestFor(deps: TeamsDeps, data: unknown): Promise<RevocationRequest> {
  const request = await deps.requests.findByToken(cardTokenOf(data));
  if (!request) throw new DomainError('CARD_NOT_RECOGNISED');
  return request;
}

async function currentCard(
  deps: TeamsDeps,
  request: RevocationRequest,
  actor: PersonActor,
): Promise<object> {
  return deps.cards.cardFor(request, await deps.requests.listSteps(request.id), actor.aadObjectId);
}
