import { EngineError } from '../errors.ts';
import { hmacSha256, toHex } from './sha256.ts';

/** Shorter salts are refused: customer ids are few and guessable, so the salt is the secret. */
export const MIN_SALT_LENGTH = 8;

/** Hex digits kept (64 bits): collisions stay improbable (about 3e-8 for a million customers). */
export const PSEUDONYM_DIGITS = 16;

const utf8 = new TextEncoder();

/**
 * The pseudonym of one customer id: the first `digits` hex digits of HMAC-SHA-256 keyed by
 * the salt. The same salt always gives the same pseudonym, so lists exported with one salt can
 * be joined; without the salt the ids cannot be recovered by hashing every plausible id.
 */
export function pseudonymise(id: string, salt: string, digits = PSEUDONYM_DIGITS): string {
  return toHex(hmacSha256(utf8.encode(salt), utf8.encode(id))).slice(0, digits);
}

/**
 * A `customerId` replacement for the customer export (see `CustomerExport.customerId`).
 * Checks the salt up front and refuses, rather than silently merging, two ids that happen to
 * share a pseudonym.
 */
export function pseudonymiser(salt: string, digits = PSEUDONYM_DIGITS): (id: string) => string {
  if (salt.length < MIN_SALT_LENGTH) {
    throw new EngineError('invalid_argument', `the pseudonymisation salt must have at least ${MIN_SALT_LENGTH} characters; keep it secret`);
  }
  if (!Number.isInteger(digits) || digits < 8 || digits > 64) {
    throw new EngineError('invalid_argument', 'a pseudonym has between 8 and 64 hex digits');
  }
  const seen = new Map<string, string>();
  return (id) => {
    const p = pseudonymise(id, salt, digits);
    const other = seen.get(p);
    if (other !== undefined && other !== id) {
      throw new EngineError('invalid_argument', `customer ids "${other}" and "${id}" share a pseudonym; use more digits`);
    }
    seen.set(p, id);
    return p;
  };
}
