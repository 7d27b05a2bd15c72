// The zh-TW usage rules: the mainland terms a zh-TW text may not use, read from the table of
// docs/glossary.md ("zh-TW: Taiwan usage"), and the catalogues they apply to. Used by
// scripts/check-i18n.mjs (which refuses them) and scripts/zh-tw-usage.mjs (which rewrites them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every zh-TW catalogue, relative to the repository root. */
export function zhTwCatalogues(root) {
  const features = join(root, 'web/src/features');
  return [
    'web/src/i18n/zh-TW.json',
    ...readdirSync(features)
      .sort()
      .flatMap((name) => {
        const dir = join(features, name, 'i18n');
        // zh-TW.json and a part's <part>.zh-TW.json (scripts/check-i18n.mjs)
        return existsSync(dir) ? readdirSync(dir).filter((f) => /^(?:[\w-]+\.)?zh-TW\.json$/.test(f)).sort().map((f) => `web/src/features/${name}/i18n/${f}`) : [];
      }),
    'server/src/i18n/zh-TW.ts',
  ];
}

/** Simplified characters that have a distinct traditional form: none belongs in a zh-TW text. */
export const SIMPLIFIED_CHARS =
  '与该众缀复导设户账络认码们这为时会对说请项务门区组织团队备证员级录击书处应现开关动实变无将选须删辑页审单间类别态数册称从长东报显览权传电话补确错误问题没过还进运达输历总统计详细简头纳岁标龄据条个归写';

/** The rows of the glossary's zh-TW table, longest mainland term first: { mainland, taiwan, kept: [phrases] }. */
export function zhTwTerms(root) {
  const text = readFileSync(join(root, 'docs/glossary.md'), 'utf8');
  const section = text.slice(text.indexOf('## zh-TW'));
  const rows = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !/\p{Script=Han}/u.test(cells[1] ?? '')) continue;
    const [, mainland, taiwan, keptIn = ''] = cells;
    rows.push({ mainland, taiwan, kept: keptIn.split('(')[0].match(/\p{Script=Han}+/gu) ?? [] });
  }
  if (!rows.length) throw new Error('docs/glossary.md: no zh-TW table found');
  return rows.sort((a, b) => b.mainland.length - a.mainland.length);
}

/** The places `text` uses a mainland term outside the phrases that keep it: [{ mainland, taiwan, at }]. */
export function mainlandUses(text, terms) {
  const found = [];
  // A longer term's match covers the shorter terms inside it (校驗碼 is not also 校驗).
  const inFound = (at, length) => found.some((f) => at < f.at + f.mainland.length && f.at < at + length);
  for (const t of terms) {
    for (let at = text.indexOf(t.mainland); at >= 0; at = text.indexOf(t.mainland, at + 1)) {
      const kept = t.kept.some((phrase) => {
        const i = phrase.indexOf(t.mainland);
        return i >= 0 && text.startsWith(phrase, at - i);
      });
      if (!kept && !inFound(at, t.mainland.length)) found.push({ ...t, at });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}
