/**
 * Verifiable printed documents (issue 7 item 10): the kinds the platform issues, why one stops being
 * valid, and the verification code printed on it. Used by the server and the web app.
 */
export const DOCUMENT_KINDS = ['registry.filing_certificate', 'funding.contract', 'volunteer.service'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Why a document no longer vouches for anything. `superseded`: what it certified changed (an edit,
 * a renamed region) and a new one replaces it at the next print. `contract_terminated`: the contract
 * it prints was ended early and is no longer in force.
 */
export const REVOCATION_REASONS = ['change_filing', 'deregistered', 'status_changed', 'superseded', 'contract_terminated', 'hours_corrected'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/**
 * Crockford's base 32: digits and capitals without I, L, O and U, so nothing on paper reads as
 * two letters. 12 symbols carry 60 random bits.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;
const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;

/**
 * The stored form of a typed or scanned code, or null when it cannot be one: case, spaces and
 * hyphens do not matter, and the letters Crockford reads as digits (O → 0, I and L → 1) are taken
 * as those digits, so a code copied by hand from paper still matches.
 */
export function normalizeVerificationCode(input: string): string | null {
  if (input.length > 40) return null;
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return CODE_PATTERN.test(compact) ? compact : null;
}

/** Groups of four for reading aloud and typing: 7K3M-Q9TB-2XWD. */
export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
