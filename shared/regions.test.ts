import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childKey, childPrefixLength, extendsParent, REGION_LEVELS, regionLevel, regionPrefix } from './regions.js';

const WIDTHS = [2, 2, 2, 3, 3];
const ENDS = [2, 4, 6, 9, 12];
const segment = (w: number) => fc.integer({ min: 1, max: 10 ** w - 1 }).map((n) => String(n).padStart(w, '0'));
/** A code of depth 1..5 with every significant segment non-zero. */
const regionCode = fc
  .integer({ min: 1, max: 5 })
  .chain((depth) => fc.tuple(fc.constant(depth), fc.tuple(...WIDTHS.slice(0, depth).map(segment))))
  .map(([depth, segs]) => ({ depth, prefix: segs.join(''), code: segs.join('').padEnd(12, '0') }));

describe('division codes', () => {
  it('regionPrefix strips exactly the zero padding, and regionLevel follows its length', () => {
    fc.assert(fc.property(regionCode, ({ depth, prefix, code }) => {
      expect(code).toMatch(/^\d{12}$/);
      expect(regionPrefix(code)).toBe(prefix);
      expect(regionPrefix(code)).toHaveLength(ENDS[depth - 1]);
      expect(regionLevel(code)).toBe(REGION_LEVELS[depth - 1]);
    }));
  });

  it('known codes', () => {
    expect(regionPrefix('310000000000')).toBe('31');
    expect(regionLevel('310107000000')).toBe('district');
    expect(regionLevel('310107001000')).toBe('street');
    expect(regionLevel('310107001001')).toBe('community');
    expect(regionPrefix('000000000000')).toBe('');
  });

  it('every truncation of a code to a shallower level is a parent it extends', () => {
    fc.assert(fc.property(regionCode, ({ depth, code }) => {
      for (let k = 1; k < depth; k++) {
        const parent = code.slice(0, ENDS[k - 1]).padEnd(12, '0');
        expect(extendsParent(code, parent)).toBe(true);
        expect(extendsParent(parent, code)).toBe(false);
      }
      expect(extendsParent(code, code)).toBe(false);
    }));
  });

  it('a code extends another iff it is deeper and starts with its prefix', () => {
    fc.assert(fc.property(regionCode, regionCode, (a, b) => {
      const expected = a.prefix.length > b.prefix.length && a.prefix.startsWith(b.prefix);
      expect(extendsParent(a.code, b.code)).toBe(expected);
    }), { numRuns: 1000 });
  });

  it('changing a digit inside the parent prefix breaks the relation', () => {
    fc.assert(fc.property(regionCode.filter((r) => r.depth >= 2), fc.nat(), fc.integer({ min: 1, max: 9 }), ({ depth, code }, i, shift) => {
      const parentLen = ENDS[depth - 2];
      const parent = code.slice(0, parentLen).padEnd(12, '0');
      const pos = i % parentLen;
      const other = code.slice(0, pos) + String((Number(code[pos]) + shift) % 10) + code.slice(pos + 1);
      expect(extendsParent(other, parent)).toBe(false);
    }));
  });
});

describe('childPrefixLength', () => {
  it('steps one segment down the tree', () => {
    expect(childPrefixLength('310000000000')).toBe(4);
    expect(childPrefixLength('310100000000')).toBe(6);
    expect(childPrefixLength('110101000000')).toBe(9);
    expect(childPrefixLength('110101010000')).toBe(12);
    expect(childPrefixLength('110101010001')).toBe(12);
  });
});

describe('childKey', () => {
  it('puts a record in its child bucket, and one at the node in the node own bucket', () => {
    // 长寿路街道 rolls up to communities (12 digits); 普陀区 to streets (9).
    expect(childKey('310107015003', 12)).toBe('310107015003');
    expect(childKey('310107015003', 9)).toBe('310107015');
    expect(childKey('310107015000', 9)).toBe('310107015');
    expect(childKey('310107000000', 9)).toBe('310107000');
    // A street whose own code has an inner zero segment keeps it.
    expect(childKey('110101010000', 12)).toBe('110101010000');
  });
});
