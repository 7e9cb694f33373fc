import { type RequestId } from '../../src/domain/revocation/request-id';
import { type IdSource } from '../../src/ports/id-source';

/** Predictable ids; `collideFirst` repeats an id once, to test create-if-absent retries. */
export class SequentialIds implements IdSource {
  private n = 0;
  private tokens = 0;
  constructor(private collideFirst = 0) {}

  requestId(): RequestId {
    if (this.collideFirst > 0) {
      this.collideFirst--;
      return 'LD-000001' as RequestId;
    }
    this.n++;
    return `LD-${String(this.n).padStart(6, '0')}` as RequestId;
  }

  cardToken(): string {
    this.tokens++;
    return `token-${this.tokens}-${'x'.repeat(16)}`;
  }
}
