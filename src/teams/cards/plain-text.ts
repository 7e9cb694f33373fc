/**
 * Characters that reorder or hide text: bidi embeddings, overrides and isolates (so a name cannot
 * make what follows it read backwards), and the zero-width space, word joiner and byte-order mark
 * (so text copied from a card is what it looks like). Zero-width joiners stay: emoji and some
 * scripts need them.
 */
const HIDDEN = /[\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Tidies text that came from people, the directory or Graph (a reason, a display name, a device
 * name, a message that may quote what someone typed) before it goes on a card: control, bidi and
 * zero-width characters are removed, whitespace (new lines too) collapses to single spaces, and
 * the result is clipped to `maxLength` characters, so one long value cannot push a card over
 * Teams' size limit. It is idempotent.
 *
 * It is not a markdown defence and changes nothing a reader sees: `[click](https://evil)` and
 * `adele.vance@contoso.com` come out byte for byte. The defence is where the text goes: only into
 * a RichTextBlock's TextRun (never read as markdown) or an input's value, never into a TextBlock,
 * a FactSet or a choice title, which Teams renders as markdown.
 *
 * Identifiers people copy (UPNs, object ids, request ids) are validated elsewhere and shown as
 * they are; the value of an input must stay what was typed. Neither goes through here.
 */
export function plainText(value: string, maxLength = 500): string {
  const flat = value.replace(HIDDEN, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return clip(flat, maxLength);
}

/** At most `maxLength` characters (code points, so an emoji is never cut in half). */
function clip(text: string, maxLength: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxLength) return text;
  return `${characters
    .slice(0, Math.max(0, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}
