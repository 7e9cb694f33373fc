import {
  type DirectoryMutation,
  type MutationResult,
} from '../domain/directory/directory-mutation';
import { type DirectoryRole } from '../domain/directory/directory-role';
import { type DirectoryUser } from '../domain/directory/directory-user';
import { type RegisteredDevice } from '../domain/directory/registered-device';
import { type ObjectId, type UserRef } from '../domain/user-ref';

/**
 * Entra ID as Lockdown sees it. Failures are `DomainError`s from the catalogue (USER_NOT_FOUND,
 * GRAPH_FORBIDDEN, GRAPH_THROTTLED, GRAPH_UNAVAILABLE, ...) carrying Graph's request-id.
 *
 * Invariant: every write names an object id that the directory itself returned.
 */
export interface Directory {
  /** Resolves a validated UPN or object id, once, to the user it names. */
  resolveUser(ref: UserRef): Promise<DirectoryUser>;
  /** Re-reads a user by object id, with every field the card and pipeline need. */
  getUser(id: ObjectId): Promise<DirectoryUser>;
  /** Every device registered to the user, across all pages. */
  listRegisteredDevices(userId: ObjectId): Promise<RegisteredDevice[]>;
  getDevice(id: ObjectId): Promise<RegisteredDevice>;
  /** Transitive membership: nested groups count. */
  isMemberOf(userId: ObjectId, groupId: ObjectId): Promise<boolean>;
  /** Directory roles held now (directly or through a role-assignable group) or eligible in PIM. */
  listDirectoryRoles(userId: ObjectId): Promise<DirectoryRole[]>;

  disableUser(id: ObjectId): Promise<MutationResult>;
  /** Any 2xx from Graph counts as success (Graph documents a wrong status code here). */
  revokeSignInSessions(id: ObjectId): Promise<MutationResult>;
  disableDevice(id: ObjectId): Promise<MutationResult>;
  /**
   * Applies independent mutations together (JSON batching, throttled items retried); one result
   * per mutation, in the order given. Never throws for a single item's failure.
   */
  applyMutations(mutations: readonly DirectoryMutation[]): Promise<MutationResult[]>;
}
