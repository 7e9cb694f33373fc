import { JsonLogger } from '../../../../src/adapters/log/json-logger';
import { OneTimeSecret } from '../../../../src/domain/directory/directory-mutation';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4eXoiLCJyb2xlcyI6W119.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

function capture() {
  const lines: string[] = [];
  const logger = new JsonLogger({
    level: 'debug',
    write: (line) => lines.push(line),
    now: () => new Date('2026-11-22T10:00:00Z'),
  });
  return {
    logger,
    lines,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level and message', () => {
    const { logger, records } = capture();
    logger.info('started', { port: 3978 });
    expect(records()).toEqual([
      { time: '2026-11-22T10:00:00.000Z', level: 'info', msg: 'started', port: 3978 },
    ]);
  });

  it('adds bound fields to every line of a child', () => {
    const { logger, records } = capture();
    logger.child({ correlationId: 'c-1' }).warn('slow');
    expect(records()[0]).toMatchObject({ correlationId: 'c-1', msg: 'slow' });
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    new JsonLogger({ level: 'warn', write: (l) => lines.push(l) }).info('quiet');
    expect(lines).toEqual([]);
  });

  it('redacts secrets by key name and by shape, wherever they hide', () => {
    const { logger, lines } = capture();
    logger.error(`call failed with Bearer ${JWT}`, {
      password: 'Hunter2!',
      headers: { Authorization: 'Bearer abc.def', 'x-ok': 'fine' },
      clientState: 'state-secret',
      nested: { list: [`token=${JWT}`] },
      link: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=SECRETTOKEN123',
      secret: new OneTimeSecret('P@ssw0rd-one-time'),
      error: new Error(`boom ${JWT}`),
    });
    const text = lines.join('\n');
    for (const leaked of [
      'Hunter2!',
      'abc.def',
      'state-secret',
      JWT,
      'SECRETTOKEN123',
      'P@ssw0rd-one-time',
    ]) {
      expect(text).not.toContain(leaked);
    }
    expect(text).toContain('fine');
  });
});
