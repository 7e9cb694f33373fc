import { randomUUID } from 'node:crypto';

import { type SimClock } from './sim-clock';

export type AuditInitiator =
  | { user: { id: string; userPrincipalName: string; displayName: string } }
  | { app: { appId: string | null; displayName: string; servicePrincipalId: string | null } };

export interface AuditRecordInput {
  activity: string;
  initiatedBy: AuditInitiator;
  target: { id: string; displayName: string | null; userPrincipalName: string | null };
  targetType: 'User' | 'Device';
  modifiedProperties: { displayName: string; oldValue: string; newValue: string }[];
}

/** The Lockdown app as the initiator of changes it made through Graph. */
export function appInitiator(app: {
  clientId: string;
  displayName: string;
  servicePrincipalId: string;
}): AuditInitiator {
  return {
    app: {
      appId: app.clientId,
      displayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
    },
  };
}

/** A directoryAudit as `GET /auditLogs/directoryAudits` serialises it. */
export type DirectoryAudit = Record<string, unknown> & { activityDateTime: string };

/**
 * The tenant's directory audit log (Entra "Audit logs"). Lockdown reads it to say who disabled
 * an account elsewhere, so admin-API changes, sync cycles and Graph writes all land here.
 */
export class DirectoryAudits {
  private readonly entries: { targetId: string; audit: DirectoryAudit }[] = [];

  constructor(private readonly clock: SimClock) {}

  record(input: AuditRecordInput): void {
    const initiatedBy =
      'user' in input.initiatedBy
        ? { app: null, user: { ...input.initiatedBy.user, ipAddress: null } }
        : { app: { ...input.initiatedBy.app, servicePrincipalName: null }, user: null };
    const audit: DirectoryAudit = {
      id: `Directory_${randomUUID()}`,
      category: input.targetType === 'User' ? 'UserManagement' : 'Device',
      correlationId: randomUUID(),
      result: 'success',
      resultReason: '',
      activityDisplayName: input.activity,
      activityDateTime: this.clock.now().toISOString(),
      loggedByService: 'Core Directory',
      operationType: 'Update',
      initiatedBy,
      targetResources: [
        {
          id: input.target.id,
          displayName: input.target.displayName,
          type: input.targetType,
          userPrincipalName: input.target.userPrincipalName,
          groupType: null,
          modifiedProperties: input.modifiedProperties,
        },
      ],
      additionalDetails: [],
    };
    this.entries.push({ targetId: input.target.id, audit });
  }

  /** Entries whose target is `id`, newest first. */
  forTarget(id: string): DirectoryAudit[] {
    return this.entries
      .filter((entry) => entry.targetId === id)
      .map((entry) => entry.audit)
      .reverse();
  }
}
