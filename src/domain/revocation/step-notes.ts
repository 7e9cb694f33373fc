/**
 * What a step tells people besides done / skipped / failed: why it was skipped, and what a
 * person must still do. Documented in docs/errors.md next to the error catalogue.
 */
export const STEP_NOTES = {
  ALREADY_DISABLED: 'The account was already disabled.',
  ONPREM_ACTION_REQUIRED:
    'Synced from on-premises AD: the cloud account is disabled, but the next sync will re-enable it. Disable the account in Active Directory and reset its password twice; Lockdown keeps watching it for a snap-back.',
  ONPREM_REFUSED:
    'Synced from on-premises AD, and Graph refused the cloud change: disable the account in Active Directory and reset its password twice.',
  GUEST_SESSIONS_NOT_REVOKED:
    "Guest account: Entra does not revoke a guest's sessions, which come from the home organisation; ask it to revoke them.",
  NO_DEVICES: 'No devices are registered to this user.',
  DEVICES_ALREADY_DISABLED: 'Every registered device was already disabled.',
  SOME_DEVICES_FAILED: 'Some devices could not be disabled; see each device.',
  TARGET_GONE: 'The account no longer exists in the directory; nothing is left to revoke.',
  PASSWORD_ONPREM:
    'Synced from on-premises AD: reset the password in Active Directory (twice), not in the cloud.',
  PASSWORD_GUEST: "Guest account: its password belongs to the guest's home organisation.",
  PASSWORD_RESET:
    'A random password was set and must be changed at next sign-in; it was never shown, stored or logged.',
  ACCESS_TOKENS_REMAIN:
    'Sign-in is blocked and refresh tokens are revoked. Access tokens already issued stay valid until they expire (about an hour) unless the app supports Continuous Access Evaluation.',
  SESSIONS_ONLY:
    'Sessions are revoked. Access tokens already issued stay valid until they expire (about an hour) unless the app supports Continuous Access Evaluation.',
  VERIFY_MISMATCH:
    'Graph does not show the expected state yet; check the account before relying on it.',
  WAITING_FOR_GRAPH: 'Microsoft Graph is throttling or unavailable; Lockdown will try again.',
  NOT_WINDOWS:
    'Graph lets an application disable only Windows devices; disable this one in Intune or the Entra admin center.',
} as const;

export type StepNoteCode = keyof typeof STEP_NOTES;
