import { setTimeout as sleep } from 'node:timers/promises';
import { withLogFields } from '../../../../src/adapters/log/log-scope';
import { JsonLogger } from '../../../../src/adapters/log/json-logger';

function capture() {
  const lines: string[] = [];
  const logger = new JsonLogger({ level: 'debug', write: (line) => lines.push(line) });
  return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('withLogFields', () => {
  it('adds its fields to lines logged inside it, through awaits, and not outside', async () => {
    const { logger, records } = capture();
    await withLogFields({ correlationId: 'c-1' }, async () => {
      logger.info('before');
      await sleep(1);
      logger.child({ requestId: 'LD-7K3M9Q' }).info('after');
    });
    logger.info('outside');
    expect(records()).toMatchObject([
      { msg: 'before', correlationId: 'c-1' },
      { msg: 'after', correlationId: 'c-1', requestId: 'LD-7K3M9Q' },
      { msg: 'outside' },
    ]);
    expect(records()[2]).not.toHaveProperty('correlationId');
  });

  it('keeps concurrent scopes apart', async () => {
    const { logger, records } = capture();
    await Promise.all(
      ['a', 'b'].map((id, i) =>
        withLogFields({ correlationId: id }, async () => {
          await sleep(5 - i * 4);
          logger.info(id);
        }),
      ),
    );
    expect(records().map((r) => [r.msg, r.correlationId])).toEqual([
      ['b', 'b'],
      ['a', 'a'],
    ]);
  });

  it('lets inner scopes add fields, and fields the line names win', () => {
    const { logger, records } = capture();
    withLogFields({ correlationId: 'c-1', skipped: undefined }, () =>
      withLogFields({ inboundActivityId: 'act-1' }, () =>
        logger.info('line', { correlationId: 'explicit' }),
      ),
    );
    expect(records()).toEqual([
      expect.objectContaining({ correlationId: 'explicit', inboundActivityId: 'act-1' }),
    ]);
    expect(records()[0]).not.toHaveProperty('skipped');
  });

  it('redacts scoped fields like any other', () => {
    const { logger, records } = capture();
    withLogFields({ token: 'secret-value' }, () => logger.info('line'));
    expect(records()[0]).toMatchObject({ token: '[redacted]' });
  });
});
