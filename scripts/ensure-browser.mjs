#!/usr/bin/env node
// Makes sure the end-to-end tests have a browser and a CJK font (Debian packages only;
// nothing is downloaded from anywhere else). Installs them when running as root.
import { existsSync } from 'node:fs';
import { execSync, spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
const PACKAGES = ['chromium', 'fonts-noto-cjk'];

function hasCjkFont() {
  try {
    return execSync('fc-list :lang=zh', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().length > 0;
  } catch {
    return false;
  }
}

const missing = [];
if (!existsSync(CHROMIUM)) missing.push('chromium');
if (!hasCjkFont()) missing.push('fonts-noto-cjk');

if (missing.length === 0) {
  console.log('ensure-browser: chromium and a CJK font are present');
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`ensure-browser: missing ${missing.join(', ')}. Install them with:`);
  console.error(`  sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(' ')}`);
  process.exit(1);
}

console.log(`ensure-browser: installing ${PACKAGES.join(' ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...PACKAGES]]) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`ensure-browser: apt-get ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
}
if (!existsSync(CHROMIUM) || !hasCjkFont()) {
  console.error('ensure-browser: installation finished but chromium or the CJK font is still missing');
  process.exit(1);
}
console.log('ensure-browser: done');
