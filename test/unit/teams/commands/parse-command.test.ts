import { parseCommand, type Command } from '../../../../src/teams/commands/parse-command';
import { commandText } from '../../../../src/teams/commands/command-text';

const command = (text: string): Command => {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`refused: ${result.error.userMessage}`);
  return result.command;
};
const refusal = (text: string) => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.command)}`);
  return result.error;
};

describe('parseCommand', () => {
  it.each<[string, Command]>([
    [
      'revoke alice@contoso.com phishing',
      { kind: 'revoke', targets: [{ kind: 'upn', upn: 'alice@contoso.com' }], reason: 'phishing' },
    ],
    [
      'REVOKE alice@contoso.com Phishing, see INC-4411',
      {
        kind: 'revoke',
        targets: [{ kind: 'upn', upn: 'alice@contoso.com' }],
        reason: 'Phishing, see INC-4411',
      },
    ],
    [
      'revoke alice@contoso.com, bob@contoso.com;6F1C2E4A-0B7D-4C51-9E3A-2D8B7C6A5F40 leaver',
      {
        kind: 'revoke',
        targets: [
          { kind: 'upn', upn: 'alice@contoso.com' },
          { kind: 'upn', upn: 'bob@contoso.com' },
          { kind: 'objectId', id: '6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f40' as never },
        ],
        reason: 'leaver',
      },
    ],
    [
      '<at>Lockdown</at> revoke alice@contoso.com phishing',
      { kind: 'revoke', targets: [{ kind: 'upn', upn: 'alice@contoso.com' }], reason: 'phishing' },
    ],
    [
      'revoke <a href="mailto:alice@contoso.com">alice@contoso.com</a> phishing&nbsp;mail',
      {
        kind: 'revoke',
        targets: [{ kind: 'upn', upn: 'alice@contoso.com' }],
        reason: 'phishing mail',
      },
    ],
    ['revoke', { kind: 'revoke-form' }],
    ['  Revoke   ', { kind: 'revoke-form' }],
    ['status', { kind: 'status', subject: { kind: 'recent' } }],
    [
      'status ld-7k3m9q',
      { kind: 'status', subject: { kind: 'request', requestId: 'LD-7K3M9Q' as never } },
    ],
    [
      'status alice@contoso.com',
      { kind: 'status', subject: { kind: 'user', ref: { kind: 'upn', upn: 'alice@contoso.com' } } },
    ],
    ['pending', { kind: 'pending' }],
    ['Cancel LD-7K3M9Q', { kind: 'cancel', requestId: 'LD-7K3M9Q' as never }],
    ['help', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['revoked alice@contoso.com', { kind: 'unknown', text: 'revoked alice@contoso.com' }],
    [
      'please revoke alice@contoso.com phishing',
      { kind: 'unknown', text: 'please revoke alice@contoso.com phishing' },
    ],
    ['helpdesk', { kind: 'unknown', text: 'helpdesk' }],
    ['', { kind: 'unknown', text: '' }],
  ])('%j', (text, expected) => {
    expect(command(text)).toEqual(expected);
  });

  it.each([
    ['revoke phishing', 'NO_TARGETS'],
    ['revoke alice@contoso.com', 'REASON_REQUIRED'],
    ['revoke alice@contoso.com    ', 'REASON_REQUIRED'],
    ['revoke x/../../servicePrincipals/1@contoso.com phishing', 'USER_REFERENCE_INVALID'],
    ['revoke alice@contoso phishing', 'USER_REFERENCE_INVALID'],
    ['revoke аlice@contoso.com phishing', 'USER_REFERENCE_INVALID'],
    [
      `revoke ${Array.from({ length: 51 }, (_, i) => `u${i}@contoso.com`).join(' ')} leaver`,
      'TOO_MANY_TARGETS',
    ],
    ['status LD-12345', 'REQUEST_ID_INVALID'],
    ['status alice@contoso.com LD-7K3M9Q', 'COMMAND_USAGE'],
    ['status yesterday', 'COMMAND_USAGE'],
    ['pending now', 'COMMAND_USAGE'],
    ['cancel', 'COMMAND_USAGE'],
    ['cancel LD-ILOU00', 'REQUEST_ID_INVALID'],
    ['cancel LD-7K3Mß', 'REQUEST_ID_INVALID'],
  ])('refuses %j with %s', (text, code) => {
    expect(refusal(text).code).toBe(code);
  });

  it('reports a malformed user before a missing reason, naming the user', () => {
    expect(refusal('revoke alice@contoso').userMessage).toMatch(
      /"alice@contoso" is not a user principal name/,
    );
  });

  it('accepts exactly 50 users', () => {
    const text = `revoke ${Array.from({ length: 50 }, (_, i) => `u${i}@contoso.com`).join(' ')} leaver`;
    expect(command(text)).toMatchObject({ kind: 'revoke', reason: 'leaver' });
  });
});

describe('commandText', () => {
  it('drops the mention, markup and invisible characters, and decodes entities', () => {
    expect(commandText('<at>Lockdown</at>&nbsp;<p>revoke&nbsp;a@b.com</p>\u200b x &amp; y')).toBe(
      'revoke a@b.com x & y',
    );
  });
});
