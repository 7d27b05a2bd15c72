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

/**
 * 登记管理部门码 (position 1) and the 机构类别码 (position 2) each allows, per GB 32100-2015 表 1.
 * Codes assigned to other authorities after 2015 (e.g. 7 宗教, 8 工会) are not listed: a real register
 * holding one is accepted on an official's recorded override.
 */
export const USCC_REGISTRATION_TYPES: Readonly<Record<string, string>> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '9': '123', // 工商: 企业, 个体工商户, 农民专业合作社
  Y: '1', // 其他
};

/** GB 11714-1997 组织机构代码: 8 body characters (digits, A–Z as 10–35) and a check character. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function orgCodeCheckChar(body8: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(body8)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_CODE_WEIGHTS[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Problems in the order they are reported. The first three are plain typing errors; the rest a real
 * register can contradict, so validate-organization lets an official accept them with a reason.
 */
export type UsccProblem = 'length' | 'charset' | 'region' | 'checksum' | 'registration' | 'org_code_checksum';
export const USCC_OVERRIDABLE: readonly UsccProblem[] = ['checksum', 'registration', 'org_code_checksum'];

/** Checks the code exactly as given: a lower-case letter is a 'charset' problem, never upper-cased. */
export function checkUscc(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!USCC_ALPHABET.includes(ch)) return 'charset';
  // Positions 3–8: the registering authority's administrative division code.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'region';
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return 'checksum';
  if (!USCC_REGISTRATION_TYPES[code[0]]?.includes(code[1])) return 'registration';
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return 'org_code_checksum';
  return null;
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

export type IdNumberProblem = 'format' | 'area' | 'birthdate' | 'checksum';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** `now` is a parameter so tests can pin "today" (Asia/Shanghai, no daylight saving). */
export function checkIdNumber(raw: string, now: Date = new Date()): IdNumberProblem | null {
  const id = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (id.startsWith('000000')) return 'area';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const today = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date.getTime() > todayUtc
  ) {
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

/**
 * A person's name as a public page may show it: the first and last characters kept, the rest
 * starred (李*华, 王*); a one-character name shows as a star alone.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function isMobilePhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}
