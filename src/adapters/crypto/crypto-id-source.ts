import { randomBytes, randomInt } from 'node:crypto';
import { REQUEST_ID_ALPHABET, type RequestId } from '../../domain/revocation/request-id';
import { type IdSource } from '../../ports/id-source';

const REQUEST_ID_LENGTH = 6;

export class CryptoIdSource implements IdSource {
  requestId(): RequestId {
    let id = 'LD-';
    for (let i = 0; i < REQUEST_ID_LENGTH; i++)
      id += REQUEST_ID_ALPHABET[randomInt(REQUEST_ID_ALPHABET.length)];
    return id as RequestId;
  }

  cardToken(): string {
    return randomBytes(16).toString('base64url');
  }
}
