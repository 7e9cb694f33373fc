// Readable request ids (SPEC §2: "short and readable (e.g. LD-7K3M9Q)").
import {
  REQUEST_ID_ALPHABET,
  isRequestId,
  toRequestId,
} from '../../../../src/domain/revocation/request-id';

describe('REQUEST_ID_ALPHABET', () => {
  it('has 32 distinct characters and none that people misread (I, L, O, U)', () => {
    expect(REQUEST_ID_ALPHABET).toHaveLength(32);
    expect(new Set(REQUEST_ID_ALPHABET).size).toBe(32);
    expect(REQUEST_ID_ALPHABET).not.toMatch(/[ILOU]/);
    expect(REQUEST_ID_ALPHABET).toMatch(/^[0-9A-Z]+$/);
  });

  it.each([...REQUEST_ID_ALPHABET])('accepts %s in every position', (c) => {
    expect(isRequestId(`LD-${c.repeat(6)}`)).toBe(true);
  });
});

describe('isRequestId', () => {
  it.each([
    ['the SPEC example', 'LD-7K3M9Q'],
    ['lower case, as people type it', 'ld-7k3m9q'],
    ['mixed case', 'Ld-7k3M9q'],
    ['all digits', 'LD-000000'],
  ])('accepts %s', (_, value) => {
    expect(isRequestId(value)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['no prefix', '7K3M9Q'],
    ['another prefix', 'XX-7K3M9Q'],
    ['no dash', 'LD7K3M9Q'],
    ['five characters', 'LD-7K3M9'],
    ['seven characters', 'LD-7K3M9QA'],
    ['an I', 'LD-7K3M9I'],
    ['an L', 'LD-7K3M9L'],
    ['an O', 'LD-7K3M9O'],
    ['a U', 'LD-7K3M9U'],
    ['a lower-case l', 'LD-7K3M9l'],
    ['a leading space', ' LD-7K3M9Q'],
    ['a trailing newline', 'LD-7K3M9Q\n'],
    ['a symbol', 'LD-7K3M9$'],
    ['a path', 'LD-7K3M9Q/../x'],
    ['the card token', '3f1c2e4a0b7d4c519e3a2d8b7c6a5f40'],
  ])('refuses %s', (_, value) => {
    expect(isRequestId(value)).toBe(false);
  });
});

describe('toRequestId', () => {
  it.each([
    ['ld-7k3m9q', 'LD-7K3M9Q'],
    ['LD-7K3M9Q', 'LD-7K3M9Q'],
  ])('normalises %s to %s', (typed, id) => {
    expect(toRequestId(typed)).toBe(id);
  });

  it('gives ids that isRequestId accepts for everything isRequestId accepts', () => {
    for (const typed of ['ld-7k3m9q', 'Ld-ABCDEF', 'LD-zzzzzz']) {
      expect(isRequestId(toRequestId(typed))).toBe(true);
    }
  });
});
