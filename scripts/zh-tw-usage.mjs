#!/usr/bin/env node
// Rewrites the mainland terms of docs/glossary.md's zh-TW table into their Taiwan terms, in every
// zh-TW catalogue. Only Chinese text changes (keys and code are ASCII), one term at a time, longest
// first, leaving the phrases the table keeps; run it again after adding texts. Prints what changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainlandUses, zhTwCatalogues, zhTwTerms } from './zh-tw-terms.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const terms = zhTwTerms(root);
let total = 0;
for (const file of zhTwCatalogues(root)) {
  const path = join(root, file);
  let text = readFileSync(path, 'utf8');
  let changed = 0;
  for (const term of terms) {
    // From the end, so that earlier offsets stay valid.
    for (const use of mainlandUses(text, [term]).reverse()) {
      text = text.slice(0, use.at) + term.taiwan + text.slice(use.at + term.mainland.length);
      changed++;
    }
  }
  if (changed) {
    writeFileSync(path, text);
    console.log(`${file}: ${changed} term(s)`);
    total += changed;
  }
}
console.log(`zh-tw-usage: ${total} term(s) rewritten`);
