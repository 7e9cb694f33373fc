import { isObjectId, type ObjectId } from '../../domain/user-ref';
import { jsonProperties, parseJsonProperties } from './table-json-properties';
import { type HintSource } from '../../domain/watcher/watched-user';
import { type QueuedHint } from '../../ports/watcher-store';

export interface SlotHint {
  readonly id: string;
  readonly source: HintSource;
  readonly receivedAt: string;
  readonly attempts: number;
  /** Epoch milliseconds: not to be handed out before. */
  readonly notBefore: number;
}

export interface LeasedHint extends SlotHint {
  readonly owner: string;
  /** Epoch milliseconds: the lease lapses then. */
  readonly until: number;
}

/**
 * Everything the queue holds for one user, in one row: at most one hint waiting and at most one
 * out with a worker. Keeping both in one row makes "one waiting hint per user" and "one live
 * lease per user" a single compare-and-swap, across every instance.
 */
export interface HintSlot {
  readonly waiting: SlotHint | null;
  readonly leased: LeasedHint | null;
}

export const EMPTY_SLOT: HintSlot = { waiting: null, leased: null };

/**
 * A hint id: a stamp that sorts by creation (milliseconds, a per-queue counter, a random
 * instance tag) and the user it is about, so a later complete or retry finds the user's row
 * without an index. Ids are never reused.
 */
export const hintId = (stamp: string, userId: ObjectId): string => `${stamp}.${userId}`;

/** The user a hint id names; undefined for anything that is not one of ours. */
export function userOfHintId(id: string): ObjectId | undefined {
  const dot = id.lastIndexOf('.');
  const userId = dot > 0 ? id.slice(dot + 1) : '';
  return isObjectId(userId) ? (userId as ObjectId) : undefined;
}

/**
 * The hint a claim at `now` may take from this slot: none while the user's lease is live;
 * otherwise a lapsed leased hint first (it is the older), else the waiting one, once due.
 */
export function claimable(slot: HintSlot, now: number): SlotHint | undefined {
  if (slot.leased) {
    if (slot.leased.until > now) return undefined;
    return slot.leased.notBefore <= now ? slot.leased : undefined;
  }
  return slot.waiting && slot.waiting.notBefore <= now ? slot.waiting : undefined;
}

/** The slot once `hint` (from `claimable`) is leased to `owner`, its attempts counted. */
export function leased(slot: HintSlot, hint: SlotHint, owner: string, until: number): HintSlot {
  const taken: LeasedHint = { ...strip(hint), attempts: hint.attempts + 1, owner, until };
  return slot.leased?.id === hint.id
    ? { ...slot, leased: taken }
    : { waiting: null, leased: taken };
}

/** The slot without the hint `id`; undefined when it holds no such hint. */
export function completed(slot: HintSlot, id: string): HintSlot | undefined {
  if (slot.leased?.id === id) return { ...slot, leased: null };
  if (slot.waiting?.id === id) return { ...slot, waiting: null };
  return undefined;
}

/**
 * The slot with hint `id` given back from `notBefore`. A leased hint whose user already has a
 * newer hint waiting merges into it: the earlier receivedAt (its place in line), the larger
 * attempts (a hint that keeps failing cannot shed its count), the later notBefore.
 */
export function retried(slot: HintSlot, id: string, notBefore: number): HintSlot | undefined {
  const { waiting, leased: out } = slot;
  if (out?.id === id) {
    const next: SlotHint = waiting
      ? {
          ...waiting,
          receivedAt: out.receivedAt < waiting.receivedAt ? out.receivedAt : waiting.receivedAt,
          attempts: Math.max(out.attempts, waiting.attempts),
          notBefore: Math.max(waiting.notBefore, notBefore),
        }
      : { ...strip(out), notBefore };
    return { waiting: next, leased: null };
  }
  if (waiting?.id === id) return { ...slot, waiting: { ...waiting, notBefore } };
  return undefined;
}

export const isEmpty = (slot: HintSlot): boolean => !slot.waiting && !slot.leased;

export const countHints = (slot: HintSlot): number =>
  (slot.waiting ? 1 : 0) + (slot.leased ? 1 : 0);

export const toQueuedHint = (userId: ObjectId, hint: SlotHint): QueuedHint => ({
  id: hint.id,
  userId,
  source: hint.source,
  receivedAt: hint.receivedAt,
  attempts: hint.attempts,
});

/** Oldest first: by receivedAt, then by id (creation order). */
export const oldestFirst = (a: SlotHint, b: SlotHint): number =>
  a.receivedAt === b.receivedAt ? (a.id < b.id ? -1 : 1) : a.receivedAt < b.receivedAt ? -1 : 1;

const strip = (hint: SlotHint): SlotHint => ({
  id: hint.id,
  source: hint.source,
  receivedAt: hint.receivedAt,
  attempts: hint.attempts,
  notBefore: hint.notBefore,
});

/** The slot a row holds (an absent row holds nothing). */
export const slotOf = (row: Readonly<Record<string, unknown>> | undefined): HintSlot =>
  (row && parseJsonProperties<HintSlot>(row, 'slot')) ?? EMPTY_SLOT;

export const slotProperties = (slot: HintSlot) => jsonProperties('slot', slot);

/** Hints are keyed by user in one partition with the held users (see TableHeldUsers). */
export const HINTS_PARTITION = 'hints';
export const slotKey = (userId: string): string => `slot|${userId}`;
