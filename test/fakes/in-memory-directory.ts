import {
  type DirectoryMutation,
  type MutationResult,
} from '../../src/domain/directory/directory-mutation';
import {
  PRIVILEGED_ROLE_TEMPLATES,
  type DirectoryRole,
} from '../../src/domain/directory/directory-role';
import { type DirectoryUser } from '../../src/domain/directory/directory-user';
import { type RegisteredDevice } from '../../src/domain/directory/registered-device';
import { DomainError } from '../../src/domain/errors';
import { describeUserRef, type ObjectId, type UserRef } from '../../src/domain/user-ref';
import { type Directory } from '../../src/ports/directory';

export interface FakeUser extends DirectoryUser {
  readonly activeRoles: readonly string[];
  readonly eligibleRoles: readonly string[];
}
export interface FakeDevice extends RegisteredDevice {
  readonly ownerIds: readonly ObjectId[];
}
export type DirectoryCall = { readonly method: keyof Directory; readonly subject: string };

/** Roles a User Administrator may act on (graph-facts §2); any other role needs a higher one. */
const USER_ADMIN_MANAGEABLE = new Set([
  '729827e3-9c14-49f7-bb1b-9608f156bbb8', // Helpdesk Administrator
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
]);
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const PRIVILEGED_AUTH_ADMIN = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

/**
 * An in-memory Entra directory that enforces Graph's rules Lockdown depends on: unknown ids are
 * not found, sensitive changes to admins need the app to outrank them, apps cannot disable
 * non-Windows devices, synced and guest accounts refuse password changes, and revoking moves
 * signInSessionsValidFromDateTime. The directory contract suite keeps it honest against Graph.
 */
export class InMemoryDirectory implements Directory {
  readonly calls: DirectoryCall[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly devices = new Map<string, FakeDevice>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly failures: Array<{ method: keyof Directory; error: DomainError }> = [];
  private readonly mutationFailures: Array<{
    matches: (m: DirectoryMutation) => boolean;
    error: DomainError;
    times: number;
    apply: boolean;
  }> = [];
  private appRoles: readonly string[] = [USER_ADMIN];

  constructor(private readonly now: () => Date = () => new Date()) {}

  addUser(user: Partial<FakeUser> & Pick<FakeUser, 'id' | 'userPrincipalName'>): FakeUser {
    const full: FakeUser = {
      displayName: user.userPrincipalName.split('@')[0]!,
      mail: user.userPrincipalName,
      accountEnabled: true,
      onPremisesSyncEnabled: null,
      userType: 'Member',
      signInSessionsValidFromDateTime: '2026-01-01T00:00:00Z',
      lastPasswordChangeDateTime: '2026-01-01T00:00:00Z',
      activeRoles: [],
      eligibleRoles: [],
      ...user,
    };
    this.users.set(full.id, full);
    return full;
  }

  addDevice(device: Partial<FakeDevice> & Pick<FakeDevice, 'id' | 'ownerIds'>): FakeDevice {
    const full: FakeDevice = {
      deviceId: null,
      displayName: `Device ${device.id}`,
      operatingSystem: 'Windows',
      accountEnabled: true,
      ...device,
    };
    this.devices.set(full.id, full);
    return full;
  }

  /** Members may be users or groups; membership checks are transitive. */
  addGroup(id: ObjectId, members: readonly ObjectId[]): void {
    this.groups.set(id, new Set(members));
  }

  setAppRoles(roleTemplateIds: readonly string[]): void {
    this.appRoles = roleTemplateIds;
  }

  /** The next call of `method` fails with `error` (throttling, outages, ...). */
  failNext(method: keyof Directory, error: DomainError): void {
    this.failures.push({ method, error });
  }

  /**
   * Matching mutations fail with `error` (`times` times): throttling, outages, or with `apply`
   * the change lands but the answer is lost (a 504 after the fact).
   */
  failMutations(
    matches: (m: DirectoryMutation) => boolean,
    error: DomainError,
    times = Infinity,
    apply = false,
  ): void {
    this.mutationFailures.push({ matches, error, times, apply });
  }

  /** Every mutation that reached the directory, whether it was applied or refused. */
  readonly mutationLog: Array<{ readonly mutation: DirectoryMutation; readonly ok: boolean }> = [];

  /** A change made outside Lockdown (the portal, Intune). */
  setDeviceEnabled(id: ObjectId, accountEnabled: boolean): void {
    this.devices.set(id, { ...this.device(id), accountEnabled });
  }

  removeUser(id: ObjectId): void {
    this.users.delete(id);
  }

  /** Every user, as a delta query would see them. */
  allUsers(): FakeUser[] {
    return [...this.users.values()];
  }

  /** A change made outside Lockdown (the portal, HR sync, Entra Connect). */
  setAccountEnabled(id: ObjectId, accountEnabled: boolean): void {
    this.users.set(id, { ...this.user(id), accountEnabled });
  }

  peekUser(id: ObjectId): FakeUser | undefined {
    return this.users.get(id);
  }

  peekDevice(id: ObjectId): FakeDevice | undefined {
    return this.devices.get(id);
  }

  async resolveUser(ref: UserRef): Promise<DirectoryUser> {
    this.enter('resolveUser', describeUserRef(ref));
    const user =
      ref.kind === 'objectId'
        ? this.users.get(ref.id)
        : [...this.users.values()].find(
            (u) => u.userPrincipalName.toLowerCase() === ref.upn.toLowerCase(),
          );
    if (!user)
      throw new DomainError(
        'USER_NOT_FOUND',
        { reference: describeUserRef(ref) },
        { context: { status: 404 } },
      );
    return publicUser(user);
  }

  async getUser(id: ObjectId): Promise<DirectoryUser> {
    this.enter('getUser', id);
    return publicUser(this.user(id));
  }

  async listRegisteredDevices(userId: ObjectId): Promise<RegisteredDevice[]> {
    this.enter('listRegisteredDevices', userId);
    this.user(userId);
    return [...this.devices.values()].filter((d) => d.ownerIds.includes(userId)).map(publicDevice);
  }

  async getDevice(id: ObjectId): Promise<RegisteredDevice> {
    this.enter('getDevice', id);
    return publicDevice(this.device(id));
  }

  async isMemberOf(userId: ObjectId, groupId: ObjectId): Promise<boolean> {
    this.enter('isMemberOf', userId);
    this.user(userId);
    return this.contains(groupId, userId, new Set());
  }

  async listDirectoryRoles(userId: ObjectId): Promise<DirectoryRole[]> {
    this.enter('listDirectoryRoles', userId);
    const user = this.user(userId);
    const role = (id: string, assignment: DirectoryRole['assignment']): DirectoryRole => ({
      roleTemplateId: id,
      displayName: PRIVILEGED_ROLE_TEMPLATES[id] ?? `Directory role ${id}`,
      assignment,
    });
    return [
      ...user.activeRoles.map((id) => role(id, 'active')),
      ...user.eligibleRoles.map((id) => role(id, 'eligible')),
    ];
  }

  disableUser(id: ObjectId): Promise<MutationResult> {
    return this.mutation('disableUser', { kind: 'disable-user', userId: id });
  }

  revokeSignInSessions(id: ObjectId): Promise<MutationResult> {
    return this.mutation('revokeSignInSessions', { kind: 'revoke-sessions', userId: id });
  }

  disableDevice(id: ObjectId): Promise<MutationResult> {
    return this.mutation('disableDevice', { kind: 'disable-device', deviceId: id });
  }

  async applyMutations(mutations: readonly DirectoryMutation[]): Promise<MutationResult[]> {
    this.enter('applyMutations', String(mutations.length));
    return mutations.map((mutation) => this.apply(mutation));
  }

  private async mutation(
    method: keyof Directory,
    mutation: DirectoryMutation,
  ): Promise<MutationResult> {
    try {
      this.enter(method, 'userId' in mutation ? mutation.userId : mutation.deviceId);
    } catch (error) {
      return { mutation, ok: false, error: error as DomainError };
    }
    return this.apply(mutation);
  }

  private apply(mutation: DirectoryMutation): MutationResult {
    const injected = this.mutationFailures.find((f) => f.times > 0 && f.matches(mutation));
    try {
      if (injected) {
        injected.times--;
        if (injected.apply) this.applyOrThrow(mutation);
        throw injected.error;
      }
      this.applyOrThrow(mutation);
      this.mutationLog.push({ mutation, ok: true });
      return { mutation, ok: true, graphRequestId: `fake-${this.calls.length}` };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.mutationLog.push({ mutation, ok: false });
      return { mutation, ok: false, error };
    }
  }

  private applyOrThrow(mutation: DirectoryMutation): void {
    const stamp = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    if (mutation.kind === 'disable-device') {
      const device = this.device(mutation.deviceId);
      if (device.operatingSystem !== 'Windows')
        throw forbidden('disable the device', 'Device.ReadWrite.All');
      this.devices.set(device.id, { ...device, accountEnabled: false });
      return;
    }
    const user = this.user(mutation.userId);
    if (mutation.kind === 'revoke-sessions') {
      this.users.set(user.id, { ...user, signInSessionsValidFromDateTime: stamp });
      return;
    }
    this.checkOutranks(user);
    if (mutation.kind === 'disable-user') {
      this.users.set(user.id, { ...user, accountEnabled: false });
      return;
    }
    if (user.onPremisesSyncEnabled === true || user.userType === 'Guest') {
      throw new DomainError(
        'GRAPH_BAD_REQUEST',
        { operation: 'reset the password', graphCode: 'Request_BadRequest' },
        { context: { status: 400 } },
      );
    }
    this.users.set(user.id, { ...user, lastPasswordChangeDateTime: stamp });
  }

  private checkOutranks(user: FakeUser): void {
    if (user.activeRoles.length === 0) return;
    const manageableByUserAdmin = user.activeRoles.every((r) => USER_ADMIN_MANAGEABLE.has(r));
    const needed = manageableByUserAdmin
      ? [USER_ADMIN, PRIVILEGED_AUTH_ADMIN, GLOBAL_ADMIN]
      : [PRIVILEGED_AUTH_ADMIN, GLOBAL_ADMIN];
    if (!this.appRoles.some((r) => needed.includes(r)))
      throw forbidden('disable the account', 'User.EnableDisableAccount.All');
  }

  private contains(groupId: string, memberId: string, seen: Set<string>): boolean {
    if (seen.has(groupId)) return false;
    seen.add(groupId);
    const members = this.groups.get(groupId);
    if (!members) return false;
    return (
      members.has(memberId) ||
      [...members].some((m) => this.groups.has(m) && this.contains(m, memberId, seen))
    );
  }

  private enter(method: keyof Directory, subject: string): void {
    this.calls.push({ method, subject });
    const index = this.failures.findIndex((f) => f.method === method);
    if (index >= 0) throw this.failures.splice(index, 1)[0]!.error;
  }

  private user(id: ObjectId): FakeUser {
    const user = this.users.get(id);
    if (!user)
      throw new DomainError('USER_NOT_FOUND', { reference: id }, { context: { status: 404 } });
    return user;
  }

  private device(id: ObjectId): FakeDevice {
    const device = this.devices.get(id);
    if (!device)
      throw new DomainError('DEVICE_NOT_FOUND', { deviceId: id }, { context: { status: 404 } });
    return device;
  }
}

function forbidden(operation: string, permission: string): DomainError {
  return new DomainError(
    'GRAPH_FORBIDDEN',
    { operation, permission },
    { context: { status: 403, permission } },
  );
}

function publicUser(user: FakeUser): DirectoryUser {
  const { activeRoles: _a, eligibleRoles: _e, ...rest } = user;
  return rest;
}

function publicDevice(device: FakeDevice): RegisteredDevice {
  const { ownerIds: _o, ...rest } = device;
  return rest;
}
