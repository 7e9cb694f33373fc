import { createHash } from 'node:crypto';

import { roleTemplateId } from '../directory-roles';
import { badRequest, type GraphResult } from '../graph-response';
import { contextUrl } from '../odata';
import { requirePermissions } from '../permissions';
import { type GraphRequest, type Route } from '../router';
import { type SimulatorContext } from '../simulator-context';

/** The only filter Lockdown needs, and the only one the simulator accepts. */
function principalFilter(req: GraphRequest): string {
  const filter = req.query.get('$filter') ?? '';
  const match = /^\s*principalId\s+eq\s+'([0-9a-fA-F-]{36})'\s*$/.exec(filter);
  if (!match) {
    throw badRequest(
      `Invalid filter clause: the simulator supports only "principalId eq '<guid>'"; got '${filter}'.`,
      'BadRequest',
    );
  }
  return match[1].toLowerCase();
}

function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('base64url').slice(0, 43);
}

/** PIM eligibility: roles the principal may activate, none of them active (graph-facts §7, T15). */
function eligibilityInstances(req: GraphRequest, sim: SimulatorContext): GraphResult {
  requirePermissions(req.roles, 'RoleManagement.Read.Directory');
  const principalId = principalFilter(req);
  const user = sim.model.findUser(principalId);
  const value = (user ? sim.model.eligibleRolesOf(user.id) : []).map((name) => {
    const id = stableId('eligible', principalId, name);
    return {
      id,
      principalId,
      roleDefinitionId: roleTemplateId(name),
      directoryScopeId: '/',
      appScopeId: null,
      startDateTime: user?.createdDateTime ?? null,
      endDateTime: null,
      memberType: 'Direct',
      roleEligibilityScheduleId: id,
    };
  });
  const set = 'roleManagement/directory/roleEligibilityScheduleInstances';
  return { status: 200, body: { '@odata.context': contextUrl(set), value } };
}

/** Active (permanent) role assignments. */
function roleAssignments(req: GraphRequest, sim: SimulatorContext): GraphResult {
  requirePermissions(req.roles, 'RoleManagement.Read.Directory');
  const principalId = principalFilter(req);
  const user = sim.model.findUser(principalId);
  const value = (user ? sim.model.rolesOf(user.id) : []).map((name) => ({
    id: stableId('active', principalId, name),
    principalId,
    roleDefinitionId: roleTemplateId(name),
    directoryScopeId: '/',
    appScopeId: null,
  }));
  const set = 'roleManagement/directory/roleAssignments';
  return { status: 200, body: { '@odata.context': contextUrl(set), value } };
}

export const ROLE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/roleManagement/directory/roleEligibilityScheduleInstances',
    mutates: false,
    handler: eligibilityInstances,
  },
  {
    method: 'GET',
    pattern: '/roleManagement/directory/roleAssignments',
    mutates: false,
    handler: roleAssignments,
  },
];
