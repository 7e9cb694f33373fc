import { type TableEntity } from '@azure/data-tables';
import {
  type RequestStatus,
  type RevocationRequest,
} from '../../domain/revocation/revocation-request';
import { type StepState } from '../../domain/revocation/step-state';
import { jsonProperties, parseJsonProperties } from './table-json-properties';
import { hashedKeyPart, key, newestFirstKey } from './table-keys';

/**
 * How requests lie in the requests table. Everything about a request that must change together
 * is in one partition, `requests`, so that a transaction can move it: the request row (its id),
 * and the rows that index it newest first, among the active ones, by card token and by target.
 * Steps live in a partition per request (`steps|<id>`); run leases in `leases`.
 */
export const REQUESTS_PARTITION = 'requests';
export const LEASES_PARTITION = 'leases';

/** A request row that holds an id while its steps and index rows are written. */
export const RESERVED = 'creating';

/** Statuses with a row in the active index: few, read often (pending list, runnable work). */
export const ACTIVE_STATUSES: readonly RequestStatus[] = ['opened', 'approved', 'running'];
export const isActive = (status: unknown): boolean =>
  ACTIVE_STATUSES.includes(status as RequestStatus);

export const requestKey = (id: string): string => key('id', id);
export const activeKey = (id: string): string => key('active', id);
export const timeKeyOf = (id: string, createdAt: string): string =>
  key('time', newestFirstKey(Date.parse(createdAt)), id);
export const tokenKey = (token: string): string => key('token', hashedKeyPart(token));
export const targetPrefix = (targetId: string): string => key('target', targetId, '');
export const stepsPartition = (requestId: string): string => key('steps', requestId);
export const stepKey = (s: Pick<StepState, 'targetId' | 'step'>): string => key(s.targetId, s.step);

type Row = TableEntity<Record<string, unknown>>;

export const requestRow = (request: RevocationRequest): Row => ({
  partitionKey: REQUESTS_PARTITION,
  rowKey: requestKey(request.id),
  status: request.status,
  version: request.version,
  createdAt: request.createdAt,
  ...jsonProperties('body', request),
});

/** The index rows carry what list queries filter and sort on; the body stays in one place. */
const indexRow = (rowKey: string, request: RevocationRequest, createdAt: string): Row => ({
  partitionKey: REQUESTS_PARTITION,
  rowKey,
  requestId: request.id,
  status: request.status,
  createdAt,
});

export const timeRow = (request: RevocationRequest, createdAt: string): Row =>
  indexRow(timeKeyOf(request.id, createdAt), request, createdAt);

export const activeRow = (request: RevocationRequest, createdAt: string): Row =>
  indexRow(activeKey(request.id), request, createdAt);

export const tokenRow = (request: RevocationRequest): Row => ({
  partitionKey: REQUESTS_PARTITION,
  rowKey: tokenKey(request.token),
  requestId: request.id,
});

export const targetRow = (request: RevocationRequest, targetId: string): Row => ({
  partitionKey: REQUESTS_PARTITION,
  rowKey: `${targetPrefix(targetId)}${key(newestFirstKey(Date.parse(request.createdAt)), request.id)}`,
  requestId: request.id,
});

export const stepRow = (step: StepState, seq: number): Row => ({
  partitionKey: stepsPartition(step.requestId),
  rowKey: stepKey(step),
  seq,
  status: step.status,
  version: step.version,
  ...jsonProperties('body', step),
});

export const parseRequest = (row: Readonly<Record<string, unknown>>): RevocationRequest =>
  parseJsonProperties<RevocationRequest>(row, 'body')!;

export const parseStep = (row: Readonly<Record<string, unknown>>): StepState =>
  parseJsonProperties<StepState>(row, 'body')!;
