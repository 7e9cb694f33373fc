/**
 * Every Action.Execute verb Lockdown's cards use, in one place (never literals in handlers).
 * A button's data is only `{ token }`: the request's unguessable card token.
 */
export const VERBS = {
  /** Decide: the two-person rule is enforced on the server at the click. */
  approve: 'lockdown.approve',
  reject: 'lockdown.reject',
  /** Read-only: the viewer's own view of a request card (refresh and "Show my options"). */
  refresh: 'lockdown.refresh',
  /** Re-run the failed steps of a finished request. */
  retry: 'lockdown.retry',
  /** The requester withdraws an open request. */
  cancel: 'lockdown.cancel',
  /** The request form's submit button (`revoke` with no arguments). */
  submitRequest: 'lockdown.request',
  /** Resume automatic revocation the circuit breaker paused (two people; the breaker's token). */
  resume: 'lockdown.resume',
  /**
   * Open a new two-person re-disable request for a revoked account enabled again; the token is
   * that of the request that had revoked it.
   */
  redisable: 'lockdown.redisable',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
