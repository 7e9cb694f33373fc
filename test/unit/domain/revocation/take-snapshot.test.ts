// `snapshot` records the before-state (SPEC §4 step 1).
import {
  GONE,
  movedPast,
  takeSnapshot,
} from '../../../../src/domain/revocation/steps/take-snapshot';
import { ROLE, device, role, user } from './builders';

describe('takeSnapshot', () => {
  it('records enabled state, sync, user type, sessions, password, devices and privileged roles', () => {
    const snap = takeSnapshot(
      user({
        accountEnabled: true,
        onPremisesSyncEnabled: true,
        userType: 'Guest',
        signInSessionsValidFromDateTime: '2025-01-01T00:00:00Z',
        lastPasswordChangeDateTime: '2024-12-01T00:00:00Z',
      }),
      [
        device(1),
        device(2, { operatingSystem: 'iOS', accountEnabled: false }),
        device(3, { accountEnabled: null, operatingSystem: null }),
      ],
      [
        role(ROLE.reportsReader, 'Reports Reader'),
        role(ROLE.globalAdmin, 'Global Administrator', 'eligible'),
        role(ROLE.userAdmin, 'User Administrator'),
      ],
    );
    expect(snap).toEqual({
      exists: true,
      accountEnabled: true,
      synced: true,
      guest: true,
      signInSessionsValidFromDateTime: '2025-01-01T00:00:00Z',
      lastPasswordChangeDateTime: '2024-12-01T00:00:00Z',
      devices: [
        {
          id: device(1).id,
          displayName: 'LAPTOP-1',
          operatingSystem: 'Windows',
          accountEnabled: true,
        },
        {
          id: device(2).id,
          displayName: 'LAPTOP-2',
          operatingSystem: 'iOS',
          accountEnabled: false,
        },
        { id: device(3).id, displayName: 'LAPTOP-3', operatingSystem: null, accountEnabled: null },
      ],
      roles: ['Global Administrator (eligible)', 'User Administrator'],
    });
  });

  it.each<[boolean | null, 'Member' | 'Guest', boolean, boolean]>([
    [null, 'Member', false, false],
    [false, 'Member', false, false],
    [true, 'Member', true, false],
    [null, 'Guest', false, true],
  ])(
    'records onPremisesSyncEnabled=%s, userType=%s as synced=%s, guest=%s',
    (sync, userType, synced, guest) => {
      const snap = takeSnapshot(user({ onPremisesSyncEnabled: sync, userType }), [], []);
      expect(snap).toMatchObject({ exists: true, synced, guest, devices: [], roles: [] });
    },
  );

  it('records a disabled account as disabled', () => {
    expect(takeSnapshot(user({ accountEnabled: false }), [], []).accountEnabled).toBe(false);
  });
});

describe('GONE', () => {
  it('describes a target with nothing left to act on', () => {
    expect(GONE).toEqual({
      exists: false,
      accountEnabled: false,
      synced: false,
      guest: false,
      signInSessionsValidFromDateTime: null,
      lastPasswordChangeDateTime: null,
      devices: [],
      roles: [],
    });
  });
});

describe('movedPast', () => {
  it.each<[string, string | null, string | null, boolean]>([
    ['a later instant', '2025-03-01T10:00:01Z', '2025-03-01T10:00:00Z', true],
    ['a millisecond later', '2025-03-01T10:00:00.001Z', '2025-03-01T10:00:00.000Z', true],
    ['the same instant', '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', false],
    [
      'the same instant with milliseconds',
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T10:00:00Z',
      false,
    ],
    [
      'the same instant in another time zone',
      '2025-03-01T11:00:00+01:00',
      '2025-03-01T10:00:00Z',
      false,
    ],
    [
      'a later instant in another time zone',
      '2025-03-01T11:00:01+01:00',
      '2025-03-01T10:00:00Z',
      true,
    ],
    ['an earlier instant', '2025-03-01T09:59:59Z', '2025-03-01T10:00:00Z', false],
    ['a value where there was none', '2025-03-01T10:00:00Z', null, true],
    ['no value where there was one', null, '2025-03-01T10:00:00Z', false],
    ['no value either time', null, null, false],
    ['an unreadable later value', 'not a date', '2025-03-01T10:00:00Z', false],
  ])('says %s has moved past: %s', (_, later, earlier, expected) => {
    expect(movedPast(later, earlier)).toBe(expected);
  });
});
