/** What every entry of the error catalogue (../errors.ts) says about one failure. */
export type ErrorKind =
  'invalid-input' | 'forbidden' | 'not-found' | 'conflict' | 'upstream' | 'internal';

export interface ErrorDefinition {
  readonly kind: ErrorKind;
  /** Template with `{placeholders}`; shown to people as is. */
  readonly userMessage: string;
  /** True when the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;
}
