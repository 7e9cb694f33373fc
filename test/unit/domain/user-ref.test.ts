import { isDomainError } from '../../../src/domain/errors';
import { looksLikeUserRef, parseUserRef, toObjectId } from '../../../src/domain/user-ref';

function problemOf(input: string): string {
  try {
    parseUserRef(input);
  } catch (error) {
    if (isDomainError(error) && error.code === 'USER_REFERENCE_INVALID')
      return String(error.params.problem);
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('parseUserRef', () => {
  it.each([
    ['alice@contoso.com', 'alice@contoso.com'],
    ['Alice.Smith@Contoso.COM', 'Alice.Smith@Contoso.COM'],
    ["o'brien@contoso.com", "o'brien@contoso.com"],
    ['first-last_2@sub.contoso.co.uk', 'first-last_2@sub.contoso.co.uk'],
    [
      'jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      'jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    ],
    ['$svc@contoso.com', '$svc@contoso.com'],
    ['a!b^c~d@xn--bcher-kva.example', 'a!b^c~d@xn--bcher-kva.example'],
  ])('accepts the UPN %s', (input, upn) => {
    expect(parseUserRef(input)).toEqual({ kind: 'upn', upn });
  });

  it('accepts an object id and normalises it to lower case', () => {
    expect(parseUserRef('6F1C2E4A-0B7D-4C51-9E3A-2D8B7C6A5F40')).toEqual({
      kind: 'objectId',
      id: '6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f40',
    });
  });

  it.each([
    ['x/../../servicePrincipals/1@contoso.com', "'..'"],
    ['x/../../servicePrincipals/1', 'no @'],
    ['a/b@contoso.com', "'/'"],
    ['a#b@contoso.com', "'#'"],
    ['a#b', 'no @'],
    ['a?$top=1@contoso.com', "'?'"],
    ['a%2Fb@contoso.com', "'%'"],
    ['a\\b@contoso.com', "'\\'"],
    ["alice'@contoso.com' or '1' eq '1", 'space'],
    ['"alice"@contoso.com', 'double quote'],
    ['аlice@contoso.com', 'U+0430'],
    ['alice@contоso.com', 'U+043E'],
    ['alice@contoso.com\u200b', 'U+200B'],
    ['alice@contoso.com\n', 'control character'],
    ['alice @contoso.com', 'space'],
    ['alice', 'no @'],
    ['alice@', 'no domain'],
    ['@contoso.com', 'nothing before'],
    ['a@b@contoso.com', 'more than one @'],
    ['alice@localhost', 'no dot'],
    ['alice@contoso.c', 'top-level'],
    ['alice@-contoso.com', 'malformed part'],
    ['.alice@contoso.com', 'starts or ends with a dot'],
    ['al$ice@contoso.com', "'$'"],
    ['https://graph.microsoft.com@contoso.com', 'colon'],
    [`${'a'.repeat(490)}@contoso.com`, 'longer than 113'],
    ['', 'empty'],
  ])('rejects %j naming the problem (%s)', (input, expected) => {
    expect(problemOf(input)).toContain(expected);
  });

  it('names the rejected input in the user message', () => {
    expect(() => parseUserRef('a/b@contoso.com')).toThrow(
      /"a\/b@contoso.com" is not a user principal name/,
    );
  });
});

describe('looksLikeUserRef', () => {
  it.each([
    ['alice@contoso.com', true],
    ['6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f40', true],
    ['phishing', false],
    ['x/../../servicePrincipals/1', false],
    ['see-ticket-4411', false],
  ])('%s → %s', (word, expected) => {
    expect(looksLikeUserRef(word)).toBe(expected);
  });
});

describe('toObjectId', () => {
  it('refuses anything that is not a GUID', () => {
    expect(() => toObjectId('6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f4')).toThrow(/not a GUID/);
    expect(() => toObjectId('../devices/6f1c2e4a-0b7d-4c51-9e3a-2d8b7c6a5f40')).toThrow(
      /not a GUID/,
    );
  });
});
