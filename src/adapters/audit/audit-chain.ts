import { createHash } from 'node:crypto';
import { type AuditRecord } from '../../domain/audit/audit-event';

/** The hash before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so a record always hashes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * hash = SHA-256(prevHash, newline, canonical JSON of the record without its hash): each record
 * commits to everything before it (Schneier and Kelsey's hash chain), so changing, removing or
 * reordering any record breaks every hash after it.
 */
export function chainHash(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256')
    .update(`${record.prevHash}\n${canonicalJson(record)}`)
    .digest('hex');
}

export type ChainVerdict =
  | { readonly ok: true; readonly count: number; readonly head: string }
  | { readonly ok: false; readonly count: number; readonly seq: number; readonly problem: string };

/** Walks the chain in order and names the first record that does not fit. */
export async function verifyChain(
  records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>,
): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for await (const record of records) {
    count++;
    const { hash, ...content } = record;
    if (record.seq !== expectedSeq) {
      return {
        ok: false,
        count,
        seq: expectedSeq,
        problem: `record ${expectedSeq} is missing (found ${record.seq} next)`,
      };
    }
    if (record.prevHash !== previous) {
      return {
        ok: false,
        count,
        seq: record.seq,
        problem: `record ${record.seq} does not follow record ${record.seq - 1} (prevHash differs)`,
      };
    }
    if (chainHash(content) !== hash) {
      return {
        ok: false,
        count,
        seq: record.seq,
        problem: `record ${record.seq} was altered (its content does not match its hash)`,
      };
    }
    previous = hash;
    expectedSeq++;
  }
  return { ok: true, count, head: previous };
}
