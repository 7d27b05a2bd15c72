import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gcmOpener } from './gcm-open.js';

function sealWithOpenSsl(key: Buffer, plain: Buffer, aad?: Buffer) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

describe('AES-256-GCM opener', () => {
  it('matches the published test vectors (GCM specification, test cases 13 and 14)', () => {
    const open = gcmOpener(Buffer.alloc(32)).open;
    const iv = Buffer.alloc(12);
    expect(open(iv, Buffer.from('530f8afbc74536b9a963b4f1c4cb738b', 'hex'), Buffer.alloc(0))?.length).toBe(0);
    const plain = open(iv, Buffer.from('d0d1c8a799996bf0265b98b5d48ab919', 'hex'), Buffer.from('cea7403d4d606b6e074ec5d3baf39d18', 'hex'));
    expect(plain?.toString('hex')).toBe('00'.repeat(16));
  });

  it('opens what OpenSSL sealed, for every length and with or without associated data', () => {
    for (let round = 0; round < 3; round++) {
      const key = randomBytes(32);
      const { open } = gcmOpener(key);
      for (let length = 0; length <= 100; length++) {
        const plain = randomBytes(length);
        const aad = length % 3 === 0 ? undefined : randomBytes(randomInt(0, 70));
        const sealed = sealWithOpenSsl(key, plain, aad);
        expect(open(sealed.iv, sealed.tag, sealed.ciphertext, aad)?.equals(plain)).toBe(true);
      }
    }
  });

  it('refuses a change to any bit of the IV, tag, text or associated data, and another key', () => {
    const key = randomBytes(32);
    const { open } = gcmOpener(key);
    const aad = Buffer.from('blind-index-of-the-value');
    const sealed = sealWithOpenSsl(key, Buffer.from('110101196612310012'), aad);
    const parts = [sealed.iv, sealed.tag, sealed.ciphertext, aad];
    let refused = 0;
    parts.forEach((part, index) => {
      for (let bit = 0; bit < part.length * 8; bit++) {
        const copy = parts.map((p) => Buffer.from(p));
        copy[index]![bit >> 3]! ^= 1 << (bit & 7);
        expect(open(copy[0]!, copy[1]!, copy[2]!, copy[3])).toBeNull();
        refused++;
      }
    });
    expect(refused).toBe((12 + 16 + 18 + aad.length) * 8);
    expect(open(sealed.iv, sealed.tag, sealed.ciphertext)).toBeNull();
    expect(open(sealed.iv, sealed.tag, sealed.ciphertext.subarray(1), aad)).toBeNull();
    expect(gcmOpener(randomBytes(32)).open(sealed.iv, sealed.tag, sealed.ciphertext, aad)).toBeNull();
    expect(open(sealed.iv, sealed.tag, sealed.ciphertext, aad)?.toString()).toBe('110101196612310012');
  });

  it('refuses an IV or a tag of another length', () => {
    const key = randomBytes(32);
    const { open } = gcmOpener(key);
    const sealed = sealWithOpenSsl(key, Buffer.from('13812345678'));
    expect(open(sealed.iv.subarray(0, 8), sealed.tag, sealed.ciphertext)).toBeNull();
    expect(open(sealed.iv, sealed.tag.subarray(0, 12), sealed.ciphertext)).toBeNull();
  });
});
