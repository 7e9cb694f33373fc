import fs from 'node:fs';
import path from 'node:path';
import { DomainError, ERRORS, renderUserMessage, type ErrorCode } from '../../../src/domain/errors';

const DOC = path.join(__dirname, '../../../docs/errors.md');

/** Rows of the catalogue table in docs/errors.md: | `CODE` | kind | retryable | message | */
function documentedRows(): Map<string, { kind: string; retryable: string; message: string }> {
  const rows = new Map<string, { kind: string; retryable: string; message: string }>();
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    const match = /^\| `([A-Z_]+)` \| ([a-z-]+) \| (yes|no) \| (.+) \|$/.exec(line.trim());
    if (match) rows.set(match[1]!, { kind: match[2]!, retryable: match[3]!, message: match[4]! });
  }
  return rows;
}

describe('error catalogue', () => {
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it('documents every code in docs/errors.md, with nothing stale there', () => {
    expect([...documentedRows().keys()].sort()).toEqual([...codes].sort());
  });

  it.each(codes)('documents %s with its kind, retry flag and exact user message', (code) => {
    const row = documentedRows().get(code)!;
    expect(row.kind).toBe(ERRORS[code].kind);
    expect(row.retryable).toBe(ERRORS[code].retryable ? 'yes' : 'no');
    expect(row.message).toBe(ERRORS[code].userMessage.replace(/\|/g, '\\|'));
  });

  it('gives every code a non-empty user message that ends a sentence', () => {
    for (const code of codes) expect(ERRORS[code].userMessage).toMatch(/\S.*[.)]$/);
  });

  it('keeps the user message apart from the log message', () => {
    const error = new DomainError(
      'GRAPH_BAD_REQUEST',
      { operation: 'read the user', graphCode: 'Request_BadRequest' },
      { detail: 'internal body text' },
    );
    expect(error.userMessage).toBe(
      'Microsoft Graph rejected the request to read the user (Request_BadRequest).',
    );
    expect(error.userMessage).not.toContain('internal body text');
    expect(error.message).toContain('internal body text');
    expect(error.code).toBe('GRAPH_BAD_REQUEST');
    expect(error.kind).toBe('upstream');
  });

  it('strips control characters and shortens long parameters', () => {
    const rendered = renderUserMessage('x {a} y', { a: `bad\u0000\n${'z'.repeat(200)}` });
    // eslint-disable-next-line no-control-regex
    expect(rendered).not.toMatch(/[\u0000-\u001f]/);
    expect(rendered.length).toBeLessThan(100);
  });

  it('leaves an unknown placeholder visible rather than inventing a value', () => {
    expect(renderUserMessage('{missing} here', {})).toBe('{missing} here');
  });
});
