/**
 * Table Storage caps a string property at 64 KiB, counted in UTF-16 (32,768 characters), and an
 * entity at 1 MiB. JSON longer than one property is split over `name`, `name1`, `name2`…
 */
const CHUNK = 30_000;
/** Stays under the entity limit with room for the other properties. */
const MAX_CHUNKS = 15;

type Properties = Record<string, string | number>;

/**
 * `value` as JSON in as many properties as it needs; `${name}Parts` says how many. The JSON is
 * ASCII: every other character is escaped (\uXXXX), which parses back to the same value and
 * survives any hop that splits a UTF-8 sequence between two chunks of a body. Azurite does
 * exactly that to request bodies over 64 KiB, which would break the audit trail's hashes.
 */
export function jsonProperties(name: string, value: unknown): Properties {
  const text = asciiJson(value);
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK) parts.push(text.slice(at, at + CHUNK));
  if (parts.length > MAX_CHUNKS) {
    throw new Error(
      `${name} is too large for one table entity (${text.length} characters of JSON)`,
    );
  }
  const properties: Properties = { [name]: parts[0] ?? '', [`${name}Parts`]: parts.length };
  parts.slice(1).forEach((part, i) => (properties[`${name}${i + 1}`] = part));
  return properties;
}

/** Reads back what `jsonProperties` wrote; undefined when the entity has no such value. */
export function parseJsonProperties<T>(
  entity: Readonly<Record<string, unknown>>,
  name: string,
): T | undefined {
  const count = entity[`${name}Parts`];
  if (typeof count !== 'number' || typeof entity[name] !== 'string') return undefined;
  let text = entity[name];
  for (let i = 1; i < count; i++) {
    const part = entity[`${name}${i}`];
    if (typeof part !== 'string') throw new Error(`${name} is missing part ${i} of ${count}`);
    text += part;
  }
  return JSON.parse(text) as T;
}

const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
