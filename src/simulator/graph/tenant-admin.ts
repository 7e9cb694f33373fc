import { type AuditInitiator } from './directory-audits';
import { type DeltaTokens } from './delta-tokens';
import {
  type LifecycleEvent,
  type NewDevice,
  type NewUser,
  type SimDevice,
  type SimUser,
  type SubscriptionInfo,
  type TenantAdmin,
} from './graph-simulator';
import { type SubscriptionService } from './subscription-service';
import { type TenantModel, type UserRecord } from './tenant-model';

const ENTRA_CONNECT: AuditInitiator = {
  app: { appId: null, displayName: 'Microsoft Entra Connect', servicePrincipalId: null },
};

/**
 * Changes made outside Graph (portal admins, Entra Connect, PIM, the test itself). They go
 * through the same model as Graph writes, so they reach delta, notifications and audit logs.
 */
export class SimTenantAdmin implements TenantAdmin {
  constructor(
    private readonly model: TenantModel,
    private readonly subscriptions: SubscriptionService,
    private readonly deltaTokens: DeltaTokens,
  ) {}

  disableUser(idOrUpn: string, options: { by?: string } = {}): SimUser {
    return this.setEnabled(idOrUpn, false, this.initiator(options.by));
  }

  enableUser(idOrUpn: string, options: { by?: string } = {}): SimUser {
    return this.setEnabled(idOrUpn, true, this.initiator(options.by));
  }

  setOnPremisesEnabled(idOrUpn: string, enabled: boolean): void {
    const user = this.model.requireUser(idOrUpn);
    if (user.onPremisesSyncEnabled !== true)
      throw new Error(`${idOrUpn} is not synced from on-premises`);
    this.model.updateUser(user.id, { onPremisesAccountEnabled: enabled });
  }

  /** Entra Connect rewrites the cloud accountEnabled of every synced user from on-premises. */
  runSyncCycle(): string[] {
    const drifted = this.model
      .listUsers()
      .filter(
        (u) => u.onPremisesSyncEnabled === true && u.accountEnabled !== u.onPremisesAccountEnabled,
      );
    drifted.forEach((u) => this.setEnabled(u.id, u.onPremisesAccountEnabled, ENTRA_CONNECT));
    return drifted.map((u) => u.id);
  }

  addUser(user: NewUser = {}): SimUser {
    return this.model.snapshot(this.model.createUser(user));
  }

  addUsers(count: number, template: NewUser = {}): SimUser[] {
    return numbered(count).map((n) => this.addUser(expand(template, n)));
  }

  addDevice(device: NewDevice): SimDevice {
    const owner = this.model.requireUser(device.owner).id;
    return structuredClone(this.model.createDevice({ ...device, owner }));
  }

  addDevices(count: number, template: NewDevice): SimDevice[] {
    return numbered(count).map((n) => this.addDevice(expand(template, n)));
  }

  deleteUser(idOrUpn: string): void {
    this.model.softDeleteUser(this.model.requireUser(idOrUpn).id);
  }

  getUser(idOrUpn: string): SimUser | undefined {
    const user = this.model.findUser(idOrUpn, true);
    return user && this.model.snapshot(user);
  }

  getDevice(id: string): SimDevice | undefined {
    const device = this.model.device(id.toLowerCase());
    return device && structuredClone(device);
  }

  lastPasswordSet(userId: string): string | undefined {
    return this.model.lastPassword(userId.toLowerCase());
  }

  addGroupMember(groupId: string, memberId: string): void {
    this.requireMember(memberId);
    this.model.groups.addMember(groupId.toLowerCase(), memberId.toLowerCase());
  }

  removeGroupMember(groupId: string, memberId: string): void {
    this.model.groups.removeMember(groupId.toLowerCase(), memberId.toLowerCase());
  }

  setDirectoryRoles(
    userId: string,
    roleNames: string[],
    options: { eligible?: string[] } = {},
  ): void {
    this.model.setRoles(this.model.requireUser(userId).id, roleNames, options.eligible);
  }

  expireDeltaTokens(): void {
    this.deltaTokens.expireAll();
  }

  sendLifecycleNotification(subscriptionId: string, event: LifecycleEvent): Promise<boolean> {
    return this.subscriptions.sendLifecycle(subscriptionId, event);
  }

  deleteSubscription(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  listSubscriptions(): SubscriptionInfo[] {
    return this.subscriptions.live().map((s) => this.subscriptions.info(s));
  }

  private setEnabled(idOrUpn: string, enabled: boolean, initiatedBy: AuditInitiator): SimUser {
    const user = this.model.requireUser(idOrUpn);
    const changed = this.model.updateUser(user.id, { accountEnabled: enabled });
    if (changed.includes('accountEnabled')) {
      this.model.audits.record({
        activity: enabled ? 'Enable account' : 'Disable account',
        initiatedBy,
        target: {
          id: user.id,
          displayName: user.displayName,
          userPrincipalName: user.userPrincipalName,
        },
        targetType: 'User',
        modifiedProperties: [
          { displayName: 'AccountEnabled', oldValue: `[${!enabled}]`, newValue: `[${enabled}]` },
        ],
      });
    }
    return this.model.snapshot(user);
  }

  /** `by` (id or UPN), or else the tenant's first Global Administrator, as the portal admin. */
  private initiator(by: string | undefined): AuditInitiator {
    const admin: UserRecord | undefined =
      by === undefined
        ? this.model
            .listUsers()
            .find((u) => this.model.rolesOf(u.id).includes('Global Administrator'))
        : this.model.requireUser(by);
    const user = admin ?? {
      id: '00000000-0000-0000-0000-000000000000',
      userPrincipalName: 'admin',
      displayName: 'Admin',
    };
    return {
      user: {
        id: user.id,
        userPrincipalName: user.userPrincipalName,
        displayName: user.displayName,
      },
    };
  }

  private requireMember(memberId: string): void {
    if (
      this.model.findUser(memberId) === undefined &&
      this.model.groups.get(memberId.toLowerCase()) === undefined
    ) {
      throw new Error(`Unknown user or group '${memberId}'`);
    }
  }
}

function numbered(count: number): number[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`count must be a non-negative integer, got ${count}`);
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** Replaces `{n}` in every string field of the template. */
function expand<T extends object>(template: T, n: number): T {
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.replace(/\{n\}/g, String(n)) : value,
    ]),
  ) as T;
}
