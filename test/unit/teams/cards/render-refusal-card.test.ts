import { renderRefusalCard } from '../../../../src/teams/cards/render-refusal-card';
import { assertValidTeamsCard } from '../../../support/assert-valid-card';
import { type Json, markdownTexts, ofType, textRuns, visibleText } from './card-inspection';

describe('renderRefusalCard', () => {
  it('shows an attention-coloured title, the message and the request id', () => {
    const card = renderRefusalCard({
      title: 'Not allowed',
      message: 'You opened request LD-7K3M9Q, so a second person must approve it.',
      requestId: 'LD-7K3M9Q',
    });
    assertValidTeamsCard(card);
    const [title, id] = ofType(card, 'TextBlock');
    expect(title).toMatchObject({ text: '⛔ Not allowed', color: 'Attention', weight: 'Bolder' });
    expect(textRuns(card)).toEqual([
      'You opened request LD-7K3M9Q, so a second person must approve it.',
    ]);
    expect(id?.['text']).toBe('Request LD-7K3M9Q');
    expect((card as Json)['actions']).toBeUndefined();
  });

  it.each([undefined, ''])('leaves the request id out when there is none (%j)', (requestId) => {
    const card = renderRefusalCard({
      title: 'Not understood',
      message: 'Usage: revoke',
      requestId,
    });
    assertValidTeamsCard(card);
    expect(ofType(card, 'TextBlock')).toHaveLength(1);
    expect(visibleText(card)).not.toContain('Request ');
  });

  it('shows a UPN and a domain it quotes byte for byte, so they can be copied', () => {
    const message =
      '"adele.vance@contoso" is not a user principal name; UPNs look like adele.vance@contoso.com.';
    const card = renderRefusalCard({ title: 'Not understood', message });
    assertValidTeamsCard(card);
    expect(textRuns(card)).toEqual([message]);
    expect(visibleText(card)).toContain('adele.vance@contoso.com');
  });

  it('keeps markdown that a message quotes literal, in a TextRun and nowhere else', () => {
    const message =
      '"[login](https://evil.example)" is not a request id; request ids look like LD-7K3M9Q.';
    const card = renderRefusalCard({ title: 'Not understood', message });
    assertValidTeamsCard(card);
    expect(textRuns(card)).toEqual([message]);
    expect(markdownTexts(card).join('\n')).not.toContain('evil');
  });
});
