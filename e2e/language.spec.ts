import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, signIn } from './fixtures/browser';
import { startTestServer, type TestServer } from './fixtures/server';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  ({ page } = await newPage(browser, server.url));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('language switch', () => {
  it('switching to English changes the menu, and the choice survives a reload', async () => {
    await signIn(page, 'mzj.putuo');
    const menu = page.getByTestId('side-menu');
    const choose = async (label: string) => {
      const switcher = page.getByTestId('language-switcher');
      await switcher.click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText(label, { exact: true }).click();
      await switcher.getByText(label, { exact: true }).waitFor();
    };
    // Start from Simplified Chinese whatever the account's saved preference is.
    await choose('简体中文');
    await menu.getByText('组织与团队').waitFor();

    await choose('English');
    await menu.getByText('Organisations', { exact: true }).waitFor();
    expect(await menu.innerText()).not.toContain('组织与团队');

    await page.reload();
    await page.getByTestId('side-menu').getByText('Audit log').waitFor();
  });
});
