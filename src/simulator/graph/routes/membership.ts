import { roleTemplateId } from '../directory-roles';
import { badRequest, GraphRequestError, type GraphResult } from '../graph-response';
import {
  GROUP_PROPERTIES,
  GROUP_TYPE,
  groupEntry,
  type MembershipEntry,
  membershipItem,
  ROLE_PROPERTIES,
  roleEntry,
} from '../membership-representation';
import { contextUrl, pageOf, parseSelect } from '../odata';
import { hasPermission, requirePermissions } from '../permissions';
import { type GraphRequest, type Route } from '../router';
import { type SimulatorContext } from '../simulator-context';
import { GUID, resolveUser } from '../user-representation';
import { pagingOf } from './devices';

const STRING_COLLECTION = contextUrl('Collection(Edm.String)');
const CASTS: Record<string, string> = {
  'microsoft.graph.group': '#microsoft.graph.group',
  'microsoft.graph.directoryRole': '#microsoft.graph.directoryRole',
};

/** Groups (transitively) and active directory roles of the user in the URL. */
function memberships(req: GraphRequest, sim: SimulatorContext): MembershipEntry[] {
  const user = resolveUser(req, sim.model);
  return [
    ...sim.model.groups.transitiveGroupsOf(user.id).map(groupEntry),
    ...sim.model.rolesOf(user.id).map((name) => roleEntry(sim.model.tenantId, name)),
  ];
}

/** The `{groupIds}` / `{ids}` array of a check* action: at most 20 GUIDs (graph-facts §12). */
function idList(body: unknown, field: string): string[] {
  const ids = (body as Record<string, unknown> | null)?.[field];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw badRequest(`The request body must contain '${field}', an array of object ids.`);
  }
  if (ids.length > 20)
    throw badRequest(`At most 20 ids may be checked at once; got ${ids.length}.`);
  const malformed = ids.find((id) => !GUID.test(id));
  if (malformed !== undefined) throw badRequest(`Invalid object identifier '${malformed}'.`);
  return ids;
}

function checkMemberGroups(req: GraphRequest, sim: SimulatorContext): GraphResult {
  requirePermissions(req.roles, 'User.Read.All', 'GroupMember.Read.All');
  const ids = idList(req.body, 'groupIds');
  const mine = new Set(memberships(req, sim).map((m) => m.id));
  const value = ids.filter((id) => mine.has(id.toLowerCase()));
  return { status: 200, body: { '@odata.context': STRING_COLLECTION, value } };
}

/** Group ids, directory-role object ids or role template ids (graph-facts §12). */
function checkMemberObjects(req: GraphRequest, sim: SimulatorContext): GraphResult {
  requirePermissions(req.roles, 'User.Read.All');
  const ids = idList(req.body, 'ids');
  const entries = memberships(req, sim);
  const mine = new Set(entries.map((m) => m.id));
  for (const entry of entries) {
    if (entry.type !== GROUP_TYPE) mine.add(roleTemplateId(String(entry.values.displayName)));
  }
  const value = ids.filter((id) => mine.has(id.toLowerCase()));
  return { status: 200, body: { '@odata.context': STRING_COLLECTION, value } };
}

/**
 * GET /users/{id}/transitiveMemberOf[/cast]. A cast or `$filter` is an advanced query: it needs
 * `ConsistencyLevel: eventual` and `$count=true`, as on real Graph.
 */
function transitiveMemberOf(req: GraphRequest, sim: SimulatorContext): GraphResult {
  requirePermissions(req.roles, 'User.Read.All');
  const cast = req.params.cast === undefined ? undefined : CASTS[req.params.cast];
  if (req.params.cast !== undefined && cast === undefined) {
    throw badRequest(`Resource not found for the segment '${req.params.cast}'.`, 'BadRequest');
  }
  const filterId = parseIdFilter(req.query.get('$filter'));
  const advanced =
    req.headers.consistencylevel === 'eventual' && req.query.get('$count') === 'true';
  if ((cast !== undefined || filterId !== undefined) && !advanced) {
    throw new GraphRequestError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
  }
  const select = parseSelect(
    req.query,
    [...new Set([...GROUP_PROPERTIES, ...ROLE_PROPERTIES])],
    'DirectoryObject',
  );
  const entries = memberships(req, sim).filter(
    (e) => (cast === undefined || e.type === cast) && (filterId === undefined || e.id === filterId),
  );
  const { page, nextLink } = pageOf(entries, pagingOf(req, sim));
  const groupsLimited = !hasPermission(req.roles, 'GroupMember.Read.All');
  const rolesLimited = !hasPermission(req.roles, 'RoleManagement.Read.Directory');
  const value = page.map((e) =>
    membershipItem(e, select, e.type === GROUP_TYPE ? groupsLimited : rolesLimited),
  );
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl('directoryObjects', select),
  };
  if (req.query.get('$count') === 'true') body['@odata.count'] = entries.length;
  if (nextLink) body['@odata.nextLink'] = nextLink;
  return { status: 200, body: { ...body, value } };
}

function parseIdFilter(filter: string | null): string | undefined {
  if (filter === null) return undefined;
  const match = /^\s*id\s+eq\s+'([0-9a-fA-F-]{36})'\s*$/.exec(filter);
  if (!match) throw new GraphRequestError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
  return match[1].toLowerCase();
}

/** checkMemberGroups, checkMemberObjects and transitiveMemberOf on users. */
export const MEMBERSHIP_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/users/:user/checkMemberGroups',
    mutates: false,
    handler: checkMemberGroups,
  },
  {
    method: 'POST',
    pattern: '/users/:user/checkMemberObjects',
    mutates: false,
    handler: checkMemberObjects,
  },
  {
    method: 'GET',
    pattern: '/users/:user/transitiveMemberOf',
    mutates: false,
    handler: transitiveMemberOf,
  },
  {
    method: 'GET',
    pattern: '/users/:user/transitiveMemberOf/:cast',
    mutates: false,
    handler: transitiveMemberOf,
  },
];
