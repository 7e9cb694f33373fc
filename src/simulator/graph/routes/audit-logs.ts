import { badRequest, type GraphResult } from '../graph-response';
import { contextUrl, pageOf } from '../odata';
import { requirePermissions } from '../permissions';
import { type GraphRequest, type Route } from '../router';
import { type SimulatorContext } from '../simulator-context';
import { pagingOf } from './devices';

const TARGET_FILTER =
  /^\s*targetResources\/any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'([0-9a-fA-F-]{36})'\s*\)\s*$/;

/**
 * GET /auditLogs/directoryAudits?$filter=targetResources/any(t:t/id eq '<guid>'): who changed
 * an object, newest first. Only that filter form is supported (anything else is a 400).
 */
function directoryAudits(req: GraphRequest, sim: SimulatorContext): GraphResult {
  requirePermissions(req.roles, 'AuditLog.Read.All');
  const filter = req.query.get('$filter') ?? '';
  const match = TARGET_FILTER.exec(filter);
  if (!match) {
    throw badRequest(
      `Invalid filter clause: the simulator supports only targetResources/any(t:t/id eq '<guid>'); got '${filter}'.`,
      'BadRequest',
    );
  }
  const entries = sim.model.audits.forTarget(match[2].toLowerCase());
  const { page, nextLink } = pageOf(entries, pagingOf(req, sim));
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl('auditLogs/directoryAudits'),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      value: page,
    },
  };
}

export const AUDIT_LOG_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/auditLogs/directoryAudits',
    mutates: false,
    handler: directoryAudits,
  },
];
