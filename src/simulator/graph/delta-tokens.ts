import { type OpaqueTokens } from './opaque-tokens';
import { type SimClock } from './sim-clock';

/** Directory delta tokens live 7 days (graph-facts §11, threat-model R28). */
const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 3600_000;

export interface DeltaState {
  /** 'initial': paging a full sync; 'changes': paging changes; 'link': a deltaLink. */
  phase: 'initial' | 'changes' | 'link';
  /** Journal position the link stands at, or where the paged range starts. */
  from: number;
  /** End of the paged range (journal head when the round began). */
  to: number;
  /** Last user id already served in this round (paging cursor). */
  after: string | null;
  select: string[];
}

interface Envelope extends DeltaState {
  generation: number;
  issuedAt: number;
}

export type DeltaDecode =
  { kind: 'ok'; state: DeltaState } | { kind: 'expired' } | { kind: 'invalid' };

/**
 * Opaque delta and skip tokens for /users/delta: a journal position plus the round's options,
 * signed per instance. They expire after 7 simulated days, and all at once on expireAll().
 */
export class DeltaTokens {
  private generation = 0;

  constructor(
    private readonly tokens: OpaqueTokens,
    private readonly clock: SimClock,
  ) {}

  encode(state: DeltaState): string {
    const envelope: Envelope = {
      ...state,
      generation: this.generation,
      issuedAt: this.clock.now().getTime(),
    };
    return this.tokens.encode(envelope);
  }

  decode(token: string): DeltaDecode {
    const envelope = this.tokens.decode<Envelope>(token);
    if (envelope === undefined) return { kind: 'invalid' };
    const age = this.clock.now().getTime() - envelope.issuedAt;
    if (envelope.generation !== this.generation || age > DELTA_TOKEN_LIFETIME_MS) {
      return { kind: 'expired' };
    }
    const { generation: _generation, issuedAt: _issuedAt, ...state } = envelope;
    return { kind: 'ok', state };
  }

  expireAll(): void {
    this.generation += 1;
  }
}
