import { byCodeUnits } from './opaque-tokens';
import { type ParsedTenantSeed } from './tenant-seed';

export interface GroupRecord {
  id: string;
  displayName: string;
  description: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  isAssignableToRole: boolean;
  members: Set<string>;
}

/** Groups and their (possibly nested) members; membership questions are always transitive. */
export class GroupMembership {
  private readonly groups = new Map<string, GroupRecord>();

  constructor(seed: ParsedTenantSeed['groups']) {
    for (const group of seed) {
      this.groups.set(group.id, { ...group, members: new Set(group.members) });
    }
  }

  get(id: string): GroupRecord | undefined {
    return this.groups.get(id);
  }

  addMember(groupId: string, memberId: string): void {
    this.require(groupId).members.add(memberId);
  }

  removeMember(groupId: string, memberId: string): void {
    this.require(groupId).members.delete(memberId);
  }

  /** Every group that contains `objectId` directly or through nested groups (cycle-safe). */
  transitiveGroupsOf(objectId: string): GroupRecord[] {
    const found = new Map<string, GroupRecord>();
    const pending = [objectId];
    while (pending.length > 0) {
      const current = pending.pop() as string;
      for (const group of this.groups.values()) {
        if (group.members.has(current) && !found.has(group.id)) {
          found.set(group.id, group);
          pending.push(group.id);
        }
      }
    }
    return [...found.values()].sort((a, b) => byCodeUnits(a.id, b.id));
  }

  private require(groupId: string): GroupRecord {
    const group = this.groups.get(groupId);
    if (group === undefined) throw new Error(`Unknown group '${groupId}'`);
    return group;
  }
}
