import { type RequestFormView } from '../../../../src/teams/cards/card-views';
import { renderRequestFormCard } from '../../../../src/teams/cards/render-request-form-card';
import { VERBS } from '../../../../src/teams/cards/verbs';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';
import { type Json, markdownTexts, ofType, textRuns, visibleText } from './card-inspection';

const view = (change: Partial<RequestFormView> = {}): RequestFormView => ({
  steps: [
    { id: 'disable-account', title: 'Disable account', selected: true },
    { id: 'revoke-sessions', title: 'Revoke sessions', selected: true },
    { id: 'disable-devices', title: 'Disable devices', selected: false },
    { id: 'reset-password', title: 'Reset password', selected: false },
  ],
  maxTargets: 50,
  ...change,
});

const input = (card: unknown, id: string): Json | undefined =>
  [...ofType(card, 'Input.Text'), ...ofType(card, 'Input.ChoiceSet')].find((i) => i['id'] === id);

describe('renderRequestFormCard', () => {
  it('asks for users, a reason and the steps, and submits with the request verb and {}', () => {
    const card = renderRequestFormCard(view());
    assertValidTeamsCard(card);
    expect(input(card, 'users')).toMatchObject({
      isMultiline: true,
      placeholder: 'alice@contoso.com bob@contoso.com',
      isRequired: true,
      errorMessage: 'Enter at least one user.',
      value: '',
    });
    expect(input(card, 'reason')).toMatchObject({
      isRequired: true,
      errorMessage: 'Enter a reason.',
      value: '',
    });
    expect(input(card, 'steps')).toMatchObject({
      isMultiSelect: true,
      style: 'expanded',
      value: 'disable-account,revoke-sessions',
      choices: [
        { title: 'Disable account', value: 'disable-account' },
        { title: 'Revoke sessions', value: 'revoke-sessions' },
        { title: 'Disable devices', value: 'disable-devices' },
        { title: 'Reset password', value: 'reset-password' },
      ],
    });
    expect((card as Json)['actions']).toEqual([
      {
        type: 'Action.Execute',
        title: 'Open request',
        style: 'positive',
        verb: VERBS.submitRequest,
        data: {},
      },
    ]);
    expect(visibleText(card)).toContain('Up to 50 users');
    expect(textRuns(card)).toEqual([]);
  });

  it('comes back with what was typed, verbatim, and the problem in attention colour', () => {
    const typed = 'alice@contoso.com [x](https://evil)\nbob_smith@contoso.com';
    const problem = 'No user [x](https://evil) exists in the directory.';
    const card = renderRequestFormCard(view({ users: typed, reason: '**urgent**', problem }));
    assertValidTeamsCard(card);
    expect(input(card, 'users')?.['value']).toBe(typed);
    expect(input(card, 'reason')?.['value']).toBe('**urgent**');
    expect(ofType(card, 'TextRun')).toEqual([
      { type: 'TextRun', text: `⚠ ${problem}`, color: 'Attention', weight: 'Bolder' },
    ]);
    expect(markdownTexts(card).join('\n')).not.toMatch(/evil|urgent/);
  });

  it('pre-selects nothing when no step is selected, and drops the steps when none are configured', () => {
    const none = renderRequestFormCard(
      view({ steps: view().steps.map((s) => ({ ...s, selected: false })) }),
    );
    assertValidTeamsCard(none);
    expect(input(none, 'steps')?.['value']).toBe('');
    const empty = renderRequestFormCard(view({ steps: [] }));
    assertValidTeamsCard(empty);
    expect(input(empty, 'steps')).toBeUndefined();
  });
});
