import { type GraphResult } from '../graph-response';
import { contextUrl, parseSelect } from '../odata';
import { requirePermissions } from '../permissions';
import { type Route } from '../router';
import {
  DEFAULT_USER_PROPERTIES,
  resolveUser,
  USER_PROPERTIES,
  userProperties,
} from '../user-representation';
import { patchUser } from './user-patch';

/** GET/PATCH/DELETE /users/{id | upn} and POST /users/{id}/revokeSignInSessions. */
export const USER_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user',
    mutates: false,
    handler: (req, sim): GraphResult => {
      requirePermissions(req.roles, 'User.Read.All');
      const select = parseSelect(req.query, USER_PROPERTIES, 'User');
      const user = resolveUser(req, sim.model);
      const body = {
        '@odata.context': contextUrl('users', select, '/$entity'),
        ...userProperties(user, select ?? DEFAULT_USER_PROPERTIES),
      };
      return { status: 200, body };
    },
  },
  { method: 'PATCH', pattern: '/users/:user', mutates: true, handler: patchUser },
  {
    method: 'POST',
    pattern: '/users/:user/revokeSignInSessions',
    mutates: true,
    handler: (req, sim): GraphResult => {
      requirePermissions(req.roles, 'User.RevokeSessions.All');
      const user = resolveUser(req, sim.model);
      sim.model.updateUser(user.id, { signInSessionsValidFromDateTime: sim.clock.isoSeconds() });
      // Documented known issue: 200 with an always-true Boolean instead of 204 (graph-facts §3).
      const body = { '@odata.context': contextUrl('Edm.Boolean'), value: true };
      return { status: 200, body };
    },
  },
  {
    method: 'DELETE',
    pattern: '/users/:user',
    mutates: true,
    handler: (req, sim): GraphResult => {
      requirePermissions(req.roles, 'User.DeleteRestore.All');
      const user = resolveUser(req, sim.model);
      sim.model.softDeleteUser(user.id);
      return { status: 204 };
    },
  },
];
