import { JsonLogger } from '../../src/adapters/log/json-logger';
import { OneTimeSecret } from '../../src/domain/directory/directory-mutation';
import { toObjectId, type ObjectId } from '../../src/domain/user-ref';
import { type PasswordSource } from '../../src/ports/password-source';
import { CancelRevocation } from '../../src/use-cases/cancel-revocation';
import { type CoreDeps, type CoreSettings } from '../../src/use-cases/core-deps';
import { DecideRevocation } from '../../src/use-cases/decide-revocation';
import { RequestRevocation } from '../../src/use-cases/request-revocation';
import { RetryRevocation } from '../../src/use-cases/retry-revocation';
import { RevocationRunner, RUNNER_DEFAULTS } from '../../src/use-cases/revocation-runner';
import { FakeClock } from '../fakes/fake-clock';
import { InMemoryDirectory } from '../fakes/in-memory-directory';
import { InMemoryRequestStore } from '../fakes/in-memory-request-store';
import { MemoryAuditLog } from '../fakes/memory-audit-log';
import { RecordingNotifier } from '../fakes/recording-notifier';
import { SequentialIds } from '../fakes/sequential-ids';

const id = (n: number): ObjectId =>
  toObjectId(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);

/** The people of the unit-test tenant, by role in the story. */
export const PEOPLE = {
  requester: { id: id(1), upn: 'alice.requester@contoso.com' },
  approver: { id: id(2), upn: 'bob.approver@contoso.com' },
  secondApprover: { id: id(3), upn: 'carol.approver@contoso.com' },
  outsider: { id: id(4), upn: 'dave.outsider@contoso.com' },
  disabledApprover: { id: id(5), upn: 'erin.disabled@contoso.com' },
  guestApprover: { id: id(6), upn: 'finn_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
  /** A requester who is also an approver: may request, may never approve their own. */
  leadRequester: { id: id(7), upn: 'lena.lead@contoso.com' },
  target: { id: id(10), upn: 'tom.target@contoso.com' },
  synced: { id: id(11), upn: 'sid.synced@contoso.com' },
  guest: { id: id(12), upn: 'gail_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
  globalAdmin: { id: id(13), upn: 'gary.admin@contoso.com' },
  eligibleAdmin: { id: id(14), upn: 'pat.eligible@contoso.com' },
  breakGlass: { id: id(15), upn: 'breakglass01@contoso.onmicrosoft.com' },
  plain: { id: id(16), upn: 'paula.plain@contoso.com' },
} as const;

export const GROUPS = { requesters: id(100), approvers: id(101) } as const;
export const DEVICES = {
  tomLaptop: id(200),
  tomDesktop: id(201),
  tomPhone: id(202),
  sidLaptop: id(203),
} as const;

/** Records the passwords it hands out, so a test can search everything for them. */
export class RecordingPasswords implements PasswordSource {
  readonly issued: string[] = [];
  newPassword(): OneTimeSecret {
    const value = `Pw-${this.issued.length}-${Math.random().toString(36).slice(2)}-Zq9!`;
    this.issued.push(value);
    return new OneTimeSecret(value);
  }
}

function seedDirectory(directory: InMemoryDirectory): void {
  const p = PEOPLE;
  directory.addUser({
    id: p.requester.id,
    userPrincipalName: p.requester.upn,
    displayName: 'Alice Requester',
  });
  directory.addUser({
    id: p.approver.id,
    userPrincipalName: p.approver.upn,
    displayName: 'Bob Approver',
  });
  directory.addUser({
    id: p.secondApprover.id,
    userPrincipalName: p.secondApprover.upn,
    displayName: 'Carol Approver',
  });
  directory.addUser({
    id: p.outsider.id,
    userPrincipalName: p.outsider.upn,
    displayName: 'Dave Outsider',
  });
  directory.addUser({
    id: p.disabledApprover.id,
    userPrincipalName: p.disabledApprover.upn,
    accountEnabled: false,
  });
  directory.addUser({
    id: p.guestApprover.id,
    userPrincipalName: p.guestApprover.upn,
    userType: 'Guest',
  });
  directory.addUser({
    id: p.leadRequester.id,
    userPrincipalName: p.leadRequester.upn,
    displayName: 'Lena Lead',
  });
  directory.addUser({
    id: p.target.id,
    userPrincipalName: p.target.upn,
    displayName: 'Tom Target',
  });
  directory.addUser({
    id: p.synced.id,
    userPrincipalName: p.synced.upn,
    onPremisesSyncEnabled: true,
  });
  directory.addUser({ id: p.guest.id, userPrincipalName: p.guest.upn, userType: 'Guest' });
  directory.addUser({
    id: p.globalAdmin.id,
    userPrincipalName: p.globalAdmin.upn,
    activeRoles: ['62e90394-69f5-4237-9190-012177145e10'],
  });
  directory.addUser({
    id: p.eligibleAdmin.id,
    userPrincipalName: p.eligibleAdmin.upn,
    eligibleRoles: ['e8611ab8-c189-46e8-94e1-60213ab1f814'],
  });
  directory.addUser({
    id: p.breakGlass.id,
    userPrincipalName: p.breakGlass.upn,
    activeRoles: ['62e90394-69f5-4237-9190-012177145e10'],
  });
  directory.addUser({ id: p.plain.id, userPrincipalName: p.plain.upn });
  directory.addDevice({
    id: DEVICES.tomLaptop,
    ownerIds: [p.target.id],
    displayName: 'TOM-LAPTOP',
  });
  directory.addDevice({
    id: DEVICES.tomDesktop,
    ownerIds: [p.target.id],
    displayName: 'TOM-DESKTOP',
  });
  directory.addDevice({
    id: DEVICES.sidLaptop,
    ownerIds: [p.synced.id],
    displayName: 'SID-LAPTOP',
  });
  directory.addGroup(GROUPS.approvers, [
    p.approver.id,
    p.secondApprover.id,
    p.disabledApprover.id,
    p.guestApprover.id,
    p.leadRequester.id,
  ]);
  directory.addGroup(GROUPS.requesters, [p.requester.id, GROUPS.approvers]);
}

export interface HarnessOptions {
  readonly settings?: Partial<CoreSettings>;
  readonly maxStepAttempts?: number;
}

/** The revocation core wired with fakes that enforce the real rules. */
export function coreHarness(options: HarnessOptions = {}) {
  const clock = new FakeClock();
  const directory = new InMemoryDirectory(() => clock.now());
  seedDirectory(directory);
  const requests = new InMemoryRequestStore();
  const audit = new MemoryAuditLog(() => clock.now());
  const notifier = new RecordingNotifier();
  const passwords = new RecordingPasswords();
  const logLines: string[] = [];
  const log = new JsonLogger({
    level: 'debug',
    write: (line) => logLines.push(line),
    now: () => clock.now(),
  });
  const deps: CoreDeps = {
    directory,
    requests,
    audit,
    notifier,
    clock,
    ids: new SequentialIds(),
    passwords,
    log,
  };
  const settings: CoreSettings = {
    approverGroupId: GROUPS.approvers,
    requesterGroupId: GROUPS.requesters,
    ttlMinutes: 30,
    protectedUsers: [{ kind: 'upn', upn: PEOPLE.breakGlass.upn }],
    allowPrivilegedTargets: false,
    pipelineSteps: ['disable-account', 'revoke-sessions', 'disable-devices'],
    ...options.settings,
  };
  const runner = new RevocationRunner(deps, {
    ...RUNNER_DEFAULTS,
    owner: 'unit-runner',
    pipeline: {
      ...RUNNER_DEFAULTS.pipeline,
      verifyDelayMs: 10,
      maxStepAttempts: options.maxStepAttempts ?? 8,
    },
  });
  return {
    clock,
    directory,
    requests,
    audit,
    notifier,
    passwords,
    logLines,
    deps,
    settings,
    runner,
    open: new RequestRevocation(deps, settings),
    decide: new DecideRevocation(deps, settings, runner),
    cancel: new CancelRevocation(deps),
    retry: new RetryRevocation(deps, settings, runner),
  };
}

export type CoreHarness = ReturnType<typeof coreHarness>;

export const actor = (person: { id: ObjectId; upn: string }) => ({
  aadObjectId: person.id,
  displayName: person.upn.split('@')[0]!,
});
