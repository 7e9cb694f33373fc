import { type ObjectId } from '../user-ref';

/** The facts about a user that Lockdown's cards, policy and pipeline rely on. */
export interface DirectoryUser {
  readonly id: ObjectId;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly accountEnabled: boolean;
  /** Graph's `onPremisesSyncEnabled`: true while synced from on-premises AD, null if never synced. */
  readonly onPremisesSyncEnabled: boolean | null;
  readonly userType: 'Member' | 'Guest';
  /** Refresh tokens and session cookies issued before this instant are invalid. */
  readonly signInSessionsValidFromDateTime: string | null;
  readonly lastPasswordChangeDateTime: string | null;
}

/** A synced account's source of authority is on-premises AD: a cloud disable does not stick. */
export const isSynced = (user: DirectoryUser): boolean => user.onPremisesSyncEnabled === true;

/** Entra does not revoke a guest's sessions: they sign in through their home tenant. */
export const isGuest = (user: DirectoryUser): boolean => user.userType === 'Guest';
