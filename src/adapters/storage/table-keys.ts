import { createHash } from 'node:crypto';
import { odata } from '@azure/data-tables';

/** Separates the parts of a composite key; never part of a value used in a key. */
export const KEY_SEPARATOR = '|';

/** What Table Storage refuses in PartitionKey and RowKey, plus the quote OData literals use. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const UNSAFE_KEY_CHARACTERS = /[\\/#?'|\u0000-\u001f\u007f-\u009f]/;
const MAX_KEY_PART = 256;

/**
 * True when a value from outside (a request id, a user id taken from a hint id) can be used in
 * a key as is. Anything else names no row: callers answer "not found" without asking the
 * service, so hostile text never reaches a key or a URL.
 */
export const isSafeKeyPart = (value: string): boolean =>
  value.length > 0 && value.length <= MAX_KEY_PART && !UNSAFE_KEY_CHARACTERS.test(value);

/**
 * Arbitrary or secret text (a card token) as a key part: its SHA-256, so any input makes a
 * valid key, and the key reveals nothing about the token.
 */
export const hashedKeyPart = (value: string): string =>
  createHash('sha256').update(value, 'utf8').digest('hex');

const TIME_DIGITS = 15;

/** Milliseconds as fixed-width digits, so that string order is time order. */
export const timeKey = (ms: number): string =>
  String(Math.max(0, Math.trunc(ms))).padStart(TIME_DIGITS, '0');

/** The same, newest first (Table Storage returns rows in ascending key order only). */
export const newestFirstKey = (ms: number): string =>
  timeKey(10 ** TIME_DIGITS - 1 - Math.max(0, Math.trunc(ms)));

export const key = (...parts: readonly string[]): string => parts.join(KEY_SEPARATOR);

/** Every row of `partitionKey` whose RowKey starts with `prefix` (a range, served by the index). */
export function rowsStartingWith(partitionKey: string, prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  const end = `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}`;
  return odata`PartitionKey eq ${partitionKey} and RowKey ge ${prefix} and RowKey lt ${end}`;
}

export const inPartition = (partitionKey: string): string => odata`PartitionKey eq ${partitionKey}`;
