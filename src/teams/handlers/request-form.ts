import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { DomainError, isDomainError } from '../../domain/errors';
import { MAX_TARGETS } from '../../domain/revocation/opening-policy';
import { CONFIGURABLE_STEPS, type ConfigurableStep } from '../../domain/revocation/step-id';
import { parseUserRef } from '../../domain/user-ref';
import { renderRefusalCard } from '../cards/render-refusal-card';
import { renderRequestFormCard } from '../cards/render-request-form-card';
import { type RequestFormView } from '../cards/card-views';
import { STEP_TITLES, formatTime } from '../request-view';
import { type TeamsDeps } from '../teams-deps';
import { type PersonActor } from '../turn-actor';

/** The form's inputs as Teams merges them into the action's data; everything is re-checked. */
const formData = z.object({
  users: z.string().max(10_000).default(''),
  reason: z.string().max(2_000).default(''),
  steps: z.string().max(500).default(''),
});

function formView(
  deps: TeamsDeps,
  change: Partial<RequestFormView> = {},
  chosen?: readonly string[],
): RequestFormView {
  const selected = chosen ?? deps.settings.pipelineSteps;
  return {
    steps: CONFIGURABLE_STEPS.map((id) => ({
      id,
      title: STEP_TITLES[id],
      selected: selected.includes(id),
    })),
    maxTargets: MAX_TARGETS,
    ...change,
  };
}

/** `revoke` with no arguments: the request form. */
export async function showRequestForm(context: TurnContext, deps: TeamsDeps): Promise<void> {
  await context.sendActivity(
    MessageFactory.attachment(CardFactory.adaptiveCard(renderRequestFormCard(formView(deps)))),
  );
}

/**
 * The form's submit: the same checks as the typed command. A problem re-shows the form with what
 * was typed and the problem named; success replaces the form with the confirmation.
 */
export async function submitRequestForm(
  deps: TeamsDeps,
  actor: PersonActor,
  data: unknown,
): Promise<object> {
  const parsed = formData.safeParse(data ?? {});
  if (!parsed.success)
    throw new DomainError('REQUEST_FORM_INVALID', {
      problem: parsed.error.issues[0]?.message ?? 'bad input',
    });
  const { users, reason, steps } = parsed.data;
  const chosen = steps
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is ConfigurableStep => (CONFIGURABLE_STEPS as readonly string[]).includes(s));
  try {
    const targets = users
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(parseUserRef);
    const request = await deps.open.execute({
      requester: actor,
      targets,
      reason,
      steps: chosen.length ? chosen : undefined,
    });
    const names = request.targets.map((t) => t.userPrincipalName).join(', ');
    return renderRefusalCard({
      title: 'Request opened',
      message: `Request ${request.id} is open for ${names}. A second member of the security team must approve it in the security channel before ${formatTime(request.expiresAt)}.`,
      requestId: request.id,
    });
  } catch (error) {
    if (!isDomainError(error) || error.kind === 'internal') throw error;
    return renderRequestFormCard(
      formView(
        deps,
        { users, reason, problem: error.userMessage },
        chosen.length ? chosen : undefined,
      ),
    );
  }
}
