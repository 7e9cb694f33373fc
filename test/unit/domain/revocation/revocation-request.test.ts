// The request record's small rules (SPEC §3 expiry; threat-model T9, T10).
import {
  FINAL_DECISIONS,
  OPEN_STATUSES,
  evolve,
  isExpired,
  isTarget,
  type RequestStatus,
} from '../../../../src/domain/revocation/revocation-request';
import { ALICE, CAROL, DAVE, ERIN, EXPIRES_AT, request, targetSummary } from './builders';

const STATUSES: readonly RequestStatus[] = [
  'opened',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'running',
  'completed',
  'completed-with-failures',
];

describe('isTarget', () => {
  const req = request({ targets: [targetSummary(CAROL), targetSummary(DAVE)] });

  it.each([
    ['the first target', true, CAROL],
    ['another target', true, DAVE],
    ['the requester', false, ALICE],
    ['a bystander', false, ERIN],
    ['Lockdown itself', false, 'system' as const],
  ])('says whether %s is a target: %s', (_, expected, id) => {
    expect(isTarget(req, id)).toBe(expected);
  });

  it('finds no target in a request that names none', () => {
    expect(isTarget(request({ targets: [] }), CAROL)).toBe(false);
  });
});

describe('isExpired', () => {
  const expiry = Date.parse(EXPIRES_AT);

  it.each<[string, boolean, number]>([
    ['at opening', false, Date.parse('2025-03-01T10:00:00.000Z')],
    ['one millisecond before the expiry instant', false, expiry - 1],
    ['at the exact expiry instant', true, expiry],
    ['one millisecond after', true, expiry + 1],
  ])('judges an open request %s: expired = %s', (_, expected, at) => {
    expect(isExpired(request(), new Date(at))).toBe(expected);
  });

  it.each(STATUSES.filter((s) => s !== 'opened'))(
    'never calls a %s request expired, however late it is (its own status says what happened)',
    (status) => {
      expect(isExpired(request({ status }), new Date(expiry + 86_400_000))).toBe(false);
    },
  );

  it('lists only the open status as open, and the final decisions as final', () => {
    expect(OPEN_STATUSES).toEqual(['opened']);
    expect([...FINAL_DECISIONS].sort()).toEqual(['cancelled', 'expired', 'rejected']);
  });
});

describe('evolve', () => {
  it('applies the change and bumps the version by one', () => {
    const before = request({ version: 7 });
    const after = evolve(before, { status: 'approved' });
    expect(after).toEqual({ ...before, status: 'approved', version: 8 });
  });

  it('leaves the original untouched', () => {
    const before = request({ version: 1 });
    const snapshot = JSON.stringify(before);
    evolve(before, { status: 'rejected', reason: 'changed' });
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it.each([0, 1, 8, 100])(
    'ignores a version of %i in the change (only the store moves it)',
    (version) => {
      expect(evolve(request({ version: 3 }), { version }).version).toBe(4);
    },
  );

  it('bumps the version even for an empty change, so a compare-and-set still detects it', () => {
    expect(evolve(request({ version: 3 }), {}).version).toBe(4);
  });
});
