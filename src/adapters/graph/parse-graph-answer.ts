import { type z } from 'zod';
import { DomainError } from '../../domain/errors';
import { GRAPH_OPERATIONS, type GraphOperation } from './graph-operations';

/**
 * Checks a Graph answer against a zod schema, as graph-mappers.ts does: an answer of the wrong
 * shape is GRAPH_UNEXPECTED_RESPONSE. The detail names paths and zod's messages, never values.
 */
export function parseGraphAnswer<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
  operation: GraphOperation,
): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw unexpectedGraphAnswer(operation, detail);
  }
  return result.data;
}

export function unexpectedGraphAnswer(operation: GraphOperation, detail: string): DomainError {
  return new DomainError(
    'GRAPH_UNEXPECTED_RESPONSE',
    { operation: GRAPH_OPERATIONS[operation].does },
    { detail },
  );
}
