/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters over the alphabet below; position 18 is a
 * check character over the first 17 with weights 3^(i-1) mod 31.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    const v = USCC_ALPHABET.indexOf(ch);
    if (v < 0) return null;
    sum += v * weight;
    weight = (weight * 3) % 31;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check];
}

export type UsccProblem = 'length' | 'charset' | 'checksum';

export function checkUscc(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!USCC_ALPHABET.includes(ch)) return 'charset';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'checksum';
}

/** 公民身份号码 (GB 11643-1999): 17 digits and a check digit (ISO 7064 MOD 11-2). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckDigit(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export type IdNumberProblem = 'format' | 'birthdate' | 'checksum';

export function checkIdNumber(raw: string): IdNumberProblem | null {
  const id = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birthdate';
  }
  return idCheckDigit(id.slice(0, 17)) === id[17] ? null : 'checksum';
}

/** Birth year from a valid ID number. */
export function idBirthYear(id: string): number {
  return Number(id.slice(6, 10));
}

/** Shows the first 3 and last 4 characters; PIPL asks lists never show the whole number. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  return `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;
}

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function isMobilePhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}
