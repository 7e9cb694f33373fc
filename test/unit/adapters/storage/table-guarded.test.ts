import { tableGuarded } from '../../../../src/adapters/storage/table-guarded';
import { DomainError } from '../../../../src/domain/errors';

/** What @azure/data-tables throws: a RestError with the service's status and code. */
function restError(message: string, statusCode?: number, code?: string): Error {
  return Object.assign(new Error(message), { name: 'RestError', statusCode, code });
}

describe('tableGuarded', () => {
  it('passes results through', async () => {
    expect(await tableGuarded('read', async () => 42)).toBe(42);
  });

  it.each([
    [
      'a service error',
      restError('Server busy\nRequestId:1', 503, 'ServerBusy'),
      /\(read a request: 503 ServerBusy Server busy\)$/,
    ],
    [
      'a network error',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      /ECONNREFUSED/,
    ],
  ])(
    'turns %s into a retryable STORE_UNAVAILABLE naming the operation',
    async (_case, error, detail) => {
      const thrown = await tableGuarded('read a request', () => Promise.reject(error)).catch(
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, cause: error });
      expect((thrown as Error).message).toMatch(detail);
    },
  );

  it('never repeats a SAS signature from a failed request', async () => {
    const error = restError(
      'Failed GET https://acct.table.core.windows.net/x()?sv=2024-01-01&sig=S1gnatureSecret%2B&se=1',
      403,
    );
    const thrown = await tableGuarded('read', () => Promise.reject(error)).catch((e: unknown) => e);
    expect((thrown as Error).message).not.toContain('S1gnatureSecret');
    expect((thrown as Error).message).toContain('sig=[redacted]');
  });

  it('leaves catalogued errors as they are', async () => {
    const conflict = new DomainError('STORE_CONFLICT', { requestId: 'LD-000001' });
    await expect(tableGuarded('update', () => Promise.reject(conflict))).rejects.toBe(conflict);
  });
});
