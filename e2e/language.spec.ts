import { describe, expect, it } from 'vitest';
import { signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

describe('language switch', () => {
  it('switching to English changes the menu, and the choice survives a reload', async () => {
    const { page } = suite;
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

    // The server's texts follow too: the dashboard asked again after the choice is saved, not before.
    await page.goto('/dashboard');
    await page.getByText('普陀区', { exact: false }).first().waitFor();
    const english = page.waitForResponse(
      async (r) => r.url().includes('/api/dashboard/summary') && (await r.text()).includes('Sports and fitness'),
      { timeout: 15_000 },
    );
    await choose('English');
    await english;
    await menu.getByText('Organisations', { exact: true }).waitFor();
    expect(await menu.innerText()).not.toContain('组织与团队');

    await page.reload();
    await page.getByTestId('side-menu').getByText('Audit log').waitFor();
  });
});
