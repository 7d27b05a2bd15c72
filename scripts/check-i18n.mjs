#!/usr/bin/env node
// Checks the web UI translations. They are the platform's (web/src/i18n/<locale>.json) and each
// feature's (web/src/features/<name>/i18n/<locale>.json), merged into one namespace at start
// (web/src/i18n/index.ts). Each of those sets must have the same keys in zh-CN, en and zh-TW and no
// empty value; no key may be defined by two sets; every literal key used in web/src through t('…')
// must exist in zh-CN. The zh-TW texts, the server's too, use Taiwan usage: no mainland term of
// docs/glossary.md's zh-TW table and no simplified character (scripts/zh-tw-terms.mjs).
// Exits 1 listing what is wrong.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainlandUses, SIMPLIFIED_CHARS, zhTwCatalogues, zhTwTerms } from './zh-tw-terms.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
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

const problems = [];
const featuresDir = join(root, 'web/src/features');
const sets = [{ name: 'platform', dir: join(root, 'web/src/i18n') }];
// A feature's texts are i18n/<locale>.json, and for a feature built in parts also i18n/<part>.<locale>.json:
// each part is a set of its own (complete in every language, sharing no key with any other set).
for (const name of readdirSync(featuresDir).sort()) {
  const dir = join(featuresDir, name, 'i18n');
  if (!existsSync(dir)) continue;
  const parts = new Set();
  for (const file of readdirSync(dir)) {
    const m = /^(?:([\w-]+)\.)?(zh-CN|en|zh-TW)\.json$/.exec(file);
    if (m) parts.add(m[1] ?? '');
  }
  for (const part of [...parts].sort()) sets.push({ name: part ? `${name}/${part}` : name, dir, prefix: part ? `${part}.` : '' });
}

for (const set of sets) {
  set.dicts = {};
  for (const l of LOCALES) {
    const file = join(set.dir, `${set.prefix ?? ''}${l}.json`);
    try {
      set.dicts[l] = flatten(JSON.parse(readFileSync(file, 'utf8')));
    } catch (e) {
      problems.push(`cannot read ${relative(root, file)}: ${e.message}`);
      set.dicts[l] = new Map();
    }
  }
  const keysOf = (l) => new Set([...set.dicts[l].keys()].map(base));
  const ref = keysOf('zh-CN');
  for (const l of LOCALES.slice(1)) {
    const other = keysOf(l);
    for (const k of ref) if (!other.has(k)) problems.push(`${set.name}: missing in ${l}: ${k}`);
    for (const k of other) if (!ref.has(k)) problems.push(`${set.name}: missing in zh-CN (present in ${l}): ${k}`);
  }
  for (const l of LOCALES) {
    for (const [k, v] of set.dicts[l]) if (typeof v !== 'string' || v.trim() === '') problems.push(`${set.name}: empty value in ${l}: ${k}`);
  }
}

// One namespace: a key (or a key one set uses as a group of keys) belongs to one set.
const owner = new Map();
for (const set of sets) {
  for (const k of new Set([...set.dicts['zh-CN'].keys()].map(base))) {
    const other = owner.get(k);
    if (other && other !== set.name) problems.push(`${k} is defined by both ${other} and ${set.name}`);
    else owner.set(k, set.name);
  }
}
for (const [k, name] of owner) {
  for (let i = k.indexOf('.'); i > 0; i = k.indexOf('.', i + 1)) {
    const group = k.slice(0, i);
    if (owner.has(group)) problems.push(`${group} is a text in ${owner.get(group)} and a group of texts in ${name} (${k})`);
  }
}
const ref = new Set(owner.keys());

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

const twTerms = zhTwTerms(root);
const twFiles = zhTwCatalogues(root);
for (const file of twFiles) {
  const text = readFileSync(join(root, file), 'utf8');
  const lineOf = (at) => text.slice(0, at).split('\n').length;
  for (const use of mainlandUses(text, twTerms)) {
    problems.push(`${file}:${lineOf(use.at)}: mainland term ${use.mainland} in zh-TW (Taiwan: ${use.taiwan}; node scripts/zh-tw-usage.mjs rewrites it)`);
  }
  for (const m of text.matchAll(new RegExp(`[${SIMPLIFIED_CHARS}]`, 'g'))) {
    problems.push(`${file}:${lineOf(m.index)}: simplified character ${m[0]} in zh-TW`);
  }
}

if (problems.length) {
  console.error(`check-i18n: ${problems.length} problem(s)`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log(`check-i18n: ${ref.size} keys in ${LOCALES.join(', ')} (${sets.length} sets: ${sets.map((s) => s.name).join(', ')}); ${used.size} literal keys used in web/src, all present; ${twFiles.length} zh-TW catalogues in Taiwan usage (${twTerms.length} terms)`);
