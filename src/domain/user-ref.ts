import { DomainError } from './errors';

/**
 * An Entra object id, in lower case. Only `toObjectId` and `parseUserRef` make one, so a value of
 * this type has always been checked against the GUID grammar: it can go into a Graph URL path.
 */
export type ObjectId = string & { readonly __brand: 'ObjectId' };

/** What a person typed to name a user, after strict validation; not yet resolved by Graph. */
export type UserRef =
  | { readonly kind: 'objectId'; readonly id: ObjectId }
  | { readonly kind: 'upn'; readonly upn: string };

/** Entra caps a user principal name at 113 characters (64 before the @, 48 after). */
export const MAX_UPN_LENGTH = 113;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The characters Entra allows before the @ of a UPN; `#EXT#` is allowed only as the guest marker,
// and a `$` only as the first character (Graph then needs the `('…')` key syntax).
const LOCAL_PART = /^\$?[A-Za-z0-9'._!^~-]+(#EXT#)?$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL_LABEL = /^[A-Za-z]{2,63}$|^xn--[A-Za-z0-9-]{1,59}$/;
const SPOKEN_CHARACTERS: Readonly<Record<string, string>> = {
  '/': "'/'",
  '\\': "'\\'",
  '?': "'?'",
  '#': "'#' (outside a guest's #EXT# marker)",
  '%': "'%'",
  '&': "'&'",
  '"': 'a double quote',
  '`': 'a backtick',
  ',': 'a comma',
  ';': 'a semicolon',
  ':': 'a colon',
  '(': 'a parenthesis',
  ')': 'a parenthesis',
  '<': "'<'",
  '>': "'>'",
  '=': "'='",
  '+': "'+'",
  '*': "'*'",
  $: "'$' (other than as the first character)",
};

export const isObjectId = (value: string): boolean => GUID.test(value);

/** A word that names a user by its shape: a command's target list ends at the first other word. */
export const looksLikeUserRef = (word: string): boolean => word.includes('@') || isObjectId(word);

export function toObjectId(value: string): ObjectId {
  if (!isObjectId(value)) throw invalid(value, 'it is not a GUID');
  return value.toLowerCase() as ObjectId;
}

/**
 * Validates typed text as a UPN or object id. Rejects anything that could change the meaning of a
 * Graph URL (`/`, `..`, `?`, `#`, `%`, quotes), non-ASCII look-alike letters and over-long input,
 * before any Graph call is made.
 */
export function parseUserRef(input: string): UserRef {
  if (input.length > MAX_UPN_LENGTH) {
    throw invalid(input, `it is longer than ${MAX_UPN_LENGTH} characters`);
  }
  if (isObjectId(input)) return { kind: 'objectId', id: input.toLowerCase() as ObjectId };
  const problem = upnProblem(input);
  if (problem) throw invalid(input, problem);
  return { kind: 'upn', upn: input };
}

export const describeUserRef = (ref: UserRef): string => (ref.kind === 'upn' ? ref.upn : ref.id);

function upnProblem(input: string): string | undefined {
  if (input.length === 0) return 'it is empty';
  // eslint-disable-next-line no-control-regex
  const hidden = /[\s\u0000-\u001f\u007f]/.exec(input);
  if (hidden) return 'it contains a space or an invisible control character';
  const foreign = /[^\x20-\x7e]/.exec(input);
  if (foreign) {
    const codePoint = foreign[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `it contains the non-ASCII character U+${codePoint}, which is often a look-alike letter`;
  }
  const at = input.split('@');
  if (at.length !== 2) return at.length === 1 ? 'it has no @' : 'it has more than one @';
  const [local, domain] = at as [string, string];
  if (local.length === 0) return 'it has nothing before the @';
  if (domain.length === 0) return 'it has no domain after the @';
  return localPartProblem(local) ?? domainProblem(domain);
}

function localPartProblem(local: string): string | undefined {
  if (local.includes('..')) return "it contains '..'";
  if (!LOCAL_PART.test(local)) {
    const offending = [...local].find(
      (c, i) => !/[A-Za-z0-9'._!^~-]/.test(c) && !isAllowedMarker(local, i),
    );
    return `it contains ${SPOKEN_CHARACTERS[offending ?? ''] ?? `'${offending}'`} before the @`;
  }
  const name = local.replace(/^\$/, '').replace(/#EXT#$/, '');
  if (name.startsWith('.') || name.endsWith('.'))
    return 'the part before the @ starts or ends with a dot';
  return undefined;
}

function isAllowedMarker(local: string, index: number): boolean {
  if (local[index] === '$') return index === 0;
  const marker = local.length - '#EXT#'.length;
  return local.endsWith('#EXT#') && index >= marker;
}

function domainProblem(domain: string): string | undefined {
  const labels = domain.split('.');
  if (labels.length < 2) return `the domain "${domain}" has no dot`;
  const bad = labels.find((label) => !DOMAIN_LABEL.test(label));
  if (bad !== undefined) {
    const offending = [...bad].find((c) => !/[A-Za-z0-9-]/.test(c));
    return offending
      ? `the domain contains ${SPOKEN_CHARACTERS[offending] ?? `'${offending}'`}`
      : `the domain has an empty or malformed part "${bad}"`;
  }
  if (!TOP_LEVEL_LABEL.test(labels[labels.length - 1]!))
    return 'the domain does not end in a valid top-level name';
  return undefined;
}

function invalid(input: string, problem: string): DomainError {
  return new DomainError('USER_REFERENCE_INVALID', { input, problem });
}
