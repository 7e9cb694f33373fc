/**
 * What a person typed, as plain words. Teams sends channel messages with the bot's mention as
 * `<at>Lockdown</at>` and may wrap text in HTML (links, paragraphs, entities); commands are
 * parsed from the text only, never from markup.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

export function commandText(raw: string): string {
  return raw
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(
      /&(#39|amp|lt|gt|quot|apos|nbsp);/gi,
      (_, name: string) => ENTITIES[name.toLowerCase()] ?? ' ',
    )
    .replace(/[\u00a0\u200b-\u200d\u2060\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
