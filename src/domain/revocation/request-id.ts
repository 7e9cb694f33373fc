/**
 * Request ids people read and type: `LD-` and six Crockford base-32 characters (no I, L, O, U,
 * so nothing is misread). Not secret: the card carries a separate unguessable token.
 */
export type RequestId = string & { readonly __brand: 'RequestId' };

export const REQUEST_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REQUEST_ID = /^LD-[0-9A-HJKMNP-TV-Z]{6}$/;

export const isRequestId = (value: string): boolean => REQUEST_ID.test(value.toUpperCase());

export const toRequestId = (value: string): RequestId => value.toUpperCase() as RequestId;
