import { OneTimeSecret } from '../../src/domain/directory/directory-mutation';
import { isPrivilegedRole } from '../../src/domain/directory/directory-role';
import { type DomainError } from '../../src/domain/errors';
import { parseUserRef, toObjectId, type ObjectId } from '../../src/domain/user-ref';
import { type Directory } from '../../src/ports/directory';

export interface NamedUser {
  readonly id: ObjectId;
  readonly upn: string;
}

/** Known facts about the seeded tenant the suite runs against. */
export interface ContractData {
  /** An enabled cloud-only member with no role and at least two Windows devices. */
  readonly member: NamedUser & { readonly deviceIds: readonly ObjectId[] };
  /** An enabled cloud-only member with no role and no device. */
  readonly plain: NamedUser;
  readonly synced: NamedUser;
  readonly guest: NamedUser;
  readonly globalAdmin: NamedUser;
  /** PIM-eligible for a privileged role, with no active role. */
  readonly eligibleAdmin: NamedUser;
  /** A non-Windows device, which an app cannot disable. */
  readonly nonWindowsDeviceId: ObjectId;
  readonly approverGroupId: ObjectId;
  /** In the approver group directly. */
  readonly approver: NamedUser;
  /** In the requester group only through a nested group. */
  readonly nestedRequester: NamedUser;
  readonly requesterGroupId: ObjectId;
}

/** Reads the tenant behind the directory's back, to check what a call really changed. */
export interface Peek {
  accountEnabled(userId: ObjectId): Promise<boolean>;
  sessionsValidFrom(userId: ObjectId): Promise<string | null>;
  deviceEnabled(deviceId: ObjectId): Promise<boolean | null>;
}

export interface DirectoryFixture {
  readonly directory: Directory;
  readonly data: ContractData;
  readonly peek: Peek;
  /** Moves the tenant's clock, so a timestamp set by a later call is visibly later. */
  readonly advanceClock: (ms: number) => void;
  dispose(): Promise<void>;
}

const UNKNOWN = toObjectId('0badc0de-0000-4000-8000-000000000000');

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a rejection');
}

/**
 * The Directory port's behaviour, run against every implementation (the in-memory fake in the
 * unit project, GraphDirectory over HTTPS to the simulator in the integration project), so a
 * fake cannot drift from the real adapter.
 */
export function directoryContract(
  name: string,
  makeFixture: () => Promise<DirectoryFixture>,
): void {
  describe(`Directory contract: ${name}`, () => {
    let f: DirectoryFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(async () => {
      await f.dispose();
    });

    it('resolves a UPN, ignoring case, to the user with every field the card needs', async () => {
      const user = await f.directory.resolveUser(parseUserRef(f.data.member.upn.toUpperCase()));
      expect(user).toMatchObject({
        id: f.data.member.id,
        accountEnabled: true,
        userType: 'Member',
        onPremisesSyncEnabled: null,
      });
      expect(user.userPrincipalName.toLowerCase()).toBe(f.data.member.upn.toLowerCase());
      expect(user.displayName).toEqual(expect.any(String));
      expect(user.signInSessionsValidFromDateTime).toEqual(expect.any(String));
    });

    it('resolves an object id', async () => {
      expect((await f.directory.resolveUser(parseUserRef(f.data.member.id))).id).toBe(
        f.data.member.id,
      );
    });

    it("resolves a guest's #EXT# UPN and reports the guest", async () => {
      const guest = await f.directory.resolveUser(parseUserRef(f.data.guest.upn));
      expect(guest).toMatchObject({ id: f.data.guest.id, userType: 'Guest' });
    });

    it('reports a synced account', async () => {
      expect((await f.directory.getUser(f.data.synced.id)).onPremisesSyncEnabled).toBe(true);
    });

    it('answers USER_NOT_FOUND for an unknown UPN or object id', async () => {
      expect(
        (await rejection(f.directory.resolveUser(parseUserRef('nobody@contoso.com')))).code,
      ).toBe('USER_NOT_FOUND');
      expect((await rejection(f.directory.resolveUser(parseUserRef(UNKNOWN)))).code).toBe(
        'USER_NOT_FOUND',
      );
      expect((await rejection(f.directory.getUser(UNKNOWN))).code).toBe('USER_NOT_FOUND');
    });

    it("lists every one of a user's devices", async () => {
      const devices = await f.directory.listRegisteredDevices(f.data.member.id);
      expect(devices.map((d) => d.id).sort()).toEqual([...f.data.member.deviceIds].sort());
      expect(devices.every((d) => d.accountEnabled === true)).toBe(true);
      expect(await f.directory.listRegisteredDevices(f.data.plain.id)).toEqual([]);
    });

    it('checks group membership transitively', async () => {
      expect(await f.directory.isMemberOf(f.data.approver.id, f.data.approverGroupId)).toBe(true);
      expect(await f.directory.isMemberOf(f.data.nestedRequester.id, f.data.requesterGroupId)).toBe(
        true,
      );
      expect(await f.directory.isMemberOf(f.data.member.id, f.data.approverGroupId)).toBe(false);
    });

    it('lists active and PIM-eligible directory roles', async () => {
      const admin = await f.directory.listDirectoryRoles(f.data.globalAdmin.id);
      expect(admin).toContainEqual(
        expect.objectContaining({
          roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
          assignment: 'active',
        }),
      );
      const eligible = await f.directory.listDirectoryRoles(f.data.eligibleAdmin.id);
      expect(eligible.length).toBeGreaterThan(0);
      expect(eligible.every((r) => r.assignment === 'eligible' && isPrivilegedRole(r))).toBe(true);
      expect(await f.directory.listDirectoryRoles(f.data.member.id)).toEqual([]);
    });

    it('disables an account, idempotently', async () => {
      expect((await f.directory.disableUser(f.data.member.id)).ok).toBe(true);
      expect((await f.directory.disableUser(f.data.member.id)).ok).toBe(true);
      expect(await f.peek.accountEnabled(f.data.member.id)).toBe(false);
    });

    it('revokes sign-in sessions, moving signInSessionsValidFromDateTime forward', async () => {
      const before = await f.peek.sessionsValidFrom(f.data.member.id);
      f.advanceClock(5_000);
      expect((await f.directory.revokeSignInSessions(f.data.member.id)).ok).toBe(true);
      const after = await f.peek.sessionsValidFrom(f.data.member.id);
      expect(Date.parse(after!)).toBeGreaterThan(Date.parse(before!));
    });

    it('disables a Windows device but is refused one that is not Windows', async () => {
      expect((await f.directory.disableDevice(f.data.member.deviceIds[0]!)).ok).toBe(true);
      expect(await f.peek.deviceEnabled(f.data.member.deviceIds[0]!)).toBe(false);
      const refused = await f.directory.disableDevice(f.data.nonWindowsDeviceId);
      expect(refused).toMatchObject({ ok: false, error: { code: 'GRAPH_FORBIDDEN' } });
    });

    it('is refused disabling a Global Administrator, which needs a higher Entra role', async () => {
      const result = await f.directory.disableUser(f.data.globalAdmin.id);
      expect(result).toMatchObject({ ok: false, error: { code: 'GRAPH_FORBIDDEN' } });
      expect(await f.peek.accountEnabled(f.data.globalAdmin.id)).toBe(true);
    });

    it('answers a mutation of an unknown user with USER_NOT_FOUND, as a result not a throw', async () => {
      expect(await f.directory.disableUser(UNKNOWN)).toMatchObject({
        ok: false,
        error: { code: 'USER_NOT_FOUND' },
      });
    });

    it('applies a batch of mutations, one result each in order, a failure hiding nothing', async () => {
      const mutations = [
        { kind: 'disable-user', userId: f.data.member.id },
        { kind: 'disable-device', deviceId: f.data.nonWindowsDeviceId },
        { kind: 'revoke-sessions', userId: f.data.member.id },
        ...f.data.member.deviceIds.map(
          (deviceId) => ({ kind: 'disable-device', deviceId }) as const,
        ),
      ] as const;
      const results = await f.directory.applyMutations(mutations);
      expect(results.map((r) => r.mutation)).toEqual(mutations);
      expect(results.map((r) => r.ok)).toEqual([
        true,
        false,
        true,
        ...f.data.member.deviceIds.map(() => true),
      ]);
      expect(await f.peek.accountEnabled(f.data.member.id)).toBe(false);
      for (const id of f.data.member.deviceIds) expect(await f.peek.deviceEnabled(id)).toBe(false);
    });

    it('applies more mutations than fit in one Graph batch', async () => {
      const many = Array.from(
        { length: 23 },
        () => ({ kind: 'revoke-sessions', userId: f.data.plain.id }) as const,
      );
      const results = await f.directory.applyMutations(many);
      expect(results).toHaveLength(23);
      expect(results.every((r) => r.ok)).toBe(true);
    });

    it('refuses to reset the password of a synced account', async () => {
      const [result] = await f.directory.applyMutations([
        {
          kind: 'reset-password',
          userId: f.data.synced.id,
          password: new OneTimeSecret('Xy7!long-enough-Password'),
        },
      ]);
      expect(result).toMatchObject({ ok: false, error: { code: 'GRAPH_BAD_REQUEST' } });
    });
  });
}
