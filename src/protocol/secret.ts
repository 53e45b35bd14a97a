/**
 * Session secret check. Both sides are hashed first so that `timingSafeEqual` compares buffers
 * of equal length and the time taken reveals neither the secret's content nor its length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type SecretVerifier = (offered: unknown) => boolean;

export function createSecretVerifier(secret: string): SecretVerifier {
  const expected = digest(secret);
  return (offered) => typeof offered === 'string' && timingSafeEqual(expected, digest(offered));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
