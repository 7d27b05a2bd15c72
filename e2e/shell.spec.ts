import { describe, expect, it } from 'vitest';
import { signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite({ width: 1440, height: 900 });

describe('the shell', () => {
  // The new-team drawer's Save button sits over the header's account menu: saving closed the drawer
  // under the pointer, the menu opened on hover, and covered the buttons of the next drawer.
  it('does not open the account menu under the pointer after saving in the new-team drawer', async () => {
    const { page } = suite;
    await signIn(page, 'zx.changshou');
    await page.goto('/registry');
    await page.getByTestId('create-org').click();
    const form = page.getByTestId('org-form');
    await form.locator('#name').fill(`长寿路E2E外壳测试队${Date.now() % 100000}`);
    await form.locator('#activityContent').fill('每周一次合唱练习');
    await form.locator('#venue').fill('长寿路街道社区文化活动中心');
    await form.locator('#leaderName').fill('陈芳');
    const save = await page.getByTestId('org-save').boundingBox();
    await page.getByTestId('org-save').click();
    await page.waitForURL(/\/registry\/[^/]+$/);
    await page.getByTestId('org-title').waitFor();

    // The hand that clicked Save rests there, and moves a little.
    await page.mouse.move(save!.x + save!.width / 2 + 2, save!.y + save!.height / 2 + 1);
    await page.mouse.move(save!.x + save!.width / 2 - 2, save!.y + save!.height / 2);
    await page.waitForTimeout(600);
    const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').filter({ hasText: '退出登录' });
    expect(await menu.count()).toBe(0);

    // The menu still opens when asked for.
    await page.getByTestId('user-menu').click();
    await menu.waitFor();
  });

  it('fits the registry table in 1440 px with 备案号 in view, and keeps the columns a user picks', async () => {
    const { page } = suite;
    await page.context().clearCookies();
    await signIn(page, 'zx.changshou');
    await page.goto('/registry');
    const table = page.getByTestId('registry-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    const header = table.locator('thead th', { hasText: '备案号' });
    expect(await header.isVisible()).toBe(true);
    const content = table.locator('.ant-table-content');
    const { scrollWidth, clientWidth } = await content.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const box = await header.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1440);

    await page.getByTestId('registry-columns').click();
    const panel = page.getByTestId('registry-columns-panel');
    await panel.getByText('成员数', { exact: true }).click();
    await panel.getByText('登记形式', { exact: true }).click();
    // Name, status and filing number cannot be hidden.
    expect(await panel.locator('input[value="filingNumber"]').isDisabled()).toBe(true);
    await table.locator('thead th', { hasText: '成员数' }).waitFor();
    expect(await table.locator('thead th', { hasText: '登记形式' }).count()).toBe(0);

    await page.reload();
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await table.locator('thead th', { hasText: '成员数' }).count()).toBe(1);
    expect(await table.locator('thead th', { hasText: '登记形式' }).count()).toBe(0);
  });
});
