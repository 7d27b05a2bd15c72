#!/usr/bin/env node
// Checks the web UI translations: every key in zh-CN exists in en and zh-TW and vice versa,
// and every literal key used in web/src through t('…') exists in zh-CN. Exits 1 listing what is missing.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const i18nDir = join(root, 'web/src/i18n');
const LOCALES = ['zh-CN', 'en', 'zh-TW'];

function flatten(obj, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}

/** i18next plural forms (key_one, key_other …) count as the base key. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (k) => k.replace(PLURAL, '');

const dicts = {};
for (const l of LOCALES) {
  try {
    dicts[l] = flatten(JSON.parse(readFileSync(join(i18nDir, `${l}.json`), 'utf8')));
  } catch (e) {
    console.error(`check-i18n: cannot read ${l}.json: ${e.message}`);
    process.exit(1);
  }
}

const problems = [];
const keysOf = (l) => new Set([...dicts[l].keys()].map(base));
const ref = keysOf('zh-CN');
for (const l of LOCALES.slice(1)) {
  const other = keysOf(l);
  for (const k of ref) if (!other.has(k)) problems.push(`missing in ${l}: ${k}`);
  for (const k of other) if (!ref.has(k)) problems.push(`missing in zh-CN (present in ${l}): ${k}`);
}
for (const l of LOCALES) {
  for (const [k, v] of dicts[l]) if (typeof v !== 'string' || v.trim() === '') problems.push(`empty value in ${l}: ${k}`);
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(tsx?|jsx?)$/.test(name)) yield p;
  }
}

// t('key'), t("key"), t(`key`) without interpolation, i18n.t('key'), and labelKey: 'key'.
const USE = /(?:\bt|i18n\.t)\(\s*(['"`])([A-Za-z0-9_.-]+)\1|labelKey:\s*(['"])([A-Za-z0-9_.-]+)\3/g;
const used = new Map();
for (const file of sourceFiles(join(root, 'web/src'))) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(USE)) {
    const key = m[2] ?? m[4];
    if (!key.includes('.')) continue;
    if (!used.has(key)) used.set(key, relative(root, file));
  }
}
for (const [k, file] of used) if (!ref.has(k)) problems.push(`used in ${file} but missing in zh-CN: ${k}`);

if (problems.length) {
  console.error(`check-i18n: ${problems.length} problem(s)`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log(`check-i18n: ${ref.size} keys in ${LOCALES.join(', ')}; ${used.size} literal keys used in web/src, all present`);
