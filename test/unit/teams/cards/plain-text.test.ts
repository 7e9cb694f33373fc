import { plainText } from '../../../../src/teams/cards/plain-text';

/** Zero-width characters and the look-alikes the old markdown defence put into text. */
const INSERTED = /[\u200B\u2060\uFEFF\u2217\u02CD\u223C\u02CB]/;

describe('plainText', () => {
  it.each([
    ['a markdown link', '[click](https://evil.example/login)'],
    ['a link in a display name', '**[Approve here](https://evil)**'],
    ['an image', '![x](https://evil/pixel.png)'],
    ['an autolink', '<https://evil.example>'],
    ['bold, italics, code and strike-through', '**urgent** *now* __this__ `rm -rf` ~~old~~'],
    ['a list item', '- item'],
    ['a numbered step', '1. step'],
    ['a heading', '# Approved'],
    ['a UPN and a domain', '"adele.vance@contoso" is not a UPN; try adele.vance@contoso.com.'],
    ['a Graph error code', 'Authorization_RequestDenied (Graph request-id 0f1e2d3c)'],
  ])('leaves %s byte for byte: it is not a markdown defence', (_, input) => {
    expect(plainText(input)).toBe(input);
  });

  it('never inserts invisible or look-alike characters', () => {
    const safe = plainText(
      'see evil.example.com, a_b, _x_ *y* ~z~ `c` [a](b://c) ops@contoso.com.',
    );
    expect(safe).not.toMatch(INSERTED);
  });

  it('collapses whitespace and new lines, and removes control and bidi characters', () => {
    expect(plainText('  a\r\n\tb\u0007c \u202Eevil\u202C  ')).toBe('a b c evil');
    expect(plainText('x\u2066y\u2069z')).toBe('xyz');
    expect(plainText('fine\n- item\n1. step')).toBe('fine - item 1. step');
  });

  it('removes zero-width spaces, word joiners and byte-order marks, so copies match', () => {
    expect(plainText('\uFEFFadele.\u2060vance@\u200Bcontoso.com')).toBe('adele.vance@contoso.com');
  });

  it('keeps zero-width joiners, which emoji and some scripts need', () => {
    expect(plainText('👩\u200D💻 Ava')).toBe('👩\u200D💻 Ava');
  });

  it('clips to the maximum length with an ellipsis, without cutting an emoji in half', () => {
    expect(plainText('abcdef', 4)).toBe('abc…');
    expect(plainText('🔥'.repeat(10), 3)).toBe('🔥🔥…');
    expect(plainText('abc', 3)).toBe('abc');
  });

  it.each([
    '[click](https://evil)',
    '- a.b.c **x** _y_',
    ' 1.  one\n',
    'plain',
    'x\u2060y',
    'abcdef',
  ])('is idempotent for %j', (input) => {
    const once = plainText(input);
    expect(plainText(once)).toBe(once);
    const clipped = plainText(input, 5);
    expect(plainText(clipped, 5)).toBe(clipped);
  });
});
