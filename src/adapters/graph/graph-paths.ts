import { type ObjectId, type UserRef } from '../../domain/user-ref';

/**
 * Every Graph path Lockdown builds. Mutations take an `ObjectId` only (a value that passed the
 * GUID grammar); typed text reaches a path only in `userLookup`, after strict validation and
 * encoding, and is never spliced raw (threat-model.md T16).
 */
export const USER_FIELDS = [
  'id',
  'userPrincipalName',
  'displayName',
  'mail',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'userType',
  'signInSessionsValidFromDateTime',
  'lastPasswordChangeDateTime',
] as const;

export const DEVICE_FIELDS = [
  'id',
  'deviceId',
  'displayName',
  'operatingSystem',
  'accountEnabled',
] as const;

/** What the watcher compares between delta rounds (graph-facts §11, threat-model R28). */
export const DELTA_FIELDS = ['id', 'accountEnabled', 'userPrincipalName'] as const;

/** The newest audit entries about one user; a disable is recent when it matters. */
export const AUDIT_PAGE_SIZE = 20;

const select = (fields: readonly string[]): string => `$select=${fields.join(',')}`;

export const graphPaths = {
  user: (id: ObjectId) => `/users/${id}`,
  userWithFields: (id: ObjectId) => `/users/${id}?${select(USER_FIELDS)}`,
  /** A UPN beginning with `$` needs Graph's key syntax, with quotes doubled (graph-facts §0.4). */
  userLookup: (ref: UserRef) => {
    if (ref.kind === 'objectId') return `/users/${ref.id}?${select(USER_FIELDS)}`;
    const key = ref.upn.startsWith('$')
      ? `('${encodeURIComponent(ref.upn.replace(/'/g, "''"))}')`
      : `/${encodeURIComponent(ref.upn)}`;
    return `/users${key}?${select(USER_FIELDS)}`;
  },
  revokeSessions: (id: ObjectId) => `/users/${id}/revokeSignInSessions`,
  registeredDevices: (id: ObjectId) => `/users/${id}/registeredDevices?${select(DEVICE_FIELDS)}`,
  ownedDevices: (id: ObjectId) => `/users/${id}/ownedDevices?${select(DEVICE_FIELDS)}`,
  device: (id: ObjectId) => `/devices/${id}`,
  deviceWithFields: (id: ObjectId) => `/devices/${id}?${select(DEVICE_FIELDS)}`,
  checkMemberGroups: (id: ObjectId) => `/users/${id}/checkMemberGroups`,
  transitiveMemberOf: (id: ObjectId) => `/users/${id}/transitiveMemberOf`,
  /** The filter value is an object id Graph returned, never typed text. */
  roleEligibility: (id: ObjectId) =>
    `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${id}'`,
  batch: () => '/$batch',
  /** The first call of a full round only: later pages' tokens carry the select (graph-facts §11). */
  usersDelta: () => `/users/delta?${select(DELTA_FIELDS)}`,
  subscriptions: () => '/subscriptions',
  /** Subscription ids are values Graph returned, checked against the GUID grammar. */
  subscription: (id: ObjectId) => `/subscriptions/${id}`,
  reauthorizeSubscription: (id: ObjectId) => `/subscriptions/${id}/reauthorize`,
  /** The filter value is an object id Graph returned, never typed text. */
  directoryAudits: (targetId: ObjectId) =>
    `/auditLogs/directoryAudits?$filter=targetResources/any(t:t/id eq '${targetId}')&$top=${AUDIT_PAGE_SIZE}`,
} as const;
