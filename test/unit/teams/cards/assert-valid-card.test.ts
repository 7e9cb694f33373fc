import { VERBS } from '../../../../src/teams/cards/verbs';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';

type Card = Record<string, unknown>;

const execute = (change: Card = {}): Card => ({
  type: 'Action.Execute',
  title: 'Approve',
  verb: VERBS.approve,
  data: { token: 'tok' },
  ...change,
});

const card = (change: Card = {}): Card => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Hello', wrap: true }],
  actions: [execute()],
  ...change,
});

const text = (value: string): Card => ({ type: 'TextBlock', text: value, wrap: true });

/** The helper must catch what it promises, or the renderer tests prove nothing. */
describe('assertValidTeamsCard', () => {
  it('accepts a valid card, with a refresh and a form submit', () => {
    const refresh = {
      action: execute({ verb: VERBS.refresh, title: 'Refresh' }),
      userIds: Array.from({ length: 60 }, (_, i) => `29:user-${i}`),
    };
    const submit = execute({ title: 'Open request', verb: VERBS.submitRequest, data: {} });
    expect(() =>
      assertValidTeamsCard(card({ refresh, actions: [execute(), submit] })),
    ).not.toThrow();
    expect(() => assertValidTeamsCard(card(), { token: 'tok' })).not.toThrow();
  });

  it.each<[string, Card, RegExp]>([
    ['an unknown element type', { body: [{ type: 'Marquee', text: 'x' }] }, /Unknown element type/],
    ['an invalid property value', { body: [{ ...text('x'), color: 'Purple' }] }, /Invalid value/],
    [
      'duplicate ids',
      {
        body: [
          { ...text('a'), id: 'x' },
          { ...text('b'), id: 'x' },
        ],
      },
      /Duplicate Id/,
    ],
    ['an unsupported version', { version: '2.0' }, /not supported|not "1.5"/],
    ['version 1.4', { version: '1.4' }, /not "1.5"/],
    ['a TextBlock that does not wrap', { body: [{ type: 'TextBlock', text: 'x' }] }, /wrap/],
    ['an Action.Submit', { actions: [{ type: 'Action.Submit', title: 'Go' }] }, /Action.Submit/],
    [
      'an Action.OpenUrl hidden in a selectAction',
      {
        body: [
          {
            type: 'Container',
            items: [text('x')],
            selectAction: { type: 'Action.OpenUrl', url: 'https://x' },
          },
        ],
      },
      /Action.OpenUrl/,
    ],
    ['an action without a title', { actions: [execute({ title: ' ' })] }, /no title/],
    ['a verb not in VERBS', { actions: [execute({ verb: 'approve' })] }, /not in VERBS/],
    ['an action without a verb', { actions: [execute({ verb: undefined })] }, /not in VERBS/],
    [
      'data with an identity',
      { actions: [execute({ data: { token: 't', approverId: 'a' } })] },
      /exactly \{ token \}/,
    ],
    ['data without a token', { actions: [execute({ data: {} })] }, /exactly \{ token \}/],
    ['an empty token', { actions: [execute({ data: { token: '' } })] }, /exactly \{ token \}/],
    [
      'a form submit with data',
      { actions: [execute({ verb: VERBS.submitRequest, data: { token: 't' } })] },
      /must be \{\}/,
    ],
    [
      'a refresh for 61 users',
      {
        refresh: {
          action: execute({ verb: VERBS.refresh }),
          userIds: Array.from({ length: 61 }, (_, i) => `29:${i}`),
        },
      },
      /at most 60/,
    ],
    [
      'a refresh with another verb',
      { refresh: { action: execute(), userIds: [] } },
      /VERBS.refresh/,
    ],
    ['more than 28 KB', { body: [text('x'.repeat(29 * 1024))] }, /over 28672/],
    ['a word joiner in a TextBlock', { body: [text('adele.\u2060vance')] }, /invisible/],
    [
      'a zero-width space in a TextRun',
      { body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'a\u200Bb' }] }] },
      /invisible/,
    ],
    [
      'a byte-order mark in a fact',
      { body: [{ type: 'FactSet', facts: [{ title: 'UPN', value: '\uFEFFa@b.com' }] }] },
      /invisible/,
    ],
    [
      'a bare string inline',
      { body: [{ type: 'RichTextBlock', inlines: ['plain'] }] },
      /not a TextRun object/,
    ],
  ])('rejects %s', (_, change, message) => {
    expect(() => assertValidTeamsCard(card(change))).toThrow(message);
  });

  it('accepts an invisible character in an input value: it holds what was typed', () => {
    const typed = { type: 'Input.Text', id: 'users', label: 'Users', value: 'a\u200B@b.com' };
    expect(() => assertValidTeamsCard(card({ body: [typed] }))).not.toThrow();
  });

  it('rejects a token other than the expected one', () => {
    expect(() => assertValidTeamsCard(card(), { token: 'other' })).toThrow(/exactly \{ token \}/);
  });
});
