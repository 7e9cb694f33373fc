import { DomainError, isDomainError } from '../../domain/errors';
import { inputRefusal, MAX_TARGETS } from '../../domain/revocation/opening-policy';
import { isRequestId, toRequestId, type RequestId } from '../../domain/revocation/request-id';
import { looksLikeUserRef, parseUserRef, type UserRef } from '../../domain/user-ref';
import { commandText } from './command-text';

export type StatusSubject =
  | { readonly kind: 'recent' }
  | { readonly kind: 'request'; readonly requestId: RequestId }
  | { readonly kind: 'user'; readonly ref: UserRef };

export type Command =
  | { readonly kind: 'revoke'; readonly targets: readonly UserRef[]; readonly reason: string }
  | { readonly kind: 'revoke-form' }
  | { readonly kind: 'status'; readonly subject: StatusSubject }
  | { readonly kind: 'pending' }
  | { readonly kind: 'cancel'; readonly requestId: RequestId }
  | { readonly kind: 'help' }
  | { readonly kind: 'unknown'; readonly text: string };

export type ParseResult =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly error: DomainError };

/** The commands of SPEC section 2, matched on the whole first word, case-insensitively. */
export const COMMAND_WORDS = ['revoke', 'status', 'pending', 'cancel', 'help'] as const;

export const USAGE = {
  revoke: `revoke <user> [<user> ...] <reason> (up to ${MAX_TARGETS} users, each a UPN or an object id)`,
  status: 'status [<request-id> | <user>]',
  pending: 'pending',
  cancel: 'cancel <request-id>',
  help: 'help',
} as const;

/**
 * Turns what a person typed into a command, or a failure naming the problem. Pure: no Graph,
 * no store. Users are the leading words that look like a UPN (contain @) or an object id; the
 * first word that is neither starts the reason (SPEC section 2).
 */
export function parseCommand(raw: string): ParseResult {
  const words = commandText(raw).split(' ').filter(Boolean);
  const [first, ...rest] = words;
  const verb = first?.toLowerCase();
  try {
    switch (verb) {
      case 'revoke':
        return ok(rest.length === 0 ? { kind: 'revoke-form' } : parseRevoke(rest));
      case 'status':
        return ok({ kind: 'status', subject: parseStatus(rest) });
      case 'pending':
        return rest.length === 0 ? ok({ kind: 'pending' }) : usage('pending');
      case 'cancel':
        return rest.length === 1
          ? ok({ kind: 'cancel', requestId: parseRequestId(rest[0]!) })
          : usage('cancel');
      case 'help':
      case '?':
        return ok({ kind: 'help' });
      default:
        return ok({ kind: 'unknown', text: words.join(' ') });
    }
  } catch (error) {
    if (isDomainError(error)) return { ok: false, error };
    throw error;
  }
}

function parseRevoke(words: readonly string[]): Command {
  const users: string[] = [];
  let next = 0;
  for (; next < words.length; next++) {
    // People separate users with spaces, commas or semicolons: "a@x.com, b@x.com;c@x.com".
    const parts = words[next]!.split(/[,;]/).filter(Boolean);
    if (parts.length > 0 && !parts.every(looksLikeUserRef)) break;
    users.push(...parts);
  }
  const reason = words.slice(next).join(' ');
  const refusal = inputRefusal(users.length, reason);
  if (refusal && refusal.code !== 'REASON_REQUIRED') throw refusal;
  const targets = users.map(parseUserRef);
  if (refusal) throw refusal;
  return { kind: 'revoke', targets, reason };
}

function parseStatus(words: readonly string[]): StatusSubject {
  if (words.length === 0) return { kind: 'recent' };
  if (words.length > 1) throw new DomainError('COMMAND_USAGE', { usage: USAGE.status });
  const [word] = words as [string];
  if (/^LD-/i.test(word)) return { kind: 'request', requestId: parseRequestId(word) };
  if (looksLikeUserRef(word)) return { kind: 'user', ref: parseUserRef(word) };
  throw new DomainError('COMMAND_USAGE', { usage: USAGE.status });
}

function parseRequestId(word: string): RequestId {
  if (!isRequestId(word) || word.length !== 9)
    throw new DomainError('REQUEST_ID_INVALID', { input: word });
  return toRequestId(word);
}

const ok = (command: Command): ParseResult => ({ ok: true, command });
const usage = (command: keyof typeof USAGE): ParseResult => ({
  ok: false,
  error: new DomainError('COMMAND_USAGE', { usage: USAGE[command] }),
});
