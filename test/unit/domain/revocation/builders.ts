// Small factories for the pure revocation rules' inputs. Each returns a valid, ordinary value;
// a test overrides only the fields its rule is about.
import {
  type DirectoryMutation,
  type MutationResult,
} from '../../../../src/domain/directory/directory-mutation';
import { type DirectoryRole } from '../../../../src/domain/directory/directory-role';
import { type DirectoryUser } from '../../../../src/domain/directory/directory-user';
import { type RegisteredDevice } from '../../../../src/domain/directory/registered-device';
import {
  DomainError,
  type ErrorCode,
  type ErrorContext,
  type ErrorParams,
} from '../../../../src/domain/errors';
import { toRequestId } from '../../../../src/domain/revocation/request-id';
import {
  type Actor,
  type RevocationRequest,
  type TargetSummary,
} from '../../../../src/domain/revocation/revocation-request';
import { type TargetSnapshot } from '../../../../src/domain/revocation/step-state';
import { toObjectId, type ObjectId } from '../../../../src/domain/user-ref';

/** A distinct, valid object id per number. */
export const oid = (n: number): ObjectId =>
  toObjectId(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);

export const ALICE = oid(1); // the requester, unless a test says otherwise
export const BOB = oid(2); // an independent approver
export const CAROL = oid(3); // the target
export const DAVE = oid(4); // a second target
export const ERIN = oid(5); // nobody in particular

export const NAMES: Readonly<Record<string, string>> = {
  [ALICE]: 'Alice Analyst',
  [BOB]: 'Bob Approver',
  [CAROL]: 'Carol Target',
  [DAVE]: 'Dave Target',
  [ERIN]: 'Erin Bystander',
};

export const actor = (id: ObjectId, overrides: Partial<Actor> = {}): Actor => ({
  aadObjectId: id,
  displayName: NAMES[id] ?? `User ${id}`,
  ...overrides,
});

export const targetSummary = (
  id: ObjectId,
  overrides: Partial<TargetSummary> = {},
): TargetSummary => ({
  id,
  userPrincipalName: `user-${id.slice(-4)}@contoso.com`,
  displayName: NAMES[id] ?? `User ${id}`,
  accountEnabled: true,
  synced: false,
  guest: false,
  deviceCount: 0,
  privilegedRoles: [],
  ...overrides,
});

export const CREATED_AT = '2025-03-01T10:00:00.000Z';
export const EXPIRES_AT = '2025-03-01T10:30:00.000Z';
export const CHANNEL = '19:security@thread.tacv2';
export const CARD_ACTIVITY = '1740823200000';

/** An open manual request by Alice against Carol, posted as a card in the security channel. */
export const request = (overrides: Partial<RevocationRequest> = {}): RevocationRequest => ({
  id: toRequestId('LD-7K3M9Q'),
  token: '3f1c2e4a0b7d4c519e3a2d8b7c6a5f40',
  kind: 'manual',
  status: 'opened',
  version: 1,
  requester: actor(ALICE),
  reason: 'phishing',
  targets: [targetSummary(CAROL)],
  steps: ['disable-account', 'revoke-sessions', 'disable-devices'],
  createdAt: CREATED_AT,
  expiresAt: EXPIRES_AT,
  decision: null,
  card: { conversationId: CHANNEL, activityId: CARD_ACTIVITY },
  startedAt: null,
  finishedAt: null,
  runCount: 0,
  ...overrides,
});

export const user = (overrides: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id: CAROL,
  userPrincipalName: 'carol@contoso.com',
  displayName: 'Carol Target',
  mail: 'carol@contoso.com',
  accountEnabled: true,
  onPremisesSyncEnabled: null,
  userType: 'Member',
  signInSessionsValidFromDateTime: '2025-01-01T00:00:00Z',
  lastPasswordChangeDateTime: '2024-12-01T00:00:00Z',
  ...overrides,
});

export const device = (n: number, overrides: Partial<RegisteredDevice> = {}): RegisteredDevice => ({
  id: oid(1000 + n),
  deviceId: `device-${n}`,
  displayName: `LAPTOP-${n}`,
  operatingSystem: 'Windows',
  accountEnabled: true,
  ...overrides,
});

export const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdmin: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  privilegedAuthAdmin: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  securityAdmin: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  // Not privileged: read-only roles.
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  messageCenterReader: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
} as const;

export const role = (
  roleTemplateId: string,
  displayName: string,
  assignment: DirectoryRole['assignment'] = 'active',
): DirectoryRole => ({ roleTemplateId, displayName, assignment });

export type SnapshotDevice = TargetSnapshot['devices'][number];

export const snapshotDevice = (
  n: number,
  overrides: Partial<SnapshotDevice> = {},
): SnapshotDevice => ({
  id: oid(1000 + n),
  displayName: `LAPTOP-${n}`,
  operatingSystem: 'Windows',
  accountEnabled: true,
  ...overrides,
});

/** An enabled, cloud-only member with no devices, as `snapshot` records it. */
export const snapshot = (overrides: Partial<TargetSnapshot> = {}): TargetSnapshot => ({
  exists: true,
  accountEnabled: true,
  synced: false,
  guest: false,
  signInSessionsValidFromDateTime: '2025-01-01T00:00:00Z',
  lastPasswordChangeDateTime: '2024-12-01T00:00:00Z',
  devices: [],
  roles: [],
  ...overrides,
});

export const succeeded = (
  mutation: DirectoryMutation,
  graphRequestId: string | null = 'req-ok',
): MutationResult => ({ mutation, ok: true, graphRequestId });

export const failed = (
  mutation: DirectoryMutation,
  code: ErrorCode,
  context: ErrorContext = {},
  params: ErrorParams = {},
): MutationResult => ({
  mutation,
  ok: false,
  error: new DomainError(code, params, { context }),
});
