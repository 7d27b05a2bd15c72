import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, formatVerificationCode, normalizeVerificationCode } from '../../../../shared/documents/codes.js';
import { parseEnv, publicBaseUrl } from '../../env.js';
import { sameFacts } from './documents.js';
import { qrSvg } from './qr-svg.js';
import { newVerificationCode } from './verification-code.js';

describe('verification codes', () => {
  it('are 12 symbols of the unambiguous alphabet, every symbol in use, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, newVerificationCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    const seen = new Set(codes.join(''));
    expect([...CODE_ALPHABET].filter((c) => !seen.has(c))).toEqual([]);
    expect([...'ILOU'].filter((c) => seen.has(c))).toEqual([]);
  });

  it('read back from what people type, and refuse what cannot be one', () => {
    expect(formatVerificationCode('7K3MQ9TB2XWD')).toBe('7K3M-Q9TB-2XWD');
    expect(normalizeVerificationCode('7k3m-q9tb-2xwd')).toBe('7K3MQ9TB2XWD');
    expect(normalizeVerificationCode(' 7K3M Q9TB 2XWD ')).toBe('7K3MQ9TB2XWD');
    expect(normalizeVerificationCode('O1IL-0000-0000')).toBe('0111' + '00000000');
    for (const bad of ['', '7K3M-Q9TB-2XW', '7K3M-Q9TB-2XWDA', 'UUUU-UUUU-UUUU', '7K3M_Q9TB_2XWD', '７K3M-Q9TB-2XWD', '-'.repeat(41)]) {
      expect(normalizeVerificationCode(bad), bad).toBeNull();
    }
  });
});

describe('QR code', () => {
  it('is one SVG square of the code modules plus a four-module quiet zone, drawn as the encoder laid them out', () => {
    const url = 'http://127.0.0.1:3000/verify/7K3M-Q9TB-2XWD';
    const svg = qrSvg(url);
    const { size, data } = encode(url, { ecc: 'M', border: 4 });
    expect(svg).toContain(`viewBox="0 0 ${size} ${size}"`);
    // Count the dark modules the path draws against the encoder's matrix.
    const drawn = [...svg.matchAll(/M\d+ \d+h(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(drawn).toBe(data.flat().filter(Boolean).length);
    expect(data[0].every((dark) => !dark)).toBe(true);
  });
});

describe('sameFacts', () => {
  it('ignores key order (jsonb does not keep it) but not a value or a missing key', () => {
    expect(sameFacts({ a: '1', b: null }, { b: null, a: '1' })).toBe(true);
    expect(sameFacts({ a: '1', b: null }, { a: '1', b: '' })).toBe(false);
    expect(sameFacts({ a: '1', b: null }, { a: '1' })).toBe(false);
    expect(sameFacts({ a: '1' }, { a: '1', c: null })).toBe(false);
  });
});

describe('PUBLIC_BASE_URL', () => {
  it('is where printed QR codes lead: as set (no trailing slash), else the address the server listens on', () => {
    const env = (vars: Record<string, string>) => {
      const parsed = parseEnv(vars);
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      return publicBaseUrl(parsed.env);
    };
    expect(env({ PUBLIC_BASE_URL: 'https://shuniu.example.org/' })).toBe('https://shuniu.example.org');
    expect(env({ PORT: '8080' })).toBe('http://127.0.0.1:8080');
    expect(env({ HOST: '0.0.0.0' })).toBe('http://localhost:3000');
    expect(env({ HOST: '::1' })).toBe('http://[::1]:3000');
    const refused = parseEnv({ PUBLIC_BASE_URL: 'ftp://shuniu.example.org' });
    expect(refused.ok ? [] : refused.problems).toEqual(['environment variable PUBLIC_BASE_URL: must start with http:// or https://']);
  });
});
