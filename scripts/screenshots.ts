/**
 * Screenshots of the main pages, for looking at the UI after a change: starts the platform on a
 * fresh demo database, signs in as the demo accounts and saves PNGs (desktop and phone widths).
 *
 *   npm run build:web && npx tsx scripts/screenshots.ts [out-dir]     (default .tmp/screenshots)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage, signIn } from '../e2e/fixtures/browser';
import { startTestServer } from '../e2e/fixtures/server';

const OUT = path.resolve(process.argv[2] ?? '.tmp/screenshots');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Shot {
  name: string;
  user: string;
  path: string;
  viewport: { width: number; height: number };
  /** A test id to wait for before the picture. */
  ready?: string;
}

const SHOTS: Shot[] = [
  { name: 'dashboard-changshou', user: 'zx.changshou', path: '/', viewport: DESKTOP, ready: 'stat-teams' },
  { name: 'dashboard-shanghai', user: 'mzj.shanghai', path: '/', viewport: DESKTOP, ready: 'stat-teams' },
  { name: 'registry-list', user: 'zx.changshou', path: '/registry', viewport: DESKTOP },
  { name: 'filings-inbox', user: 'zx.changshou', path: '/filings', viewport: DESKTOP },
  { name: 'registry-search', user: 'zx.changshou', path: '/registry?q=%E5%A4%AA%E6%9E%81', viewport: DESKTOP },
  { name: 'compliance', user: 'zx.changshou', path: '/compliance', viewport: DESKTOP },
  { name: 'categories', user: 'admin', path: '/categories', viewport: DESKTOP },
  { name: 'users', user: 'mzj.putuo', path: '/users', viewport: DESKTOP },
  { name: 'audit', user: 'mzj.putuo', path: '/audit', viewport: DESKTOP },
  { name: 'dashboard-phone', user: 'zx.changshou', path: '/', viewport: PHONE, ready: 'stat-teams' },
  { name: 'registry-phone', user: 'zx.changshou', path: '/registry', viewport: PHONE },
];

mkdirSync(OUT, { recursive: true });
const server = await startTestServer();
const browser = await launchBrowser();
try {
  for (const shot of SHOTS) {
    const { context, page } = await newPage(browser, server.url, shot.viewport);
    await signIn(page, shot.user);
    await page.goto(shot.path);
    if (shot.ready) await page.getByTestId(shot.ready).waitFor();
    await page.waitForLoadState('networkidle');
    // Charts animate in; give them a moment to settle.
    await page.waitForTimeout(800);
    const file = path.join(OUT, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.info(file);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
