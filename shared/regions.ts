/** Division-code helpers (统计用区划代码, 12 digits: 2+2+2+3+3). */
export const REGION_LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const SEGMENT_ENDS = [2, 4, 6, 9, 12] as const;

export function isRegionCode(code: string): boolean {
  return /^\d{12}$/.test(code);
}

/** The significant prefix of a code: the code with its zero padding removed at segment boundaries. */
export function regionPrefix(code: string): string {
  // Every scope check asks for its grants' prefixes, and there are only as many codes as regions.
  let prefix = prefixes.get(code);
  if (prefix === undefined) {
    if (prefixes.size >= PREFIX_MEMO_LIMIT) prefixes.clear();
    prefixes.set(code, (prefix = computePrefix(code)));
  }
  return prefix;
}
const prefixes = new Map<string, string>();
const PREFIX_MEMO_LIMIT = 100_000;

function computePrefix(code: string): string {
  for (let i = SEGMENT_ENDS.length - 1; i >= 0; i--) {
    const start = i === 0 ? 0 : SEGMENT_ENDS[i - 1];
    const segment = code.slice(start, SEGMENT_ENDS[i]);
    if (!/^0+$/.test(segment)) return code.slice(0, SEGMENT_ENDS[i]);
  }
  return '';
}

export function regionLevel(code: string): RegionLevel {
  const len = regionPrefix(code).length;
  const idx = SEGMENT_ENDS.indexOf(len as (typeof SEGMENT_ENDS)[number]);
  return REGION_LEVELS[Math.max(0, idx)];
}

/** A child code must be deeper than its parent and start with the parent's significant prefix. */
export function extendsParent(child: string, parent: string): boolean {
  const p = regionPrefix(parent);
  const c = regionPrefix(child);
  return c.length > p.length && c.startsWith(p);
}
