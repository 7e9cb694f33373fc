import { expandTemplate } from '../../../../src/teams/cards/card-template';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('expandTemplate', () => {
  describe('bindings in strings', () => {
    it('interpolates values into text', () => {
      const data = { user: { name: 'Ava' }, count: 3, open: true };
      expect(expandTemplate('Hi ${user.name}: ${count} open is ${open}', data)).toBe(
        'Hi Ava: 3 open is true',
      );
    });

    it.each([
      ['a number', 42],
      ['a boolean', false],
      ['a string', 'text'],
      ['an array', ['29:a', '29:b']],
      ['an object', { token: 't', nested: [1, { x: null }] }],
    ])('keeps the type of %s when the string is exactly one binding', (_, value) => {
      expect(expandTemplate({ v: '${value}' }, { value })).toEqual({ v: value });
    });

    it('copies a bound array or object instead of sharing it with the data', () => {
      const data = { ids: ['29:a'], token: { t: 'x' } };
      const card = expandTemplate({ ids: '${ids}', token: '${token}' }, data) as {
        ids: string[];
        token: object;
      };
      expect(card.ids).not.toBe(data.ids);
      expect(card.token).not.toBe(data.token);
    });

    it('makes a string of two bindings side by side, and allows spaces inside ${ }', () => {
      expect(expandTemplate('${ a }${b}', { a: 1, b: 2 })).toBe('12');
    });

    it('leaves strings without a binding, a lone $ and a lone } alone', () => {
      const template = { a: 'costs $5 {really}', b: 7, c: null, d: true };
      expect(expandTemplate(template, {})).toEqual(template);
    });

    it('inserts values verbatim and never expands a ${...} that comes from the data', () => {
      const data = { reason: '${token} [x](y) **b**', token: 'secret' };
      expect(expandTemplate('${reason}', data)).toBe('${token} [x](y) **b**');
      expect(expandTemplate('Reason: ${reason}', data)).toBe('Reason: ${token} [x](y) **b**');
    });
  });

  describe('$data', () => {
    it('repeats an array element once per item, in order, with $index and $root', () => {
      const template = {
        body: [
          { type: 'Header' },
          { $data: '${people}', text: '${$index}. ${name} (${$root.team})' },
          { type: 'Footer' },
        ],
      };
      const data = { team: 'SOC', people: [{ name: 'Ava' }, { name: 'Noah' }] };
      expect(expandTemplate(template, data)).toEqual({
        body: [
          { type: 'Header' },
          { text: '0. Ava (SOC)' },
          { text: '1. Noah (SOC)' },
          { type: 'Footer' },
        ],
      });
    });

    it('removes the element for an empty array, leaving a valid (possibly empty) array', () => {
      expect(expandTemplate({ items: [{ $data: '${none}', t: '${x}' }] }, { none: [] })).toEqual({
        items: [],
      });
    });

    it('gives $index the innermost repetition', () => {
      const template = [
        { $data: '${rows}', cells: [{ $data: '${cells}', text: '${$index}:${$data}' }] },
      ];
      const data = { rows: [{ cells: ['a', 'b'] }, { cells: ['c'] }] };
      expect(expandTemplate(template, data)).toEqual([
        { cells: [{ text: '0:a' }, { text: '1:b' }] },
        { cells: [{ text: '0:c' }] },
      ]);
    });

    it('binds the scope of an object to a non-array $data, keeping the outer $index', () => {
      const template = [
        { $data: '${items}', inner: { $data: '${detail}', text: '${$index} ${v}' } },
      ];
      const data = { items: [{ detail: { v: 'x' } }, { detail: { v: 'y' } }] };
      expect(expandTemplate(template, data)).toEqual([
        { inner: { text: '0 x' } },
        { inner: { text: '1 y' } },
      ]);
    });

    it('reads primitive items through $data', () => {
      expect(expandTemplate([{ $data: '${w}', text: '⚠ ${$data}' }], { w: ['a', 'b'] })).toEqual([
        { text: '⚠ a' },
        { text: '⚠ b' },
      ]);
    });

    it('drops null elements of arrays, as the official engine does', () => {
      expect(expandTemplate([1, null, '${n}'], { n: 2 })).toEqual([1, 2]);
    });
  });

  describe('$when', () => {
    const data = { yes: true, no: false, status: 'opened' };

    it.each([
      ['${yes}', true],
      ['${no}', false],
      ['${!yes}', false],
      ['${ ! no }', true],
      ["${status == 'opened'}", true],
      ["${status=='closed'}", false],
      ["${status != 'opened'}", false],
      ["${ status != 'closed' }", true],
    ])('%s keeps the element: %s', (when, kept) => {
      const expanded = expandTemplate([{ $when: when, text: 'x' }], data);
      expect(expanded).toEqual(kept ? [{ text: 'x' }] : []);
    });

    it('is evaluated per repeated item, in the item scope', () => {
      const template = [{ $data: '${steps}', $when: '${shown}', text: '${$index} ${title}' }];
      const steps = [
        { shown: true, title: 'a' },
        { shown: false, title: 'b' },
        { shown: true, title: 'c' },
      ];
      expect(expandTemplate(template, { steps })).toEqual([{ text: '0 a' }, { text: '2 c' }]);
    });

    it('allows a } inside a quoted literal', () => {
      expect(expandTemplate([{ $when: "${s == '}'}", t: 1 }], { s: '}' })).toEqual([{ t: 1 }]);
    });
  });

  describe('rejects what it does not support, naming the place', () => {
    it.each([
      ['an unknown field', { a: '${missing}' }, /at \$\.a: .*no field "missing"/],
      ['a null value', { a: '${nothing}' }, /\$\{nothing\} is null/],
      ['a field of a string', { a: '${name.first}' }, /cannot read "first" of string/],
      ['a function call', { a: "${formatDateTime(at, 'u')}" }, /unsupported expression/],
      ['an operator', { a: '${count + 1}' }, /unsupported expression/],
      ['index access', { a: '${ids[0]}' }, /unsupported expression/],
      ['a condition outside $when', { a: '${!flag}' }, /expected a path/],
      ['an object inside text', { a: 'x ${obj}' }, /cannot go inside text/],
      ['an unterminated ${', { a: 'x ${name' }, /unterminated/],
      ['$index outside a repetition', { a: '${$index}' }, /outside a repeated \$data/],
      ['a field of $index', [{ $data: '${ids}', a: '${$index.x}' }], /\$index has no fields/],
      ['an unknown scope', { a: '${$host.x}' }, /unknown scope \$host/],
      ['a prototype field', { a: '${constructor}' }, /no field "constructor"/],
      ['a field that differs in case', { a: '${Name}' }, /no field "Name"/],
      [
        'a $when on a property',
        { refresh: { $when: '${flag}', x: 1 } },
        /only on elements of an array/,
      ],
      ['a $when at the root', { $when: '${flag}', x: 1 }, /only on elements of an array/],
      ['an array $data on a property', { p: { $data: '${ids}' } }, /repeats only elements/],
      ['a literal $data', [{ $data: [1, 2], t: 'x' }], /exactly one \$\{...\} expression/],
      ['text around $data', [{ $data: 'x${ids}', t: 'x' }], /exactly one/],
      ['a non-boolean $when', [{ $when: '${name}', t: 'x' }], /needs a boolean, got string/],
      ['a missing $when field', [{ $when: '${gone}', t: 'x' }], /no field "gone"/],
      ['== on a non-string', [{ $when: "${flag == 'true'}", t: 'x' }], /compare strings/],
      ['a double-quoted literal', [{ $when: '${name == "Ava"}', t: 'x' }], /unsupported/],
      ['a $root property', { $root: 'x' }, /reserved/],
      ['an array in an array', ['${ids}'], /array inside an array/],
    ])('%s', (_, template, message) => {
      const data = {
        name: 'Ava',
        ids: ['a'],
        flag: true,
        count: 1,
        obj: { a: 1 },
        nothing: null,
      };
      expect(() => expandTemplate(template, data)).toThrow(message);
    });

    it('refuses a field name that is ambiguous by case (the official engine ignores case)', () => {
      expect(() => expandTemplate('${name}', { name: 'a', Name: 'b' })).toThrow(/ambiguous/);
    });

    it('refuses data that is not JSON', () => {
      expect(() => expandTemplate({ a: '${d}' }, { d: new Date(0) })).toThrow(/not JSON/);
      expect(() => expandTemplate({ a: '${f}' }, { f: () => 1 })).toThrow(/not JSON/);
    });

    it('names the repeated element in the message', () => {
      const template = { body: [{ $data: '${items}', text: '${gone}' }] };
      expect(() => expandTemplate(template, { items: [{}] })).toThrow(
        'Card template error at $.body[0].text: ${gone}: no field "gone"',
      );
    });
  });

  it('mutates neither the template nor the data', () => {
    const template = deepFreeze({
      body: [
        { $data: '${items}', $when: '${show}', text: '${label}', ids: '${ids}' },
        { $when: '${!hide}', text: 'static' },
      ],
    });
    const data = deepFreeze({
      hide: false,
      items: [{ show: true, label: 'a', ids: ['1'] }],
    });
    const before = JSON.stringify({ template, data });
    const card = expandTemplate(template, data) as { body: Array<{ ids?: string[] }> };
    card.body[0]!.ids!.push('mutated');
    expect(JSON.stringify({ template, data })).toBe(before);
  });

  it('expands the example from the official templating documentation identically', () => {
    const template = {
      type: 'AdaptiveCard',
      version: '1.2',
      body: [
        { type: 'TextBlock', text: '${firstName} ${lastName}' },
        { type: 'TextBlock', $data: '${children}', text: '${fullName} (${age})' },
      ],
    };
    const data = {
      firstName: 'John',
      lastName: 'Doe',
      children: [
        { fullName: 'Jane Doe', age: 9 },
        { fullName: 'Alex Doe', age: 12 },
      ],
    };
    expect(expandTemplate(template, data)).toEqual({
      type: 'AdaptiveCard',
      version: '1.2',
      body: [
        { type: 'TextBlock', text: 'John Doe' },
        { type: 'TextBlock', text: 'Jane Doe (9)' },
        { type: 'TextBlock', text: 'Alex Doe (12)' },
      ],
    });
  });
});
