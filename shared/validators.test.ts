import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkUscc,
  idCheckDigit,
  maskIdNumber,
  maskPhone,
  orgCodeCheckChar,
  USCC_ALPHABET,
  USCC_REGISTRATION_TYPES,
  usccCheckChar,
} from './validators.js';

const usccChar = fc.constantFrom(...USCC_ALPHABET.split(''));
const chars = (n: number) => fc.array(usccChar, { minLength: n, maxLength: n }).map((a) => a.join(''));
const digits6 = fc.integer({ min: 0, max: 999999 }).map((n) => String(n).padStart(6, '0'));
const allowedPair = fc.constantFrom(
  ...Object.entries(USCC_REGISTRATION_TYPES).flatMap(([authority, types]) => types.split('').map((t) => authority + t)),
);
/** A code right under the whole of GB 32100, built from its parts. */
const validUscc = fc.tuple(allowedPair, digits6, chars(8)).map(([pair, area, org]) => {
  const body = pair + area + org + orgCodeCheckChar(org)!;
  return body + usccCheckChar(body)!;
});
/** Replaces characters and recomputes the final check character, so only the rule under test fails. */
const withParts = (code: string, pos: number, part: string) => {
  const body = (code.slice(0, pos) + part + code.slice(pos + part.length)).slice(0, 17);
  return body + usccCheckChar(body)!;
};

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts every code built from an allowed pair, a division code and a checked organisation code', () => {
    fc.assert(fc.property(validUscc, (code) => {
      expect(checkUscc(code)).toBeNull();
    }), { numRuns: 1000 });
  });

  it('detects every single-character substitution (checksum, or region for a letter in 3–8)', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, pos, shift) => {
        const old = USCC_ALPHABET.indexOf(code[pos]);
        const replacement = USCC_ALPHABET[(old + shift) % 31];
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(changed).not.toBe(code);
        const regionLetter = pos >= 2 && pos <= 7 && !/\d/.test(replacement);
        expect(checkUscc(changed)).toBe(regionLetter ? 'region' : 'checksum');
      }),
      { numRuns: 1000 },
    );
  });

  it('exhaustively: all 18 × 30 substitutions of one code fail', () => {
    const code = '91350100M000100Y43';
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of USCC_ALPHABET) {
        if (ch === code[pos]) continue;
        const regionLetter = pos >= 2 && pos <= 7 && !/\d/.test(ch);
        expect(checkUscc(code.slice(0, pos) + ch + code.slice(pos + 1))).toBe(regionLetter ? 'region' : 'checksum');
      }
    }
  });

  it("reports 'org_code_checksum' for every wrong GB 11714 check character (issue 8: 2,000 of 2,000 were accepted)", () => {
    fc.assert(
      fc.property(validUscc, fc.constantFrom(...'0123456789X'), (code, check) => {
        fc.pre(check !== code[16]);
        expect(checkUscc(withParts(code, 16, check))).toBe('org_code_checksum');
      }),
      { numRuns: 2000 },
    );
    expect(checkUscc('91340103Y1F0W2704P')).toBe('org_code_checksum');
  });

  it("reports 'registration' for an authority/type pair GB 32100 does not allow", () => {
    const pairs = USCC_ALPHABET.split('').flatMap((a) => USCC_ALPHABET.split('').map((t) => a + t));
    const refused = pairs.filter((p) => !USCC_REGISTRATION_TYPES[p[0]]?.includes(p[1]));
    expect(refused).toHaveLength(31 * 31 - 4 - 4 - 3 - 1);
    fc.assert(fc.property(validUscc, fc.constantFrom(...refused), (code, pair) => {
      expect(checkUscc(withParts(code, 0, pair))).toBe('registration');
    }));
    expect(checkUscc('00310101D2143569XL')).toBe('registration');
  });

  it("reports 'region' when characters 3–8 are not all digits", () => {
    fc.assert(fc.property(validUscc, fc.integer({ min: 2, max: 7 }), fc.constantFrom(...'ABCDEFGHJKLMNPQRTUWXY'), (code, pos, letter) => {
      expect(checkUscc(withParts(code, pos, letter))).toBe('region');
    }));
    expect(checkUscc('51ABCDEF0LH0YWCM76')).toBe('region');
  });

  it("reports 'length' for any length other than 18", () => {
    fc.assert(
      fc.property(fc.array(usccChar, { maxLength: 40 }).filter((a) => a.length !== 18), (cs) => {
        expect(checkUscc(cs.join(''))).toBe('length');
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
    fc.assert(fc.property(validUscc.filter((c) => /[A-Z]/.test(c)), (code) => {
      expect(checkUscc(code.toLowerCase())).toBe('charset');
    }));
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

  it('orgCodeCheckChar follows GB 11714 (weights 3,7,9,10,5,8,4,2; mod 11; 10 → X, 11 → 0)', () => {
    // 80210043: 8×3 + 2×9 + 1×10 + 4×4 + 3×2 = 74; 74 mod 11 = 8; 11 − 8 = 3.
    expect(orgCodeCheckChar('80210043')).toBe('3');
    // M000100Y: M = 22, Y = 34: 22×3 + 1×5 + 34×2 = 139; 139 mod 11 = 7; 11 − 7 = 4.
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    // 00000006: 6×2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → 'X'.
    expect(orgCodeCheckChar('00000006')).toBe('X');
    // 00000000: 11 − 0 = 11 → '0'.
    expect(orgCodeCheckChar('00000000')).toBe('0');
    expect(orgCodeCheckChar('0000000')).toBeNull();
    expect(orgCodeCheckChar('0000000a')).toBeNull();
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

  it("reports 'birthdate' for a birth date after today in Asia/Shanghai", () => {
    // 2026-11-21 16:30 UTC is already 2026-11-22 00:30 in Shanghai.
    const now = new Date('2026-11-21T16:30:00Z');
    const id = (birth: string) => {
      const body = `310107${birth}123`;
      return body + idCheckDigit(body);
    };
    expect(checkIdNumber(id('20261122'), now)).toBeNull();
    expect(checkIdNumber(id('20261123'), now)).toBe('birthdate');
    expect(checkIdNumber(id('20991231'))).toBe('birthdate');
  });

  it("reports 'area' for area code 000000, with a correct check digit", () => {
    fc.assert(fc.property(validId, (valid) => {
      const body = '000000' + valid.slice(6, 17);
      expect(checkIdNumber(body + idCheckDigit(body))).toBe('area');
    }));
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
