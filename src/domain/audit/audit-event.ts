import { type ObjectId } from '../user-ref';

/**
 * One audit record's content (threat-model.md §e, NIST SP 800-53 AU-3): who, what, which request
 * and target, from where, the decision or outcome, and Graph's request-id. Never a token, a
 * secret, a password or a full activity.
 */
export type AuditEventType =
  | 'request_created'
  | 'request_refused'
  | 'approval_granted'
  | 'approval_refused'
  | 'request_rejected'
  | 'request_cancelled'
  | 'request_expired'
  | 'run_started'
  | 'snapshot'
  | 'step_started'
  | 'step_result'
  | 'run_finished'
  | 'retry_requested'
  | 'notify_failed'
  | 'tenant_rejected'
  | 'activity_rejected'
  | 'binding_mismatch'
  | 'auto_revoke'
  | 'notification_refused'
  | 'watcher_event';

export type AuditOutcome = 'success' | 'failure' | 'refused' | 'skipped' | 'partial' | 'info';

export interface AuditActor {
  readonly aadObjectId: ObjectId | 'system' | 'unknown';
  readonly displayName?: string;
  readonly role: 'requester' | 'approver' | 'system' | 'unknown';
  readonly tenantId?: string;
}

/** Lockdown itself: the watcher, the runner, expiry. */
export const SYSTEM_AUDIT_ACTOR: AuditActor = { aadObjectId: 'system', role: 'system' };

export interface AuditEvent {
  readonly eventType: AuditEventType;
  readonly requestId?: string;
  readonly actor: AuditActor;
  readonly target?: { readonly id: string; readonly upn?: string; readonly displayName?: string };
  readonly source?: {
    readonly channel: 'teams' | 'webhook' | 'delta' | 'system' | 'cli';
    readonly conversationId?: string;
    readonly activityId?: string;
    readonly replyToId?: string;
    readonly serviceUrlHost?: string;
    readonly subscriptionId?: string;
  };
  readonly step?: string;
  /** A policy or catalogue code (e.g. APPROVER_IS_REQUESTER), or the request's reason text. */
  readonly reason?: string;
  readonly outcome: AuditOutcome;
  readonly graph?: {
    readonly requestId?: string | null;
    readonly status?: number;
    readonly code?: string;
  };
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
  readonly detail?: string;
}

/** A stored record: the event plus its place in the hash chain. */
export interface AuditRecord extends AuditEvent {
  readonly seq: number;
  readonly eventId: string;
  readonly ts: string;
  readonly botVersion: string;
  readonly prevHash: string;
  readonly hash: string;
}
