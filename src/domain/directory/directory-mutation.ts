import { type DomainError } from '../errors';
import { type ObjectId } from '../user-ref';

/**
 * A change Lockdown makes in the directory. Every target is an object id that Graph returned,
 * never text a person typed.
 */
export type DirectoryMutation =
  | { readonly kind: 'disable-user'; readonly userId: ObjectId }
  | { readonly kind: 'revoke-sessions'; readonly userId: ObjectId }
  | { readonly kind: 'disable-device'; readonly deviceId: ObjectId }
  | {
      readonly kind: 'reset-password';
      readonly userId: ObjectId;
      readonly password: OneTimeSecret;
    };

/**
 * A secret handed straight to Graph. It hides itself from JSON, `String()` and `util.inspect`,
 * so a log line or stored record that accidentally includes it shows a placeholder instead.
 */
export class OneTimeSecret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[secret]';
  }
  toString(): string {
    return '[secret]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}

/** What happened to one mutation: Graph's request-id is kept for the audit trail. */
export type MutationResult =
  | {
      readonly mutation: DirectoryMutation;
      readonly ok: true;
      readonly graphRequestId: string | null;
    }
  | { readonly mutation: DirectoryMutation; readonly ok: false; readonly error: DomainError };
