import { type UserChange } from '../change-journal';
import { byCodeUnits } from '../opaque-tokens';
import { type DeltaState } from '../delta-tokens';
import { badRequest, type GraphResult } from '../graph-response';
import { contextUrl, parseSelect } from '../odata';
import { requirePermissions } from '../permissions';
import { type GraphRequest, type Route } from '../router';
import { type SimulatorContext } from '../simulator-context';
import { type UserRecord } from '../tenant-model';
import { DEFAULT_USER_PROPERTIES, USER_PROPERTIES, userProperties } from '../user-representation';

interface Round {
  state: DeltaState;
  minimal: boolean;
}

/**
 * GET /users/delta (graph-facts §11): a full sync paged by $skiptoken and closed by a deltaLink;
 * a deltaLink later returns the users changed since, each once, in their latest state; tokens
 * are journal positions that expire after 7 simulated days (400 syncStateNotFound).
 */
function usersDelta(req: GraphRequest, sim: SimulatorContext): GraphResult {
  requirePermissions(req.roles, 'User.Read.All');
  const head = sim.model.journal.head();
  if (req.query.get('$deltatoken') === 'latest') {
    const select = selectOf(req);
    return respond(sim, select, [], { phase: 'link', from: head, to: head, after: null, select });
  }
  const token = req.query.get('$deltatoken') ?? req.query.get('$skiptoken');
  if (token === null) {
    const select = selectOf(req);
    return initialPage(sim, { phase: 'initial', from: head, to: head, after: null, select });
  }
  const decoded = sim.deltaTokens.decode(token);
  if (decoded.kind === 'invalid') throw badRequest('Badly formed delta or skip token.');
  if (decoded.kind === 'expired') {
    throw badRequest(
      'The sync state is not found or has expired. Restart the sync without a token.',
      'syncStateNotFound',
    );
  }
  const state = decoded.state;
  if (state.phase === 'initial') return initialPage(sim, state);
  const minimal = /return=minimal/i.test(req.headers.prefer ?? '');
  const round = state.phase === 'link' ? { ...state, phase: 'changes' as const, to: head } : state;
  const result = changesPage(sim, { state: round, minimal });
  if (minimal) result.headers = { 'Preference-Applied': 'return=minimal' };
  return result;
}

function selectOf(req: GraphRequest): string[] {
  const select = parseSelect(req.query, USER_PROPERTIES, 'User') ?? [...DEFAULT_USER_PROPERTIES];
  return select.includes('id') ? select : ['id', ...select];
}

function initialPage(sim: SimulatorContext, state: DeltaState): GraphResult {
  const remaining = sim.model.listUsers().filter((u) => state.after === null || u.id > state.after);
  const page = remaining.slice(0, sim.pageSize);
  const items = page.map((user) => userProperties(user, state.select));
  if (remaining.length > page.length) {
    const after = page[page.length - 1].id;
    return respond(sim, state.select, items, { ...state, after }, 'next');
  }
  return respond(sim, state.select, items, { ...state, phase: 'link', after: null });
}

function changesPage(sim: SimulatorContext, { state, minimal }: Round): GraphResult {
  const changes = [...sim.model.journal.changesBetween(state.from, state.to)]
    .filter(
      ([id, change]) => (state.after === null || id > state.after) && visible(change, state.select),
    )
    .sort(([a], [b]) => byCodeUnits(a, b));
  const page = changes.slice(0, sim.pageSize);
  const items = page.map(([id, change]) =>
    deltaItem(sim.model.findUser(id, true), id, change, state.select, minimal),
  );
  if (changes.length > page.length) {
    const after = page[page.length - 1][0];
    return respond(sim, state.select, items, { ...state, after }, 'next');
  }
  return respond(sim, state.select, items, {
    ...state,
    phase: 'link',
    from: state.to,
    after: null,
  });
}

/** With $select, only changes to selected properties make a user appear. */
function visible(change: UserChange, select: readonly string[]): boolean {
  return change.created || change.removed || [...change.props].some((p) => select.includes(p));
}

function deltaItem(
  user: UserRecord | undefined,
  id: string,
  change: UserChange,
  select: readonly string[],
  minimal: boolean,
): Record<string, unknown> {
  if (user === undefined || change.removed || user.deletedDateTime !== null) {
    return { id, '@removed': { reason: 'changed' } };
  }
  const props =
    minimal && !change.created ? select.filter((p) => p === 'id' || change.props.has(p)) : select;
  return userProperties(user, props);
}

function respond(
  sim: SimulatorContext,
  select: readonly string[],
  value: unknown[],
  next: DeltaState,
  kind: 'next' | 'delta' = 'delta',
): GraphResult {
  const token = sim.deltaTokens.encode(next);
  const link =
    kind === 'next'
      ? { '@odata.nextLink': `${sim.baseUrl}/v1.0/users/delta?$skiptoken=${token}` }
      : { '@odata.deltaLink': `${sim.baseUrl}/v1.0/users/delta?$deltatoken=${token}` };
  return { status: 200, body: { '@odata.context': contextUrl('users', select), ...link, value } };
}

export const DELTA_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/users/delta', mutates: false, handler: usersDelta },
];
