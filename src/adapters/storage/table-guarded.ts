import { DomainError } from '../../domain/errors';

/** The HTTP status of a Table Storage failure (RestError), if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Another writer got there first: the row exists (409) or changed since it was read (412). */
export const isLostRace = (error: unknown): boolean => {
  const status = statusOf(error);
  return status === 409 || status === 412;
};

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;

/**
 * Runs a store operation, turning Table Storage and network failures into the catalogue's
 * STORE_UNAVAILABLE. The detail names the operation, the status and the service's code; never
 * the request URL, which carries the signature when a SAS connection string is used.
 */
export async function tableGuarded<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreUnavailable(what, error);
  }
}

export function toStoreUnavailable(what: string, error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const status = statusOf(error);
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  const message = text.split('\n')[0]!.replace(/([?&]sig=)[^&\s]+/gi, '$1[redacted]');
  return new DomainError(
    'STORE_UNAVAILABLE',
    {},
    {
      cause: error,
      detail: `${what}: ${[status, code].filter(Boolean).join(' ')} ${message}`.replace(
        /\s+/g,
        ' ',
      ),
    },
  );
}
