import { randomBytes } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH } from '../../../../shared/documents/codes.js';

/**
 * A fresh verification code: 12 symbols of a 32-symbol alphabet, 5 random bits each from the
 * system's CSPRNG (60 bits: guessing one of a million live codes takes ~10^12 tries, against a
 * verification route that answers a client 30 times a minute).
 */
export function newVerificationCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  // 256 is a multiple of 32: the low five bits of a uniform byte are uniform.
  return Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join('');
}
