import {
  SYSTEM_AUDIT_ACTOR,
  type AuditActor,
  type AuditEvent,
  type AuditEventType,
} from '../domain/audit/audit-event';
import { type DomainError } from '../domain/errors';
import { type Actor } from '../domain/revocation/revocation-request';
import { type CoreDeps } from './core-deps';

export const auditActor = (actor: Actor, role: AuditActor['role']): AuditActor => ({
  aadObjectId: actor.aadObjectId,
  displayName: actor.displayName,
  role: actor.aadObjectId === 'system' ? 'system' : role,
});

/** Audits a refusal: the catalogued code is the reason; nothing else changes. */
export async function refuse(
  deps: Pick<CoreDeps, 'audit'>,
  eventType: AuditEventType,
  error: DomainError,
  event: Omit<AuditEvent, 'eventType' | 'outcome' | 'reason'>,
): Promise<void> {
  await deps.audit.append({
    ...event,
    eventType,
    outcome: 'refused',
    reason: error.code,
    detail: error.userMessage,
  });
}

/** An event Lockdown itself is the actor of. */
export const systemEvent = (
  eventType: AuditEventType,
  fields: Omit<AuditEvent, 'eventType' | 'actor'>,
): AuditEvent => ({ ...fields, eventType, actor: SYSTEM_AUDIT_ACTOR });
