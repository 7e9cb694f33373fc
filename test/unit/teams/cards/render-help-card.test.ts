import { type HelpView } from '../../../../src/teams/cards/card-views';
import { renderHelpCard } from '../../../../src/teams/cards/render-help-card';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';
import { markdownTexts, ofType, textRuns, visibleText } from './card-inspection';

const COMMANDS: HelpView['commands'] = [
  {
    usage: 'revoke <user> [<user> ...] <reason>',
    description: 'Open a revocation request.',
    example: 'revoke alice@contoso.com phishing, see INC-4411',
  },
  {
    usage: 'status [<request-id> | <user>]',
    description: 'Show a request.',
    example: 'status LD-7K3M9Q',
  },
  { usage: 'help', description: 'This help.', example: 'help' },
];

describe('renderHelpCard', () => {
  it("shows each command's usage and example as literal text, and its description", () => {
    const card = renderHelpCard({ commands: COMMANDS, warnings: [] });
    assertValidTeamsCard(card);
    expect(ofType(card, 'Container')).toHaveLength(3);
    const runs = ofType(card, 'TextRun').map((run) => run['text']);
    expect(runs).toEqual(
      expect.arrayContaining([
        'revoke <user> [<user> ...] <reason>',
        'revoke alice@contoso.com phishing, see INC-4411',
        'status [<request-id> | <user>]',
      ]),
    );
    expect(visibleText(card)).toContain('Open a revocation request.');
    expect(visibleText(card)).not.toContain('Missing permissions');
  });

  it('warns about each missing permission, verbatim so it can be copied', () => {
    const warnings = ["Lockdown's Graph identity lacks the User.RevokeSessions.All permission."];
    const card = renderHelpCard({ commands: COMMANDS, warnings });
    assertValidTeamsCard(card);
    expect(ofType(card, 'Container').some((c) => c['style'] === 'attention')).toBe(true);
    expect(textRuns(card)).toContain(`⚠ ${warnings[0]}`);
    expect(markdownTexts(card).join('\n')).not.toContain('User.RevokeSessions.All');
  });

  it('opens with the intro, showing what someone typed literally, in a TextRun only', () => {
    const intro = 'I did not understand "[free](https://evil) **gift**". Here is what I can do:';
    const card = renderHelpCard({ intro, commands: COMMANDS, warnings: [] });
    assertValidTeamsCard(card);
    expect(textRuns(card)).toContain(intro);
    expect(markdownTexts(card).join('\n')).not.toMatch(/evil|gift/);
  });

  it('tidies the intro: one line, at most 300 characters', () => {
    const card = renderHelpCard({ intro: `a\n\nb ${'x'.repeat(400)}`, commands: [], warnings: [] });
    assertValidTeamsCard(card);
    const [intro] = textRuns(card);
    expect(intro).toMatch(/^a b x+…$/);
    expect(Array.from(intro ?? '')).toHaveLength(300);
  });
});
