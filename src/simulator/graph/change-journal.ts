/** What happened to one user between two journal positions. */
export interface UserChange {
  /** Properties whose value changed (every property for a created user). */
  props: Set<string>;
  created: boolean;
  removed: boolean;
}

interface JournalEntry {
  seq: number;
  userId: string;
  props: readonly string[];
  created: boolean;
  removed: boolean;
}

/**
 * Append-only log of user changes. Delta tokens are positions in it, which is what lets a
 * deltaLink answer "what changed since" without keeping a copy of the directory per client.
 */
export class ChangeJournal {
  private readonly entries: JournalEntry[] = [];
  private seq = 0;

  /** The position after the latest change. */
  head(): number {
    return this.seq;
  }

  record(userId: string, props: readonly string[], kind: 'updated' | 'created' | 'removed'): void {
    this.seq += 1;
    this.entries.push({
      seq: this.seq,
      userId,
      props,
      created: kind === 'created',
      removed: kind === 'removed',
    });
  }

  /** Changes after `from` up to and including `to`, merged per user. */
  changesBetween(from: number, to: number): Map<string, UserChange> {
    const changes = new Map<string, UserChange>();
    for (const entry of this.entries) {
      if (entry.seq <= from || entry.seq > to) continue;
      const change = changes.get(entry.userId) ?? {
        props: new Set<string>(),
        created: false,
        removed: false,
      };
      entry.props.forEach((p) => change.props.add(p));
      change.created ||= entry.created;
      change.removed ||= entry.removed;
      changes.set(entry.userId, change);
    }
    return changes;
  }
}
