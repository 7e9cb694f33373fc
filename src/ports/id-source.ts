import { type RequestId } from '../domain/revocation/request-id';

/** Fresh identifiers; random, so the domain stays free of a crypto dependency. */
export interface IdSource {
  /** A short readable id such as LD-7K3M9Q (collisions are retried by the caller). */
  requestId(): RequestId;
  /** 128 unguessable bits, the only thing a card's buttons carry. */
  cardToken(): string;
}
