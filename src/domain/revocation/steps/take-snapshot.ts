import { isPrivilegedRole, type DirectoryRole } from '../../directory/directory-role';
import { isGuest, isSynced, type DirectoryUser } from '../../directory/directory-user';
import { type RegisteredDevice } from '../../directory/registered-device';
import { type TargetSnapshot } from '../step-state';

/** The before-state `snapshot` records: re-read by object id after approval, never by typed text. */
export function takeSnapshot(
  user: DirectoryUser,
  devices: readonly RegisteredDevice[],
  roles: readonly DirectoryRole[],
): TargetSnapshot {
  return {
    exists: true,
    accountEnabled: user.accountEnabled,
    synced: isSynced(user),
    guest: isGuest(user),
    signInSessionsValidFromDateTime: user.signInSessionsValidFromDateTime,
    lastPasswordChangeDateTime: user.lastPasswordChangeDateTime,
    devices: devices.map((d) => ({
      id: d.id,
      displayName: d.displayName,
      operatingSystem: d.operatingSystem,
      accountEnabled: d.accountEnabled,
    })),
    roles: roles
      .filter(isPrivilegedRole)
      .map((r) => `${r.displayName}${r.assignment === 'eligible' ? ' (eligible)' : ''}`),
  };
}

/** A target deleted between request and approval: every later step has nothing to act on. */
export const GONE: TargetSnapshot = {
  exists: false,
  accountEnabled: false,
  synced: false,
  guest: false,
  signInSessionsValidFromDateTime: null,
  lastPasswordChangeDateTime: null,
  devices: [],
  roles: [],
};

/** True when `later` is strictly after `earlier` (a missing earlier value counts as long ago). */
export function movedPast(later: string | null, earlier: string | null): boolean {
  if (later === null) return false;
  if (earlier === null) return true;
  return Date.parse(later) > Date.parse(earlier);
}

/**
 * Whether a timestamp Graph sets on a change (`signInSessionsValidFromDateTime` on a revoke,
 * `lastPasswordChangeDateTime` on a reset) shows a change made at or after `sentAt`. Graph
 * keeps whole seconds, so a change in the same second as the previous one is equal, not later:
 * the time the change was sent is the second witness. No tolerance backwards: a change that was
 * never made must not pass for one that was.
 */
export function changedSince(
  current: string | null,
  before: string | null,
  sentAt: string | null,
): boolean {
  if (movedPast(current, before)) return true;
  if (current === null || sentAt === null) return false;
  return Date.parse(current) >= Math.floor(Date.parse(sentAt) / 1000) * 1000;
}
