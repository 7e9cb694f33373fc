import { toObjectId } from '../../src/domain/user-ref';
import { type ContractData, type DirectoryFixture } from '../contracts/directory-contract';
import { FakeClock } from '../fakes/fake-clock';
import { InMemoryDirectory } from '../fakes/in-memory-directory';

const id = (n: number) => toObjectId(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);

/** The directory contract's tenant, seeded into the in-memory fake. */
export function inMemoryDirectoryFixture(): DirectoryFixture {
  const clock = new FakeClock();
  const directory = new InMemoryDirectory(() => clock.now());
  const data: ContractData = {
    member: { id: id(1), upn: 'adele.vance@contoso.com', deviceIds: [id(101), id(102)] },
    plain: { id: id(2), upn: 'lee.gu@contoso.com' },
    synced: { id: id(3), upn: 'dan.ortiz@contoso.com' },
    guest: { id: id(4), upn: 'jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
    globalAdmin: { id: id(5), upn: 'grace.hill@contoso.com' },
    eligibleAdmin: { id: id(6), upn: 'pat.eligible@contoso.com' },
    nonWindowsDeviceId: id(103),
    approverGroupId: id(201),
    requesterGroupId: id(202),
    approver: { id: id(7), upn: 'noah.kim@contoso.com' },
    nestedRequester: { id: id(7), upn: 'noah.kim@contoso.com' },
  };
  directory.addUser({ id: data.member.id, userPrincipalName: data.member.upn });
  directory.addUser({ id: data.plain.id, userPrincipalName: data.plain.upn });
  directory.addUser({
    id: data.synced.id,
    userPrincipalName: data.synced.upn,
    onPremisesSyncEnabled: true,
  });
  directory.addUser({ id: data.guest.id, userPrincipalName: data.guest.upn, userType: 'Guest' });
  directory.addUser({
    id: data.globalAdmin.id,
    userPrincipalName: data.globalAdmin.upn,
    activeRoles: ['62e90394-69f5-4237-9190-012177145e10'],
  });
  directory.addUser({
    id: data.eligibleAdmin.id,
    userPrincipalName: data.eligibleAdmin.upn,
    eligibleRoles: ['e8611ab8-c189-46e8-94e1-60213ab1f814'],
  });
  directory.addUser({ id: data.approver.id, userPrincipalName: data.approver.upn });
  directory.addDevice({ id: id(101), ownerIds: [data.member.id] });
  directory.addDevice({ id: id(102), ownerIds: [data.member.id] });
  directory.addUser({ id: id(99), userPrincipalName: 'megan.bowen@contoso.com' });
  directory.addDevice({ id: id(103), ownerIds: [id(99)], operatingSystem: 'iOS' });
  directory.addGroup(data.approverGroupId, [data.approver.id]);
  directory.addGroup(data.requesterGroupId, [data.approverGroupId]);
  return {
    directory,
    data,
    peek: {
      accountEnabled: async (userId) => directory.peekUser(userId)!.accountEnabled,
      sessionsValidFrom: async (userId) =>
        directory.peekUser(userId)!.signInSessionsValidFromDateTime,
      deviceEnabled: async (deviceId) => directory.peekDevice(deviceId)!.accountEnabled,
    },
    advanceClock: (ms) => clock.advance(ms),
    dispose: async () => undefined,
  };
}
