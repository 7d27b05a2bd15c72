import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendsParent, REGION_LEVELS, regionLevel, regionPrefix } from './regions.js';

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
