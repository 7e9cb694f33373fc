import { type TableClient, type TransactionAction } from '@azure/data-tables';
import { type RequestId } from '../../domain/revocation/request-id';
import { type RevocationRequest } from '../../domain/revocation/revocation-request';
import { type StepState } from '../../domain/revocation/step-state';
import { type RequestQuery, type RequestStore } from '../../ports/request-store';
import { compareAndSwap, readRow } from './table-compare-and-swap';
import { isLostRace, isNotFound, statusOf, tableGuarded } from './table-guarded';
import { inParallel } from './table-in-parallel';
import { inPartition, isSafeKeyPart } from './table-keys';
import { TableRequestIndex, type IdPages } from './table-request-index';
import { TableRequestLeases } from './table-request-leases';
import {
  ACTIVE_STATUSES,
  activeKey,
  activeRow,
  isActive,
  parseRequest,
  parseStep,
  requestKey,
  requestRow,
  REQUESTS_PARTITION,
  RESERVED,
  stepKey,
  stepRow,
  stepsPartition,
  targetRow,
  timeRow,
  tokenKey,
  tokenRow,
} from './table-request-rows';

/** Table Storage runs at most 100 operations in one transaction. */
const MAX_BATCH = 100;
/** A card token is 22 characters; anything much longer is not one. */
const MAX_TOKEN_LENGTH = 512;

/**
 * The request store on Azure Table Storage (table-request-rows.ts has the layout). A request's
 * id is reserved first (a create, which fails if the id is taken), then its steps and target
 * index are written, then one transaction turns the reservation into the request with its other
 * index rows. Updates are one transaction conditional on the request row's ETag: of two writers
 * holding the same version, exactly one wins.
 */
export class TableRequestStore implements RequestStore {
  private readonly index: TableRequestIndex;
  private readonly leases: TableRequestLeases;

  constructor(private readonly table: TableClient) {
    this.index = new TableRequestIndex(table);
    this.leases = new TableRequestLeases(table);
  }

  async create(request: RevocationRequest, steps: readonly StepState[]): Promise<boolean> {
    if (!isSafeKeyPart(request.id))
      throw new Error(`request id ${JSON.stringify(request.id)} cannot be a table key`);
    return tableGuarded('create a request', async () => {
      const reservation = await this.reserve(request.id);
      if (reservation === undefined) return false;
      await this.writeSteps(steps);
      const targets = [...new Set(request.targets.map((t) => t.id))];
      await this.submitInBatches(
        targets.map((id) => ['upsert', targetRow(request, id), 'Replace']),
      );
      const commit: TransactionAction[] = [
        ['update', requestRow(request), 'Replace', { etag: reservation }],
        ['create', timeRow(request, request.createdAt)],
        ['create', tokenRow(request)],
      ];
      if (isActive(request.status)) commit.push(['create', activeRow(request, request.createdAt)]);
      try {
        await this.table.submitTransaction(commit);
        return true;
      } catch (error) {
        // The card token is taken (409): like the id, it must be unique. The id stays reserved.
        if (isLostRace(error)) return false;
        throw error;
      }
    });
  }

  async get(id: RequestId): Promise<RevocationRequest | undefined> {
    return tableGuarded('read a request', () => this.read(id));
  }

  async findByToken(token: string): Promise<RevocationRequest | undefined> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
    return tableGuarded('find a request by token', async () => {
      const row = await readRow(this.table, REQUESTS_PARTITION, tokenKey(token));
      if (!row || typeof row.requestId !== 'string') return undefined;
      const request = await this.read(row.requestId);
      return request?.token === token ? request : undefined;
    });
  }

  async update(next: RevocationRequest): Promise<boolean> {
    if (!isSafeKeyPart(next.id)) return false;
    return tableGuarded('update a request', async () => {
      const row = await readRow(this.table, REQUESTS_PARTITION, requestKey(next.id));
      if (!row || row.status === RESERVED || row.version !== next.version - 1) return false;
      const createdAt = String(row.createdAt);
      const actions: TransactionAction[] = [
        ['update', requestRow(next), 'Replace', { etag: row.etag }],
        ['upsert', timeRow(next, createdAt), 'Replace'],
      ];
      const leaving = isActive(row.status) && !isActive(next.status);
      if (isActive(next.status)) actions.push(['upsert', activeRow(next, createdAt), 'Replace']);
      if (leaving)
        actions.push(['delete', { partitionKey: REQUESTS_PARTITION, rowKey: activeKey(next.id) }]);
      try {
        await this.table.submitTransaction(actions);
        return true;
      } catch (error) {
        if (statusOf(error) === 412) return false;
        // An active row already gone (never written by an older version): update without it.
        if (!leaving || !isNotFound(error)) throw error;
        await this.table.submitTransaction(actions.slice(0, -1));
        return true;
      }
    });
  }

  async list(query: RequestQuery): Promise<RevocationRequest[]> {
    const limit = Math.floor(query.limit);
    if (!(limit > 0) || (query.targetId && !isSafeKeyPart(query.targetId))) return [];
    const statuses = query.statuses ?? [];
    const wanted = (r: RevocationRequest): boolean =>
      (statuses.length === 0 || statuses.includes(r.status)) &&
      (!query.targetId || r.targets.some((t) => t.id === query.targetId));
    return tableGuarded('list requests', async () => {
      const pages: IdPages = query.targetId
        ? this.index.forTarget(query.targetId, limit)
        : statuses.length > 0 && statuses.every((s) => ACTIVE_STATUSES.includes(s))
          ? this.activeNewestFirst()
          : this.index.newestFirst(statuses, limit);
      const found: RevocationRequest[] = [];
      for await (const ids of pages) {
        for (const request of await inParallel(ids, 16, (id) => this.read(id))) {
          if (request && wanted(request)) found.push(request);
          if (found.length >= limit) return found;
        }
      }
      return found;
    });
  }

  async listSteps(requestId: RequestId): Promise<StepState[]> {
    if (!isSafeKeyPart(requestId)) return [];
    return tableGuarded('list steps', async () => {
      const rows: Array<{ seq: number; step: StepState }> = [];
      const query = { queryOptions: { filter: inPartition(stepsPartition(requestId)) } };
      for await (const row of this.table.listEntities<Record<string, unknown>>(query))
        rows.push({ seq: Number(row.seq), step: parseStep(row) });
      return rows.sort((a, b) => a.seq - b.seq).map((r) => r.step);
    });
  }

  async updateStep(next: StepState): Promise<boolean> {
    if (!isSafeKeyPart(next.requestId)) return false;
    return compareAndSwap(
      this.table,
      stepsPartition(next.requestId),
      stepKey(next),
      (current) =>
        current?.version === next.version - 1
          ? { write: stepRow(next, Number(current.seq)), result: true }
          : { result: false },
      'update a step',
    );
  }

  async claimLease(requestId: RequestId, owner: string, until: Date, now: Date): Promise<boolean> {
    return this.leases.claim(requestId, owner, until, now);
  }

  async releaseLease(requestId: RequestId, owner: string): Promise<void> {
    await this.leases.release(requestId, owner);
  }

  async listRunnable(now: Date): Promise<RequestId[]> {
    return tableGuarded('list runnable requests', async () => {
      const [active, held] = await Promise.all([this.index.active(), this.leases.held(now)]);
      return active
        .filter(
          (row) =>
            (row.status === 'approved' || row.status === 'running') && !held.has(row.requestId),
        )
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
        .map((row) => row.requestId as RequestId);
    });
  }

  private async read(id: string): Promise<RevocationRequest | undefined> {
    if (!isSafeKeyPart(id)) return undefined;
    const row = await readRow(this.table, REQUESTS_PARTITION, requestKey(id));
    return row && row.status !== RESERVED ? parseRequest(row) : undefined;
  }

  /** The reservation's ETag, or undefined when the id is taken. */
  private async reserve(id: RequestId): Promise<string | undefined> {
    try {
      const created = await this.table.createEntity({
        partitionKey: REQUESTS_PARTITION,
        rowKey: requestKey(id),
        status: RESERVED,
      });
      return created.etag;
    } catch (error) {
      if (statusOf(error) === 409) return undefined;
      throw error;
    }
  }

  private async writeSteps(steps: readonly StepState[]): Promise<void> {
    const byRequest = new Map<string, TransactionAction[]>();
    steps.forEach((step, seq) => {
      const actions = byRequest.get(step.requestId) ?? [];
      actions.push(['upsert', stepRow(step, seq), 'Replace']);
      byRequest.set(step.requestId, actions);
    });
    for (const actions of byRequest.values()) await this.submitInBatches(actions);
  }

  /** One partition's actions, 100 per transaction. */
  private async submitInBatches(actions: readonly TransactionAction[]): Promise<void> {
    for (let at = 0; at < actions.length; at += MAX_BATCH)
      await this.table.submitTransaction(actions.slice(at, at + MAX_BATCH));
  }

  /** Active requests, newest first, as one page (the active set is small). */
  private async *activeNewestFirst(): IdPages {
    const rows = await this.index.active();
    rows.sort((a, b) =>
      a.createdAt === b.createdAt
        ? b.requestId.localeCompare(a.requestId)
        : a.createdAt < b.createdAt
          ? 1
          : -1,
    );
    yield rows.map((row) => row.requestId);
  }
}
