import { type RequestId } from '../domain/revocation/request-id';
import { type ConfigurableStep, type StepId } from '../domain/revocation/step-id';
import { type StepState } from '../domain/revocation/step-state';
import { type ObjectId } from '../domain/user-ref';

/** `snapshot` first and `verify` last always run; the chosen steps keep the SPEC's order. */
export function stepsFor(chosen: readonly ConfigurableStep[]): StepId[] {
  const order: readonly ConfigurableStep[] = [
    'disable-account',
    'revoke-sessions',
    'disable-devices',
    'reset-password',
  ];
  return ['snapshot', ...order.filter((s) => chosen.includes(s)), 'verify'];
}

export function initialSteps(
  requestId: RequestId,
  targetIds: readonly ObjectId[],
  chosen: readonly ConfigurableStep[],
  now: Date,
): StepState[] {
  return targetIds.flatMap((targetId) =>
    stepsFor(chosen).map((step) => ({
      requestId,
      targetId,
      step,
      status: 'pending' as const,
      attempts: 0,
      intentAt: null,
      notBefore: null,
      outcome: null,
      version: 1,
      updatedAt: now.toISOString(),
    })),
  );
}
