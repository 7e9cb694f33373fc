import {
  type CardBinding,
  type RevocationRequest,
} from '../../src/domain/revocation/revocation-request';
import { type StepState } from '../../src/domain/revocation/step-state';
import { type RequestNotifier } from '../../src/ports/request-notifier';

export type Notice =
  | { readonly kind: 'published'; readonly request: RevocationRequest }
  | {
      readonly kind: 'progress';
      readonly request: RevocationRequest;
      readonly steps: readonly StepState[];
    }
  | {
      readonly kind: 'finished';
      readonly request: RevocationRequest;
      readonly steps: readonly StepState[];
    };

/** Records what would have been shown in the security channel. */
export class RecordingNotifier implements RequestNotifier {
  readonly notices: Notice[] = [];
  failPublish = false;
  private cards = 0;

  async publishRequest(request: RevocationRequest): Promise<CardBinding> {
    if (this.failPublish) throw new Error('403 BotNotInConversationRoster');
    this.notices.push({ kind: 'published', request: structuredClone(request) });
    this.cards++;
    return {
      conversationId: `19:security@thread.tacv2;messageid=${1000 + this.cards}`,
      activityId: String(1000 + this.cards),
    };
  }

  async showProgress(request: RevocationRequest, steps: readonly StepState[]): Promise<void> {
    this.notices.push({
      kind: 'progress',
      request: structuredClone(request),
      steps: structuredClone(steps),
    });
  }

  async announceFinished(request: RevocationRequest, steps: readonly StepState[]): Promise<void> {
    this.notices.push({
      kind: 'finished',
      request: structuredClone(request),
      steps: structuredClone(steps),
    });
  }

  of(kind: Notice['kind']): Notice[] {
    return this.notices.filter((n) => n.kind === kind);
  }
}
