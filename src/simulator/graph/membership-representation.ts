import { directoryRoleObjectId, roleTemplateId } from './directory-roles';
import { type GroupRecord } from './group-membership';

export const GROUP_TYPE = '#microsoft.graph.group';
export const ROLE_TYPE = '#microsoft.graph.directoryRole';

export const GROUP_PROPERTIES: readonly string[] = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'securityIdentifier',
  'visibility',
];

export const ROLE_PROPERTIES: readonly string[] = [
  'id',
  'deletedDateTime',
  'description',
  'displayName',
  'roleTemplateId',
];

/** One entry of a membership collection: a group or an activated directory role. */
export interface MembershipEntry {
  type: typeof GROUP_TYPE | typeof ROLE_TYPE;
  id: string;
  values: Record<string, unknown>;
}

export function groupEntry(group: GroupRecord): MembershipEntry {
  const values: Record<string, unknown> = {
    id: group.id,
    description: group.description,
    displayName: group.displayName,
    groupTypes: [],
    isAssignableToRole: group.isAssignableToRole,
    mailEnabled: group.mailEnabled,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9]/g, ''),
    securityEnabled: group.securityEnabled,
  };
  return { type: GROUP_TYPE, id: group.id, values };
}

export function roleEntry(tenantId: string, roleName: string): MembershipEntry {
  const templateId = roleTemplateId(roleName);
  const id = directoryRoleObjectId(tenantId, templateId);
  const values = {
    id,
    description: `${roleName} (built-in role)`,
    displayName: roleName,
    roleTemplateId: templateId,
  };
  return { type: ROLE_TYPE, id, values };
}

/**
 * Serialises an entry with the selected (or all) properties of its own type. `limited` is
 * Graph's "limited information" for types the caller cannot read: type and id, the rest null.
 */
export function membershipItem(
  entry: MembershipEntry,
  select: readonly string[] | undefined,
  limited: boolean,
): Record<string, unknown> {
  const own = entry.type === GROUP_TYPE ? GROUP_PROPERTIES : ROLE_PROPERTIES;
  const props = select ? select.filter((p) => own.includes(p)) : own;
  const item: Record<string, unknown> = { '@odata.type': entry.type };
  for (const prop of props) {
    item[prop] = prop === 'id' ? entry.id : limited ? null : (entry.values[prop] ?? null);
  }
  return item;
}
