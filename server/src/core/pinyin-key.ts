import { pinyin } from 'pinyin-pro';

/**
 * The sort key of a name, as Chinese readers order names (按拼音): the pinyin of each character with
 * its tone number, space-separated — 长寿路街道 → `chang2 shou4 lu4 jie1 dao4`. pinyin-pro reads
 * words, not characters, so polyphones take the reading of their word: 重庆 chong2, 银行 hang2,
 * 队长 zhang3 beside 长寿路 chang2. Everything else is kept, lower-cased after NFKC (full-width
 * Ｘ and （ read as x and (), one space between runs.
 *
 * Compared byte by byte (collation "C"): a syllable ends in its tone digit, which sorts before any
 * letter, and the separating space before both, so 西安 `xi1 an1` < 先 `xian1` < 鲜艳 `xian1 yan4`, and
 * the same syllable orders by tone (妈 ma1 < 麻 ma2 < 马 ma3 < 骂 ma4 < 吗 ma5). Equal keys are broken by
 * the name itself where it is sorted.
 *
 * Every write of a name writes this key beside it (registry_organizations.name_sort); changing
 * the function means recomputing the stored keys (db/name-sort-keys.ts fills any that are missing).
 */
export function pinyinSortKey(name: string): string {
  const readings = pinyin(name.normalize('NFKC'), { toneType: 'num', type: 'all', v: true, nonZh: 'consecutive' });
  return readings
    .flatMap((r) => (r.isZh ? [neutralToneLast(r.pinyin)] : r.origin.toLowerCase().split(/\s+/)))
    .filter(Boolean)
    .join(' ');
}

/** pinyin-pro numbers the neutral tone 0; dictionaries put it after the fourth. */
const neutralToneLast = (syllable: string) => syllable.replace(/0$/, '5');

/** `values` with the sort key of its name beside it, when it sets a name: what every write of a name passes. */
export function withNameSort<T extends { name?: string | null }>(values: T): T & { nameSort?: string } {
  return typeof values.name === 'string' ? { ...values, nameSort: pinyinSortKey(values.name) } : values;
}
