/** What a route answers: a status and an optional JSON or text body. */
export interface HttpReply {
  readonly status: number;
  readonly body?: unknown;
  /** `text/plain` for the Graph validation handshake; JSON otherwise. */
  readonly contentType?: 'application/json' | 'text/plain';
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpRequestInfo {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: URLSearchParams;
  readonly correlationId: string;
}

/** Readiness: each dependency's state, in words an operator can act on. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}
