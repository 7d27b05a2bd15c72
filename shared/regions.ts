/** Division-code helpers (统计用区划代码, 12 digits: 2+2+2+3+3). */
export const REGION_LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const SEGMENT_ENDS = [2, 4, 6, 9, 12] as const;

export function isRegionCode(code: string): boolean {
  return /^\d{12}$/.test(code);
}

/** The significant prefix of a code: the code with its zero padding removed at segment boundaries. */
export function regionPrefix(code: string): string {
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

/** Length of the significant prefix one level below `code` (roll-ups group by it). */
export function childPrefixLength(code: string): number {
  const len = regionPrefix(code).length;
  const next = SEGMENT_ENDS.find((end) => end > len);
  return next ?? 12;
}

/**
 * The roll-up bucket of `code` one level below a region whose children have prefixes of
 * `childLength`: what `substr(region_code, 1, childLength)` yields in SQL. A record at the region
 * itself falls in the region's own bucket, which no child has.
 */
export function childKey(code: string, childLength: number): string {
  return regionPrefix(code).padEnd(childLength, '0').slice(0, childLength);
}

/** Whether `code` lies inside the subtree addressed by `prefix` (a significant prefix). */
export function inScope(code: string, prefix: string): boolean {
  return code.startsWith(prefix);
}
