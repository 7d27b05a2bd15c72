/**
 * Screenshots of the main pages, for looking at the UI after a change: starts the platform on a
 * fresh demo database, signs in as the demo accounts and saves PNGs (desktop and phone widths).
 *
 *   npm run build:web && npx tsx scripts/screenshots.ts [out-dir]     (default .tmp/screenshots)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
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
  /** What to do on the page before the picture: open a record, a drawer, a dialog. */
  act?: (page: Page) => Promise<void>;
}

/** Opens the first record of the registry list (a team of the user's own street, or its own team). */
const openFirstRecord = async (page: Page) => {
  await page.locator('a[href^="/registry/"]').first().click();
  await page.getByTestId('org-title').waitFor();
};

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
  // Under the platform's content security policy.
  { name: 'api-docs', user: 'admin', path: '/api/docs/', viewport: DESKTOP, act: async (page) => void (await page.locator('.swagger-ui .info').waitFor()) },
  // Screens of the security work: masked values with 查看, the edit drawer's locked fields and 清除,
  // the user drawer's phone, the import dialog's limits.
  { name: 'org-detail-staff', user: 'zx.changshou', path: '/registry?kind=team', viewport: DESKTOP, act: openFirstRecord },
  {
    name: 'org-reveal-staff',
    user: 'zx.changshou',
    path: '/registry?kind=team',
    viewport: DESKTOP,
    act: async (page) => {
      await openFirstRecord(page);
      await page.locator('[data-testid^="reveal-"]').first().click();
      await page.locator('[data-testid$="-full"]').first().waitFor();
    },
  },
  {
    name: 'org-edit-staff',
    user: 'zx.changshou',
    path: '/registry?kind=team',
    viewport: DESKTOP,
    act: async (page) => {
      await openFirstRecord(page);
      await page.getByRole('button', { name: /^\s*\S*\s*编\s*辑\s*$/ }).first().click();
      await page.getByTestId('org-form').waitFor();
    },
  },
  { name: 'org-detail-member-phone', user: 'td.taiji', path: '/registry', viewport: PHONE, act: openFirstRecord },
  {
    name: 'org-reveal-member-phone',
    user: 'td.taiji',
    path: '/registry',
    viewport: PHONE,
    act: async (page) => {
      await openFirstRecord(page);
      await page.locator('[data-testid^="reveal-"]').first().click();
      await page.locator('[data-testid$="-full"]').first().waitFor();
    },
  },
  {
    name: 'member-edit-phone',
    user: 'td.taiji',
    path: '/registry',
    viewport: PHONE,
    act: async (page) => {
      await openFirstRecord(page);
      await page.locator('.ant-table-row a', { hasText: /^编辑$/ }).first().click();
      await page.getByTestId('member-save').waitFor();
    },
  },
  {
    name: 'user-edit',
    user: 'mzj.putuo',
    path: '/users',
    viewport: DESKTOP,
    act: async (page) => {
      await page.locator('.ant-table-row a', { hasText: /^编辑$/ }).first().click();
      await page.locator('.ant-drawer-body').waitFor();
    },
  },
  {
    name: 'import-dialog',
    user: 'zx.changshou',
    path: '/registry',
    viewport: DESKTOP,
    act: async (page) => {
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-submit').waitFor();
    },
  },
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
    if (shot.act) {
      await shot.act(page);
      await page.waitForLoadState('networkidle');
    }
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
