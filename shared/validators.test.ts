import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkUscc,
  idCheckDigit,
  maskIdNumber,
  maskPhone,
  USCC_ALPHABET,
  usccCheckChar,
} from './validators.js';

const usccChar = fc.constantFrom(...USCC_ALPHABET.split(''));
const usccBody = fc.array(usccChar, { minLength: 17, maxLength: 17 }).map((a) => a.join(''));
const validUscc = usccBody.map((b) => b + usccCheckChar(b)!);

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts every 17-character body followed by its check character', () => {
    fc.assert(fc.property(usccBody, (body) => {
      const check = usccCheckChar(body);
      expect(check).not.toBeNull();
      expect(USCC_ALPHABET).toContain(check);
      expect(checkUscc(body + check)).toBeNull();
    }), { numRuns: 500 });
  });

  it('detects every single-character substitution (checksum)', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, pos, shift) => {
        const old = USCC_ALPHABET.indexOf(code[pos]);
        const replacement = USCC_ALPHABET[(old + shift) % 31];
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(changed).not.toBe(code);
        expect(checkUscc(changed)).toBe('checksum');
      }),
      { numRuns: 1000 },
    );
  });

  it('exhaustively: all 18 × 30 substitutions of one code fail', () => {
    const code = '91350100M000100Y43';
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of USCC_ALPHABET) {
        if (ch === code[pos]) continue;
        expect(checkUscc(code.slice(0, pos) + ch + code.slice(pos + 1))).toBe('checksum');
      }
    }
  });

  it("reports 'length' for any length other than 18", () => {
    fc.assert(
      fc.property(fc.array(usccChar, { maxLength: 40 }).filter((a) => a.length !== 18), (chars) => {
        expect(checkUscc(chars.join(''))).toBe('length');
      }),
    );
  });

  it("reports 'charset' for I, O, Z, S, V, lowercase and other characters", () => {
    const bad = fc.constantFrom('I', 'O', 'Z', 'S', 'V', 'a', 'x', 'y', '-', ' ', '中');
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), bad, (code, pos, ch) => {
        expect(checkUscc(code.slice(0, pos) + ch + code.slice(pos + 1))).toBe('charset');
      }),
    );
    // A lowercase version of a valid code with letters is refused, not silently accepted.
    expect(checkUscc('91350100m000100y43')).toBe('charset');
  });

  it('accepts published codes that satisfy the algorithm', () => {
    // Published codes kept only after checking them against the algorithm
    // (51310000MJ4995263F and 913100007178872616 were dropped: their check characters fail).
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T', '91110108551385082Q']) {
      expect(checkUscc(code)).toBeNull();
    }
    // Hand-computed: weights are 3^(i-1) mod 31 = 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28.
    // Body "10000000000000000": sum = 1×1 = 1; check = (31 − 1 mod 31) mod 31 = 30 → alphabet[30] = 'Y'.
    expect(usccCheckChar('10000000000000000')).toBe('Y');
    // Body "01000000000000000": sum = 1×3 = 3; check = 28 → alphabet[28] = 'W'.
    expect(usccCheckChar('01000000000000000')).toBe('W');
    // Body "00000000000000000": sum 0 → check 0.
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('usccCheckChar refuses bodies of the wrong length or charset', () => {
    expect(usccCheckChar('1234')).toBeNull();
    expect(usccCheckChar('1000000000000000I')).toBeNull();
  });
});

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const birthDate = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2024, 11, 31)), noInvalidDate: true })
  .map((d) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`);
const idBody = fc
  .tuple(fc.integer({ min: 110000, max: 659999 }), birthDate, fc.integer({ min: 0, max: 999 }))
  .map(([area, birth, seq]) => `${area}${birth}${pad(seq, 3)}`);
const validId = idBody.map((b) => b + idCheckDigit(b)!);

describe('公民身份号码 (GB 11643)', () => {
  it('accepts every generated body with a real birth date and its check digit', () => {
    fc.assert(fc.property(idBody, (body) => {
      expect(checkIdNumber(body + idCheckDigit(body))).toBeNull();
    }), { numRuns: 500 });
  });

  it('accepts the standard example 11010519491231002X, also in lowercase x', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X')).toBeNull();
    expect(checkIdNumber('11010519491231002x')).toBeNull();
  });

  it('detects any single-digit change in the first 17 digits', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, pos, shift) => {
        const digit = String((Number(id[pos]) + shift) % 10);
        const changed = id.slice(0, pos) + digit + id.slice(pos + 1);
        // A change inside the birth date may make the date itself invalid; either way it fails.
        expect(['checksum', 'birthdate']).toContain(checkIdNumber(changed));
      }),
      { numRuns: 1000 },
    );
  });

  it("reports 'birthdate' for impossible dates, with a correct check digit", () => {
    for (const birth of ['19500230', '19000229', '20230229', '19501301', '19500001', '19500100', '18991231']) {
      const body = `310107${birth}123`;
      expect(checkIdNumber(body + idCheckDigit(body)), birth).toBe('birthdate');
    }
    const leap = '310107' + '20000229' + '123';
    expect(checkIdNumber(leap + idCheckDigit(leap))).toBeNull();
  });

  it("reports 'format' for wrong length or letters", () => {
    expect(checkIdNumber('31010719500101123')).toBe('format');
    expect(checkIdNumber('3101071950010112345')).toBe('format');
    expect(checkIdNumber('31010719500101A234')).toBe('format');
  });

  it('maskIdNumber keeps the first 3 and last 4 characters and hides the whole middle', () => {
    fc.assert(fc.property(validId, (id) => {
      const masked = maskIdNumber(id)!;
      expect(masked).toHaveLength(18);
      expect(masked.slice(0, 3)).toBe(id.slice(0, 3));
      expect(masked.slice(-4)).toBe(id.slice(-4));
      expect(masked.slice(3, 14)).toBe('*'.repeat(11));
      // The birth date never shows.
      expect(masked).not.toContain(id.slice(6, 14));
    }));
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber('')).toBeNull();
  });

  it('maskPhone keeps 3 + 4 digits of a mobile and hides short numbers entirely', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (second, rest) => {
        const phone = `1${second}${rest.join('')}`;
        const masked = maskPhone(phone)!;
        // The whole masked form is fixed, so digits 4–7 cannot show (a substring check would fail
        // whenever they happen to equal the last four, as in 13068946894).
        expect(masked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      }),
    );
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone(null)).toBeNull();
  });
});
