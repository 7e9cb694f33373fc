import { type CardBinding, type RevocationRequest } from '../domain/revocation/revocation-request';
import { type StepState } from '../domain/revocation/step-state';

/**
 * Tells the security channel about a request. The request card is posted once as a new thread,
 * then updated in place for everyone; the final summary is a reply in that thread.
 * Implementations never throw for a delivery failure the revocation must survive: a failed
 * status post is audited, and the pipeline goes on.
 */
export interface RequestNotifier {
  /** Posts the request card; the binding is where decisions will be accepted from. */
  publishRequest(request: RevocationRequest, steps: readonly StepState[]): Promise<CardBinding>;
  /** The request changed (a decision, a step's progress): show its current state on the card. */
  showProgress(request: RevocationRequest, steps: readonly StepState[]): Promise<void>;
  /** The run ended: the final summary as a reply in the request's thread. */
  announceFinished(request: RevocationRequest, steps: readonly StepState[]): Promise<void>;
}
