import { type DirectoryUser } from '../../directory/directory-user';
import { type StepId } from '../step-id';
import { STEP_NOTES } from '../step-notes';
import { type StepOutcome, type StepStatus, type TargetSnapshot } from '../step-state';
import { changedSince } from './take-snapshot';

const TOKEN_CAVEAT =
  'Access tokens already issued stay valid until they expire (about an hour) unless the app supports Continuous Access Evaluation.';

export interface Verification {
  readonly matches: boolean;
  readonly outcome: StepOutcome;
}

/**
 * `verify` (SPEC section 4): the account is disabled whenever disable-account ran (done, or
 * skipped because it was already disabled: an account re-enabled since is a mismatch), and the
 * sessions timestamp moved if revoke-sessions did it. Every message says plainly that issued
 * access tokens live on until they expire.
 */
export function verifyTarget(
  snapshot: TargetSnapshot,
  finished: ReadonlyMap<StepId, StepStatus>,
  user: DirectoryUser,
  /** When revoke-sessions last sent its call (its durable intent). */
  revokeSentAt: string | null = null,
): Verification {
  const problems: string[] = [];
  const disableStep = finished.get('disable-account');
  const disabled = disableStep === 'done' || disableStep === 'skipped';
  if (disabled && user.accountEnabled) problems.push('the account still shows as enabled');
  if (
    finished.get('revoke-sessions') === 'done' &&
    !changedSince(
      user.signInSessionsValidFromDateTime,
      snapshot.signInSessionsValidFromDateTime,
      revokeSentAt,
    )
  ) {
    problems.push('signInSessionsValidFromDateTime has not moved');
  }
  if (problems.length > 0) {
    return {
      matches: false,
      outcome: {
        message: `${STEP_NOTES.VERIFY_MISMATCH} (${problems.join('; ')}) ${TOKEN_CAVEAT}`,
        note: 'VERIFY_MISMATCH',
        errorCode: 'VERIFY_MISMATCH',
        retryable: true,
      },
    };
  }
  const code = disabled || !user.accountEnabled ? 'ACCESS_TOKENS_REMAIN' : 'SESSIONS_ONLY';
  return {
    matches: true,
    outcome: {
      message: STEP_NOTES[code],
      note: code,
      snapshot: {
        ...snapshot,
        accountEnabled: user.accountEnabled,
        signInSessionsValidFromDateTime: user.signInSessionsValidFromDateTime,
        lastPasswordChangeDateTime: user.lastPasswordChangeDateTime,
      },
    },
  };
}
