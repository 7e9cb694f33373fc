import { randomUUID } from 'node:crypto';

import { ChangeJournal } from './change-journal';
import { DirectoryAudits } from './directory-audits';
import { roleTemplateId } from './directory-roles';
import { type NewDevice, type NewUser, type SimDevice, type SimUser } from './graph-simulator';
import { GroupMembership } from './group-membership';
import { type SimClock } from './sim-clock';
import { byCodeUnits } from './opaque-tokens';
import { type ParsedTenantSeed } from './tenant-seed';

/** A user as stored; roles and devices live in their own tables. */
export type UserRecord = Omit<SimUser, 'devices' | 'directoryRoles' | 'eligibleRoles'>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Fields a new user may be given (everything a SimUser stores, bar computed ones). */
const NEW_USER_FIELDS = [
  'id',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'jobTitle',
  'userType',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'onPremisesAccountEnabled',
  'signInSessionsValidFromDateTime',
  'lastPasswordChangeDateTime',
  'createdDateTime',
  'businessPhones',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
];

export type UserChangeKind = 'updated' | 'created' | 'removed';
export type UserChangeListener = (userId: string, props: string[], kind: UserChangeKind) => void;

/**
 * The directory's state: users, devices, groups, role assignments, plus the change journal
 * (delta) and the audit log. Every user change goes through `updateUser`, which journals it
 * and tells listeners (change notifications), so no write path can forget either.
 */
export class TenantModel {
  readonly journal = new ChangeJournal();
  readonly audits: DirectoryAudits;
  readonly groups: GroupMembership;
  private readonly users = new Map<string, UserRecord>();
  private readonly upnIndex = new Map<string, string>();
  private readonly devices = new Map<string, SimDevice>();
  private readonly activeRoles = new Map<string, Set<string>>();
  private readonly eligible = new Map<string, Set<string>>();
  private readonly passwords = new Map<string, string>();
  private readonly listeners: UserChangeListener[] = [];

  constructor(
    readonly seed: ParsedTenantSeed,
    private readonly clock: SimClock,
  ) {
    this.audits = new DirectoryAudits(clock);
    this.groups = new GroupMembership(seed.groups);
    for (const user of seed.users) {
      const { directoryRoles, eligibleRoles, onPremisesAccountEnabled, ...fields } = user;
      this.store({
        ...fields,
        onPremisesAccountEnabled: onPremisesAccountEnabled ?? user.accountEnabled,
        deletedDateTime: null,
      });
      this.setRoles(user.id, directoryRoles, eligibleRoles);
    }
    for (const { owner, ...device } of seed.devices) {
      this.devices.set(device.id, {
        ...device,
        registeredUsers: [owner],
        registeredOwners: [owner],
      });
    }
  }

  get tenantId(): string {
    return this.seed.tenant.id;
  }

  onUserChange(listener: UserChangeListener): void {
    this.listeners.push(listener);
  }

  /** By object id, or by UPN case-insensitively; soft-deleted users only when asked. */
  findUser(idOrUpn: string, includeDeleted = false): UserRecord | undefined {
    const id = this.upnIndex.get(idOrUpn.toLowerCase()) ?? idOrUpn.toLowerCase();
    const user = this.users.get(id);
    return user && (includeDeleted || user.deletedDateTime === null) ? user : undefined;
  }

  requireUser(idOrUpn: string): UserRecord {
    const user = this.findUser(idOrUpn);
    if (user === undefined) throw new Error(`Unknown user '${idOrUpn}'`);
    return user;
  }

  /** Live users, ordered by id (a stable order is what makes paging tokens work). */
  listUsers(includeDeleted = false): UserRecord[] {
    return [...this.users.values()]
      .filter((u) => includeDeleted || u.deletedDateTime === null)
      .sort((a, b) => byCodeUnits(a.id, b.id));
  }

  createUser(input: NewUser): UserRecord {
    const now = this.clock.isoSeconds();
    const id = input.id ?? randomUUID();
    if (!GUID.test(id)) throw new Error(`A user id must be a lower-case GUID, got '${id}'`);
    const upn =
      input.userPrincipalName ?? `user-${id.slice(0, 8)}@${this.seed.tenant.defaultDomain}`;
    if (this.users.has(id) || this.upnIndex.has(upn.toLowerCase())) {
      throw new Error(`A user with id ${id} or UPN ${upn} already exists`);
    }
    const { directoryRoles = [], eligibleRoles = [], ...given } = input;
    [...directoryRoles, ...eligibleRoles].forEach(roleTemplateId);
    const unknown = Object.keys(given).find((key) => !NEW_USER_FIELDS.includes(key));
    if (unknown !== undefined) throw new Error(`Unknown user field '${unknown}'`);
    const fields = Object.fromEntries(
      Object.entries(given).filter(([, value]) => value !== undefined),
    ) as Partial<UserRecord>;
    const accountEnabled = fields.accountEnabled ?? true;
    const user: UserRecord = {
      ...{ givenName: null, surname: null, mail: upn, jobTitle: null, userType: 'Member' },
      ...{ accountEnabled, onPremisesSyncEnabled: null, onPremisesAccountEnabled: accountEnabled },
      ...{ signInSessionsValidFromDateTime: now, lastPasswordChangeDateTime: now },
      ...{ createdDateTime: now, businessPhones: [], mobilePhone: null, officeLocation: null },
      ...{ preferredLanguage: null, deletedDateTime: null },
      ...fields,
      id,
      userPrincipalName: upn,
      displayName: fields.displayName ?? upn.split('@')[0],
    };
    this.store(user);
    this.setRoles(id, directoryRoles, eligibleRoles);
    this.emit(id, Object.keys(user), 'created');
    return user;
  }

  /** Applies the changed fields; returns the names of those whose value really changed. */
  updateUser(id: string, patch: Partial<UserRecord>): string[] {
    const user = this.users.get(id);
    if (user === undefined) throw new Error(`Unknown user '${id}'`);
    const changed = Object.entries(patch)
      .filter(
        ([key, value]) => JSON.stringify(user[key as keyof UserRecord]) !== JSON.stringify(value),
      )
      .map(([key]) => key);
    Object.assign(user, patch);
    const graphVisible = changed.filter((key) => key !== 'onPremisesAccountEnabled');
    if (graphVisible.length > 0) this.emit(id, graphVisible, 'updated');
    return changed;
  }

  softDeleteUser(id: string): void {
    const user = this.users.get(id);
    if (user === undefined || user.deletedDateTime !== null)
      throw new Error(`Unknown user '${id}'`);
    user.deletedDateTime = this.clock.isoSeconds();
    this.emit(id, [], 'removed');
  }

  rolesOf(userId: string): string[] {
    return [...(this.activeRoles.get(userId) ?? [])];
  }

  eligibleRolesOf(userId: string): string[] {
    return [...(this.eligible.get(userId) ?? [])];
  }

  setRoles(userId: string, active: string[], eligibleRoles?: string[]): void {
    active.forEach(roleTemplateId);
    eligibleRoles?.forEach(roleTemplateId);
    this.activeRoles.set(userId, new Set(active));
    if (eligibleRoles !== undefined) this.eligible.set(userId, new Set(eligibleRoles));
  }

  device(id: string): SimDevice | undefined {
    return this.devices.get(id);
  }

  deviceByDeviceId(deviceId: string): SimDevice | undefined {
    return [...this.devices.values()].find((d) => d.deviceId === deviceId);
  }

  /** Devices of a user, ordered by id; `owned` picks registeredOwners over registeredUsers. */
  devicesOf(userId: string, owned = false): SimDevice[] {
    return [...this.devices.values()]
      .filter((d) => (owned ? d.registeredOwners : d.registeredUsers).includes(userId))
      .sort((a, b) => byCodeUnits(a.id, b.id));
  }

  createDevice(input: NewDevice): SimDevice {
    const { owner, ...fields } = input;
    this.requireUser(owner);
    const id = fields.id ?? randomUUID();
    if (!GUID.test(id)) throw new Error(`A device id must be a lower-case GUID, got '${id}'`);
    if (this.devices.has(id)) throw new Error(`A device with id ${id} already exists`);
    const device: SimDevice = {
      ...{ deviceId: randomUUID(), displayName: `DEVICE-${id.slice(0, 8).toUpperCase()}` },
      ...{ operatingSystem: 'Windows', operatingSystemVersion: '10.0.22631.4037' },
      ...{ trustType: 'AzureAd', accountEnabled: true, isCompliant: true, isManaged: true },
      ...{ registrationDateTime: this.clock.isoSeconds(), approximateLastSignInDateTime: null },
      ...fields,
      id,
      registeredUsers: [owner],
      registeredOwners: [owner],
    };
    this.devices.set(id, device);
    return device;
  }

  rememberPassword(userId: string, password: string): void {
    this.passwords.set(userId, password);
  }

  lastPassword(userId: string): string | undefined {
    return this.passwords.get(userId);
  }

  /** A detached copy in the shape TenantAdmin hands out. */
  snapshot(user: UserRecord): SimUser {
    return structuredClone({
      ...user,
      directoryRoles: this.rolesOf(user.id),
      eligibleRoles: this.eligibleRolesOf(user.id),
      devices: this.devicesOf(user.id),
    });
  }

  private store(user: UserRecord): void {
    this.users.set(user.id, user);
    this.upnIndex.set(user.userPrincipalName.toLowerCase(), user.id);
  }

  private emit(userId: string, props: string[], kind: UserChangeKind): void {
    this.journal.record(userId, props, kind);
    for (const listener of this.listeners) listener(userId, props, kind);
  }
}
