/** The revocation pipeline's steps, in the order they run (SPEC section 4). */
export const STEP_IDS = [
  'snapshot',
  'disable-account',
  'revoke-sessions',
  'disable-devices',
  'reset-password',
  'verify',
] as const;

export type StepId = (typeof STEP_IDS)[number];

/** Steps a deployment may choose; `snapshot` and `verify` always run. */
export const CONFIGURABLE_STEPS = [
  'disable-account',
  'revoke-sessions',
  'disable-devices',
  'reset-password',
] as const satisfies readonly StepId[];

export type ConfigurableStep = (typeof CONFIGURABLE_STEPS)[number];

/** Steps that make sense after someone else already disabled the account (SPEC section 5). */
export const AUTO_REVOKE_CAPABLE_STEPS = [
  'revoke-sessions',
  'disable-devices',
  'reset-password',
] as const satisfies readonly ConfigurableStep[];

export type AutoRevokeStep = (typeof AUTO_REVOKE_CAPABLE_STEPS)[number];

export const DEFAULT_PIPELINE_STEPS: readonly ConfigurableStep[] = [
  'disable-account',
  'revoke-sessions',
  'disable-devices',
];

export const DEFAULT_AUTO_REVOKE_STEPS: readonly AutoRevokeStep[] = [
  'revoke-sessions',
  'disable-devices',
];
