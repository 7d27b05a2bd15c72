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

  it('matches test case 16: associated data and a last block not full', () => {
    const open = gcmOpener(Buffer.from('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308', 'hex')).open;
    const plain = open(
      Buffer.from('cafebabefacedbaddecaf888', 'hex'),
      Buffer.from('76fc6ece0f4e1768cddf8853bb2d551b', 'hex'),
      Buffer.from(
        '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
        'hex',
      ),
      Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex'),
    );
    expect(plain?.toString('hex')).toBe(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    );
  });

  it('opens what OpenSSL sealed, for every length from 0 to 100, without and with associated data of every block position', () => {
    const key = randomBytes(32);
    const { open } = gcmOpener(key);
    for (let length = 0; length <= 100; length++) {
      for (const aadLength of [undefined, 0, 1, 15, 16, 17, 32, 43, randomInt(0, 100)]) {
        const plain = randomBytes(length);
        const aad = aadLength === undefined ? undefined : randomBytes(aadLength);
        const sealed = sealWithOpenSsl(key, plain, aad);
        expect(open(sealed.iv, sealed.tag, sealed.ciphertext, aad)?.equals(plain)).toBe(true);
      }
    }
  });

  it('hands out a buffer holding the text only', () => {
    const key = randomBytes(32);
    const sealed = sealWithOpenSsl(key, Buffer.from('13812345678'));
    const plain = gcmOpener(key).open(sealed.iv, sealed.tag, sealed.ciphertext)!;
    expect(plain.toString()).toBe('13812345678');
    // Nothing of the key stream in the memory behind it: E(K, J0) would turn the stored tag into GHASH of the value.
    const block = createCipheriv('aes-256-ecb', key, null);
    block.setAutoPadding(false);
    const tagMask = block.update(Buffer.concat([sealed.iv, Buffer.from([0, 0, 0, 1])]));
    expect(Buffer.from(plain.buffer).includes(tagMask)).toBe(false);
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
    expect(open(sealed.iv, sealed.tag, Buffer.concat([sealed.ciphertext, Buffer.alloc(1)]), aad)).toBeNull();
    // One byte moved from the associated data to the text: the lengths block tells them apart.
    expect(open(sealed.iv, sealed.tag, Buffer.concat([aad.subarray(-1), sealed.ciphertext]), aad.subarray(0, -1))).toBeNull();
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
