import { type RevocationRequest } from '../domain/revocation/revocation-request';
import { type StepState } from '../domain/revocation/step-state';
import { type ObjectId } from '../domain/user-ref';
import { type CardAudience } from './cards/card-views';
import { renderRequestCard } from './cards/render-request-card';
import { type EligibleApprovers } from './eligible-approvers';
import { requestCardView, STEP_TITLES } from './request-view';

/**
 * Renders the request card for the channel (everyone) or for one person: the requester sees
 * Cancel, an eligible approver Approve and Reject, everyone else the status.
 */
export class CardComposer {
  constructor(private readonly approvers: EligibleApprovers) {}

  async channelCard(request: RevocationRequest, steps: readonly StepState[]): Promise<object> {
    return renderRequestCard(await this.view(request, steps), 'channel');
  }

  async cardFor(
    request: RevocationRequest,
    steps: readonly StepState[],
    viewer: ObjectId,
  ): Promise<object> {
    return renderRequestCard(await this.view(request, steps), await this.audience(request, viewer));
  }

  /** The reply in the request's thread when the run ends. */
  finalSummary(request: RevocationRequest, steps: readonly StepState[]): string {
    const lines = request.targets.map((target) => {
      const own = steps.filter((s) => s.targetId === target.id && s.step !== 'snapshot');
      const failed = own
        .filter((s) => s.status === 'failed')
        .map((s) => STEP_TITLES[s.step].toLowerCase());
      const done = own.filter((s) => s.status === 'done').length;
      return failed.length === 0
        ? `- ${target.userPrincipalName}: all ${own.length} steps finished (${done} done).`
        : `- ${target.userPrincipalName}: failed: ${failed.join(', ')}.`;
    });
    const verdict = request.status === 'completed' ? 'completed' : 'completed with failures';
    return [
      `**${request.id} ${verdict}.**`,
      ...lines,
      'Access tokens already issued stay valid until they expire (about an hour) unless the app supports Continuous Access Evaluation.',
    ].join('\n');
  }

  private async view(request: RevocationRequest, steps: readonly StepState[]) {
    const viewers = request.status === 'opened' ? await this.approvers.teamsUserIds(request) : [];
    return requestCardView(request, steps, viewers);
  }

  private async audience(request: RevocationRequest, viewer: ObjectId): Promise<CardAudience> {
    if (request.status !== 'opened') return 'channel';
    if (viewer === request.requester.aadObjectId) return 'requester';
    return (await this.approvers.canDecide(request, viewer)) ? 'approver' : 'channel';
  }
}
