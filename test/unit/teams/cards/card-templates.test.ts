import automationPaused from '../../../../src/teams/cards/automation-paused.card.json';
import help from '../../../../src/teams/cards/help.card.json';
import refusal from '../../../../src/teams/cards/refusal.card.json';
import requestForm from '../../../../src/teams/cards/request-form.card.json';
import requestList from '../../../../src/teams/cards/request-list.card.json';
import request from '../../../../src/teams/cards/request.card.json';
import snapBack from '../../../../src/teams/cards/snap-back.card.json';
import untouchableAlert from '../../../../src/teams/cards/untouchable-alert.card.json';
import { nodes, ofType } from './card-inspection';

const TEMPLATES = {
  request,
  refusal,
  requestList,
  requestForm,
  help,
  untouchableAlert,
  automationPaused,
  snapBack,
};

/** The templates are data that Microsoft's designer can open: the same rules, before binding. */
describe.each(Object.entries(TEMPLATES))('the %s template', (_, template) => {
  it('is an Adaptive Card 1.5 with the schema', () => {
    expect(template).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
    });
  });

  it('uses Universal Actions only, with verbs bound from VERBS rather than written out', () => {
    const types = nodes(template).map((node) => node['type']);
    expect(types).not.toContain('Action.Submit');
    expect(types).not.toContain('Action.OpenUrl');
    for (const action of ofType(template, 'Action.Execute')) {
      expect(action['verb']).toMatch(/^\$\{(\$root\.)?verbs\.\w+\}$/);
    }
  });

  it('wraps every TextBlock', () => {
    for (const block of ofType(template, 'TextBlock')) expect(block['wrap']).toBe(true);
  });
});
