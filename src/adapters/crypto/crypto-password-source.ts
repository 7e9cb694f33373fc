import { randomInt } from 'node:crypto';
import { OneTimeSecret } from '../../domain/directory/directory-mutation';
import { type PasswordSource } from '../../ports/password-source';

const CLASSES = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghijkmnopqrstuvwxyz',
  '23456789',
  '!#$%&*+-=?@^_~',
] as const;
const LENGTH = 32;

/**
 * 32 characters from all four classes (Entra requires three of four, 8 to 256 characters),
 * shuffled with a cryptographic RNG. The result is wrapped at once, so it never exists as a
 * loggable string outside the Graph request that carries it.
 */
export class CryptoPasswordSource implements PasswordSource {
  newPassword(): OneTimeSecret {
    const all = CLASSES.join('');
    const chars = CLASSES.map((set) => set[randomInt(set.length)]!);
    while (chars.length < LENGTH) chars.push(all[randomInt(all.length)]!);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    return new OneTimeSecret(chars.join(''));
  }
}
