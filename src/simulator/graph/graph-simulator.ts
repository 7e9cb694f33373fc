import { type TenantSeed } from './tenant-seed';

/**
 * Public surface of the Graph simulator: an independent, HTTPS implementation of the Microsoft
 * Graph v1.0 endpoints Lockdown uses (docs/graph-facts.md is its specification). The demo and the
 * integration tests start it with `startGraphSimulator`; nothing here is shared with Lockdown.
 */
export interface GraphSimulatorOptions {
  /** The tenant data file (see tenant-seed.ts); validated with zod at start. */
  tenant: TenantSeed;
  /** CA that signs the server certificate; a fresh self-signed CA is generated when absent. */
  ca?: { certPem: string; keyPem: string };
  /** Loopback only; default '127.0.0.1'. */
  host?: string;
  port?: number;
  /** Port of the managed-identity (App Service protocol) listener. */
  identityPort?: number;
  /**
   * The X-IDENTITY-HEADER secret; random by default. msal-node caches the App Service endpoint
   * and secret for the whole process, so tests that start several simulators in one process
   * reuse one port and one secret.
   */
  identityHeader?: string;
  /** Added to every Graph response; a range means a random value inside it. */
  latencyMs?: number | [number, number];
  /** App roles written into issued tokens; default DEFAULT_GRANTED_PERMISSIONS. */
  grantedPermissions?: string[];
  /** Page size of collections and delta pages; default 100. */
  pageSize?: number;
  /** Base clock; the simulator clock is this plus whatever `clock.advance` added. */
  now?: () => Date;
  /**
   * How long the subscription validation handshake waits for the endpoint (Graph: 10 s).
   * Only tests shorten it, so that the time-out case does not cost ten seconds.
   */
  handshakeTimeoutMs?: number;
}

export interface GraphSimulator {
  /** 'https://127.0.0.1:<port>' (GRAPH_ENDPOINT); Graph paths live under /v1.0. */
  readonly baseUrl: string;
  /** 'http://127.0.0.1:<port>/msi/token' (IDENTITY_ENDPOINT). */
  readonly identityEndpoint: string;
  /** Secret the identity endpoint requires in X-IDENTITY-HEADER (IDENTITY_HEADER). */
  readonly identityHeader: string;
  /** The managed identity's client id (AZURE_CLIENT_ID). */
  readonly clientId: string;
  readonly tenantId: string;
  /** PEM of the CA the server certificate chains to (for NODE_EXTRA_CA_CERTS). */
  readonly caCertPem: string;
  /** Secret for the admin HTTP API (header x-simulator-key). */
  readonly adminKey: string;
  /** { GRAPH_ENDPOINT, IDENTITY_ENDPOINT, IDENTITY_HEADER, AZURE_CLIENT_ID } */
  env(): Record<string, string>;
  readonly tenant: TenantAdmin;
  readonly faults: FaultInjector;
  readonly calls: CallLog;
  readonly clock: { now(): Date; advance(ms: number): void };
  /** Affects tokens issued from now on; tokens already issued keep their roles. */
  setGrantedPermissions(permissions: string[]): void;
  /** Closes both listeners, drops open connections and cancels timers and deliveries. */
  close(): Promise<void>;
}

/** Changes to the tenant made "from outside" Graph: the portal, Entra Connect, PIM, tests. */
export interface TenantAdmin {
  /** As an admin in the portal: records a directory audit entry initiated by `by`. */
  disableUser(idOrUpn: string, options?: { by?: string }): SimUser;
  enableUser(idOrUpn: string, options?: { by?: string }): SimUser;
  /** The on-premises AD value that the next sync cycle writes to the cloud. */
  setOnPremisesEnabled(idOrUpn: string, enabled: boolean): void;
  /** One Entra Connect delta sync; returns the ids whose cloud accountEnabled was rewritten. */
  runSyncCycle(): string[];
  addUser(user?: NewUser): SimUser;
  /** Bulk add; string fields of the template may contain `{n}` (1-based index). */
  addUsers(count: number, template?: NewUser): SimUser[];
  addDevice(device: NewDevice): SimDevice;
  /** Bulk add; string fields of the template may contain `{n}` (1-based index). */
  addDevices(count: number, template: NewDevice): SimDevice[];
  /** Soft delete: GET answers 404, delta reports `@removed: {reason: 'changed'}`. */
  deleteUser(idOrUpn: string): void;
  /** Raw state, including soft-deleted users (deletedDateTime set); undefined if unknown. */
  getUser(idOrUpn: string): SimUser | undefined;
  getDevice(id: string): SimDevice | undefined;
  /**
   * Plaintext of the last password set through Graph. Memory only, for the test that proves
   * Lockdown never leaks it; never logged, recorded or served over HTTP.
   */
  lastPasswordSet(userId: string): string | undefined;
  addGroupMember(groupId: string, memberId: string): void;
  removeGroupMember(groupId: string, memberId: string): void;
  /** Replaces the active roles (display names); `eligible` replaces the PIM-eligible ones. */
  setDirectoryRoles(userId: string, roleNames: string[], options?: { eligible?: string[] }): void;
  /** Every delta and skip token issued so far answers 400 syncStateNotFound. */
  expireDeltaTokens(): void;
  /** POSTs a lifecycle notification; resolves true when the endpoint answered 2xx. */
  sendLifecycleNotification(subscriptionId: string, event: LifecycleEvent): Promise<boolean>;
  /** As if Graph dropped the subscription; false when it did not exist. */
  deleteSubscription(id: string): boolean;
  listSubscriptions(): SubscriptionInfo[];
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** A user as the directory stores it (not as Graph serialises it). */
export interface SimUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  onPremisesSyncEnabled: boolean | null;
  /** The on-premises AD state of a synced user; what the next sync cycle writes back. */
  onPremisesAccountEnabled: boolean;
  signInSessionsValidFromDateTime: string;
  lastPasswordChangeDateTime: string;
  createdDateTime: string;
  businessPhones: string[];
  mobilePhone: string | null;
  officeLocation: string | null;
  preferredLanguage: string | null;
  deletedDateTime: string | null;
  /** Active directory roles by display name. */
  directoryRoles: string[];
  /** PIM-eligible roles by display name. */
  eligibleRoles: string[];
  /** Devices registered to the user. */
  devices: SimDevice[];
}

export type NewUser = Partial<
  Omit<SimUser, 'devices' | 'deletedDateTime' | 'directoryRoles' | 'eligibleRoles'>
> & { directoryRoles?: string[]; eligibleRoles?: string[] };

export interface SimDevice {
  id: string;
  deviceId: string;
  displayName: string;
  operatingSystem: string;
  operatingSystemVersion: string | null;
  trustType: string | null;
  accountEnabled: boolean;
  isCompliant: boolean | null;
  isManaged: boolean | null;
  registrationDateTime: string;
  approximateLastSignInDateTime: string | null;
  /** User ids the device is registered to (registeredDevices). */
  registeredUsers: string[];
  /** User ids that own the device (ownedDevices). */
  registeredOwners: string[];
}

export type NewDevice = Partial<Omit<SimDevice, 'registeredUsers' | 'registeredOwners'>> & {
  /** The user the device belongs to: both its registered user and owner. */
  owner: string;
};

export interface SubscriptionInfo {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
}

/**
 * A scripted failure. `path` matches the request path without '/v1.0' and without the query;
 * in a glob string, `*` stands for exactly one path segment.
 */
export interface Fault {
  method?: string;
  path: string | RegExp;
  /** 429 and 5xx get Graph's bodies; others a generic Graph error with that status. */
  status?: number;
  /** Retry-After header: seconds or an HTTP date; null = none (429 defaults to 1). */
  retryAfter?: number | string | null;
  /** Extra delay; without `status` the call is slow but succeeds. */
  latencyMs?: number;
  /** How many matching requests it affects; unlimited by default. */
  times?: number;
  /** Perform the real change, then answer with the error (the "504 although it worked" case). */
  applyThenFail?: boolean;
  /** Never answer, until the client gives up or the simulator closes. */
  hang?: boolean;
  /** Also applies to matching items inside a $batch (default true). */
  inBatch?: boolean;
}

export interface FaultInjector {
  add(fault: Fault): string;
  remove(id: string): boolean;
  clear(): void;
}

export interface CallRecord {
  seq: number;
  time: string;
  method: string;
  /** Decoded, with the /v1.0 prefix, without the query. */
  path: string;
  query: string;
  /** 0 when the simulator never answered (a `hang` fault). */
  status: number;
  viaBatch: boolean;
  /** A non-GET call whose change took effect (even if the answer was an injected error). */
  applied: boolean;
  /** The request body with every password replaced by '[redacted]'. */
  body?: unknown;
}

export interface CallLog {
  all(): CallRecord[];
  /** Non-GET calls whose change was applied. */
  mutations(): CallRecord[];
  clear(): void;
  /** Resolves with the first record (already logged or future) matching the predicate. */
  waitFor(predicate: (call: CallRecord) => boolean, timeoutMs: number): Promise<CallRecord>;
}
