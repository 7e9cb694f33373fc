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

/** A chain head recorded outside the store (the log stream): the trail must still contain it. */
export interface ChainAnchor {
  readonly seq: number;
  readonly hash: string;
}

export function parseAnchor(text: string): ChainAnchor | undefined {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : undefined;
}

/**
 * Walks the chain in order and names the first record that does not fit. A chain alone cannot
 * show that its newest records were cut off; an anchor (a head logged earlier, outside the
 * store) can.
 */
export async function verifyChain(
  records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>,
  anchor?: ChainAnchor,
): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let count = 0;
  for await (const record of records) {
    count++;
    const problem = linkProblem(record, count, previous, anchor);
    if (problem) return { ok: false, count, seq: problem.seq, problem: problem.text };
    previous = record.hash;
  }
  if (anchor && count < anchor.seq) {
    const text = `the trail ends at record ${count}, but record ${anchor.seq} was anchored: records were removed from the end`;
    return { ok: false, count, seq: count + 1, problem: text };
  }
  return { ok: true, count, head: previous };
}

function linkProblem(
  record: AuditRecord,
  expectedSeq: number,
  previous: string,
  anchor: ChainAnchor | undefined,
): { seq: number; text: string } | undefined {
  const { hash, ...content } = record;
  if (record.seq !== expectedSeq) {
    return {
      seq: expectedSeq,
      text: `record ${expectedSeq} is missing (found ${record.seq} next)`,
    };
  }
  if (record.prevHash !== previous) {
    return {
      seq: record.seq,
      text: `record ${record.seq} does not follow record ${record.seq - 1} (prevHash differs)`,
    };
  }
  if (chainHash(content) !== hash) {
    return {
      seq: record.seq,
      text: `record ${record.seq} was altered (its content does not match its hash)`,
    };
  }
  if (anchor && record.seq === anchor.seq && hash !== anchor.hash) {
    return { seq: record.seq, text: `record ${record.seq} differs from its anchored hash` };
  }
  return undefined;
}
