import {
  jsonProperties,
  parseJsonProperties,
} from '../../../../src/adapters/storage/table-json-properties';

/** Table Storage refuses a string property over 64 KiB of UTF-16: 32,768 characters. */
const MAX_PROPERTY_CHARACTERS = 32_768;

describe('jsonProperties', () => {
  it('round-trips a small value in one property', () => {
    const value = { a: 1, b: ['x', null], c: { d: true } };
    const properties = jsonProperties('body', value);
    expect(Object.keys(properties)).toEqual(['body', 'bodyParts']);
    expect(parseJsonProperties(properties, 'body')).toEqual(value);
  });

  it('splits long JSON over properties that each fit, and reads it back whole', () => {
    const value = {
      reason: 'x'.repeat(100_000),
      devices: Array.from({ length: 500 }, (_, i) => i),
    };
    const properties = jsonProperties('body', value);
    expect(properties.bodyParts).toBe(4);
    for (const [name, part] of Object.entries(properties))
      if (typeof part === 'string')
        expect([name, part.length <= MAX_PROPERTY_CHARACTERS]).toEqual([name, true]);
    expect(parseJsonProperties(properties, 'body')).toEqual(value);
  });

  it('stores ASCII only, so no UTF-8 sequence can be split in transit, and parses back the same text', () => {
    const text = `Überprüfung 漢字 🖥️ ${'é🎣'.repeat(20_000)} \u2028 \u0000`;
    const properties = jsonProperties('body', { text });
    for (const part of Object.values(properties))
      if (typeof part === 'string') expect(part).toMatch(/^[\x20-\x7e]*$/);
    expect(parseJsonProperties<{ text: string }>(properties, 'body')!.text).toBe(text);
  });

  it('refuses a value too large for one entity instead of writing part of it', () => {
    expect(() => jsonProperties('body', 'x'.repeat(600_000))).toThrow(
      /too large for one table entity/,
    );
  });

  it('reads nothing from an entity without the value, and notices a missing part', () => {
    expect(parseJsonProperties({}, 'body')).toBeUndefined();
    const properties = jsonProperties('body', 'x'.repeat(70_000));
    delete properties.body1;
    expect(() => parseJsonProperties(properties, 'body')).toThrow(/missing part 1 of 3/);
  });
});
