import {
  type DirectoryMutation,
  type MutationResult,
} from '../../domain/directory/directory-mutation';
import { type DirectoryRole } from '../../domain/directory/directory-role';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { type RegisteredDevice } from '../../domain/directory/registered-device';
import { DomainError } from '../../domain/errors';
import { describeUserRef, type ObjectId, type UserRef } from '../../domain/user-ref';
import { type Directory } from '../../ports/directory';
import { BATCH_DEFAULTS, runBatch, type BatchOptions, type BatchRequest } from './graph-batch';
import { checkedGraphLink } from './checked-graph-link';
import { type GraphHttp } from './graph-http';
import {
  collectionItems,
  stringValues,
  toActiveRole,
  toDirectoryUser,
  toEligibleRole,
  toRegisteredDevice,
} from './graph-mappers';
import { GRAPH_OPERATIONS, type GraphOperation } from './graph-operations';
import { graphPaths } from './graph-paths';

/** Far more than any real collection Lockdown reads; stops a server that pages forever. */
const MAX_PAGES = 500;

/** The Directory port over Microsoft Graph v1.0. */
export class GraphDirectory implements Directory {
  private readonly batchOptions: BatchOptions;

  constructor(
    private readonly http: GraphHttp,
    batchOptions: Partial<BatchOptions> = {},
  ) {
    this.batchOptions = { ...BATCH_DEFAULTS, ...batchOptions };
  }

  async resolveUser(ref: UserRef): Promise<DirectoryUser> {
    const reply = await this.http.send({
      operation: 'read-user',
      method: 'GET',
      path: graphPaths.userLookup(ref),
      subject: describeUserRef(ref),
    });
    const user = toDirectoryUser(reply.body, 'read-user');
    const same =
      ref.kind === 'objectId'
        ? user.id === ref.id
        : user.userPrincipalName.toLowerCase() === ref.upn.toLowerCase();
    if (!same) throw unexpected('read-user', `asked for ${describeUserRef(ref)}, got ${user.id}`);
    return user;
  }

  async getUser(id: ObjectId): Promise<DirectoryUser> {
    const reply = await this.http.send({
      operation: 'read-user',
      method: 'GET',
      path: graphPaths.userWithFields(id),
      subject: id,
    });
    const user = toDirectoryUser(reply.body, 'read-user');
    if (user.id !== id) throw unexpected('read-user', `asked for ${id}, got ${user.id}`);
    return user;
  }

  /** Registered and owned devices together (a leaver's devices can be either), once each. */
  async listRegisteredDevices(userId: ObjectId): Promise<RegisteredDevice[]> {
    const [registered, owned] = await Promise.all([
      this.allPages('list-devices', graphPaths.registeredDevices(userId), userId),
      this.allPages('list-devices', graphPaths.ownedDevices(userId), userId),
    ]);
    const devices = new Map<string, RegisteredDevice>();
    for (const item of [...registered, ...owned]) {
      const device = toRegisteredDevice(item, 'list-devices');
      if (device && !devices.has(device.id)) devices.set(device.id, device);
    }
    return [...devices.values()];
  }

  async getDevice(id: ObjectId): Promise<RegisteredDevice> {
    const reply = await this.http.send({
      operation: 'read-device',
      method: 'GET',
      path: graphPaths.deviceWithFields(id),
      subject: id,
    });
    const device = toRegisteredDevice(reply.body, 'read-device');
    if (!device || device.id !== id) throw unexpected('read-device', `asked for device ${id}`);
    return device;
  }

  async isMemberOf(userId: ObjectId, groupId: ObjectId): Promise<boolean> {
    const reply = await this.http.send({
      operation: 'check-membership',
      method: 'POST',
      path: graphPaths.checkMemberGroups(userId),
      body: { groupIds: [groupId] },
      subject: userId,
    });
    return stringValues(reply.body, 'check-membership').some((id) => id.toLowerCase() === groupId);
  }

  /** Active roles (also through role-assignable groups) and PIM-eligible ones (threat-model T15). */
  async listDirectoryRoles(userId: ObjectId): Promise<DirectoryRole[]> {
    const [memberships, eligibilities] = await Promise.all([
      this.allPages('list-roles', graphPaths.transitiveMemberOf(userId), userId),
      this.allPages('list-roles', graphPaths.roleEligibility(userId), userId),
    ]);
    const roles = [
      ...memberships.map((item) => toActiveRole(item, 'list-roles')),
      ...eligibilities.map((item) => toEligibleRole(item, 'list-roles')),
    ].filter((role): role is DirectoryRole => role !== undefined);
    const unique = new Map(
      roles.map((role) => [`${role.assignment}:${role.roleTemplateId}`, role]),
    );
    return [...unique.values()];
  }

  disableUser(id: ObjectId): Promise<MutationResult> {
    return this.mutate({ kind: 'disable-user', userId: id });
  }

  revokeSignInSessions(id: ObjectId): Promise<MutationResult> {
    return this.mutate({ kind: 'revoke-sessions', userId: id });
  }

  disableDevice(id: ObjectId): Promise<MutationResult> {
    return this.mutate({ kind: 'disable-device', deviceId: id });
  }

  async applyMutations(mutations: readonly DirectoryMutation[]): Promise<MutationResult[]> {
    const outcomes = await runBatch(this.http, mutations.map(toRequest), this.batchOptions);
    return outcomes.map((outcome, i) =>
      outcome.ok
        ? { mutation: mutations[i]!, ok: true, graphRequestId: outcome.requestId }
        : { mutation: mutations[i]!, ok: false, error: outcome.error },
    );
  }

  private async mutate(mutation: DirectoryMutation): Promise<MutationResult> {
    try {
      // Any 2xx counts: revokeSignInSessions documents 204 but answers 200 (graph-facts §3).
      const reply = await this.http.send(toRequest(mutation));
      return { mutation, ok: true, graphRequestId: reply.requestId };
    } catch (error) {
      if (error instanceof DomainError) return { mutation, ok: false, error };
      throw error;
    }
  }

  /** Follows `@odata.nextLink` only back to the configured Graph origin, over https. */
  private async allPages(
    operation: GraphOperation,
    path: string,
    subject: string,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    let next: string | undefined = path;
    for (let page = 0; next !== undefined; page++) {
      if (page >= MAX_PAGES) throw unexpected(operation, `more than ${MAX_PAGES} pages`);
      const reply = await this.http.send({ operation, method: 'GET', path: next, subject });
      const { items: pageItems, nextLink } = collectionItems(reply.body, operation);
      items.push(...pageItems);
      next =
        nextLink === undefined
          ? undefined
          : checkedGraphLink(this.http.origin, operation, nextLink, 'nextLink');
    }
    return items;
  }
}

function toRequest(mutation: DirectoryMutation): BatchRequest {
  switch (mutation.kind) {
    case 'disable-user':
      return {
        operation: 'disable-user',
        method: 'PATCH',
        path: graphPaths.user(mutation.userId),
        body: { accountEnabled: false },
        subject: mutation.userId,
      };
    case 'revoke-sessions':
      return {
        operation: 'revoke-sessions',
        method: 'POST',
        path: graphPaths.revokeSessions(mutation.userId),
        subject: mutation.userId,
      };
    case 'disable-device':
      return {
        operation: 'disable-device',
        method: 'PATCH',
        path: graphPaths.device(mutation.deviceId),
        body: { accountEnabled: false },
        subject: mutation.deviceId,
      };
    case 'reset-password':
      return {
        operation: 'reset-password',
        method: 'PATCH',
        path: graphPaths.user(mutation.userId),
        body: {
          passwordProfile: {
            forceChangePasswordNextSignIn: true,
            password: mutation.password.reveal(),
          },
        },
        subject: mutation.userId,
      };
  }
}

function unexpected(operation: GraphOperation, detail: string): DomainError {
  return new DomainError(
    'GRAPH_UNEXPECTED_RESPONSE',
    { operation: GRAPH_OPERATIONS[operation].does },
    { detail },
  );
}
