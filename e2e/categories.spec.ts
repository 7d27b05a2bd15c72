import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { newPage, signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

describe('category management and the registry on a phone', () => {
  it('a platform admin adds a category and it appears in the table', async () => {
    const { page } = suite;
    await signIn(page, 'admin');
    await page.getByTestId('side-menu').getByText('分类管理').click();
    await page.waitForURL(/\/categories$/);
    const table = page.getByTestId('categories-table');
    await table.getByText('生活服务类').waitFor();

    await page.getByTestId('category-create').click();
    const form = page.getByTestId('category-form');
    // The client refuses a code the server would, before anything is sent.
    await form.locator('#code').fill('Sports E2E');
    await form.locator('#nameZh').fill('体育 E2E');
    await form.locator('#nameZhTw').fill('體育 E2E');
    await form.locator('#nameEn').fill('Sports E2E');
    await page.getByTestId('category-save').click();
    await form.getByText('只能使用小写英文字母、数字和下划线').waitFor();

    await form.locator('#code').fill('sports_e2e');
    await page.getByTestId('category-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => table.getByTestId('category-name-sports_e2e').innerText()).toBe('体育 E2E');
    const row = table.locator('tr', { has: page.getByTestId('category-name-sports_e2e') });
    expect(await row.innerText()).toContain('sports_e2e');
    expect(await row.innerText()).toContain('启用');

    // The same code again is caught on the field, not only in a toast.
    await page.getByTestId('category-create').click();
    await form.locator('#code').fill('sports_e2e');
    await page.getByTestId('category-save').click();
    await form.getByText('该代码已被其他分类使用').waitFor();
    await page.locator('.ant-modal').getByRole('button', { name: /取\s*消/ }).click();
    await form.waitFor({ state: 'detached' });

    // The registry filter shares the cached category list; the save must have refreshed it.
    await page.getByTestId('side-menu').getByText('组织与团队').click();
    await page.getByTestId('registry-table').waitFor();
    await page.getByTestId('registry-category-filter').click();
    await page.locator('.ant-select-dropdown').getByText('体育 E2E').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('side-menu').getByText('分类管理').click();

    await page.getByTestId('category-toggle-sports_e2e').click();
    await page.locator('.ant-popconfirm').getByText('已归入此分类的组织和团队保持不变').waitFor();
    await page.getByTestId('category-toggle-ok').click();
    await expect.poll(() => row.innerText()).toContain('已停用');
  });

  it('centre staff see the registry as cards on a 390 px phone', async () => {
    const { context, page } = await newPage(suite.browser, suite.server.url, { width: 390, height: 844 });
    try {
      await signIn(page, 'zx.changshou');
      const listRequests: URL[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/api/registry/organizations') listRequests.push(url);
      });
      await page.goto('/registry');
      const cards = page.getByTestId('registry-card');
      await cards.first().waitFor();
      // One request for the first page, asking for the leaders' phones the cards show (masked).
      expect(listRequests.map((url) => url.searchParams.get('include'))).toEqual(['leaderPhone']);
      expect(await page.getByTestId('registry-table').count()).toBe(0);
      expect(await cards.count()).toBe(20);

      const first = cards.first();
      expect(await first.getByRole('link').count()).toBe(1);
      expect(await first.locator('.ant-tag').count()).toBeGreaterThanOrEqual(2);
      // No card is wider than the screen: nothing to scroll sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      const search = page.getByTestId('registry-search').locator('input');
      await search.fill('太极');
      await search.press('Enter');
      await page.waitForURL(/q=/);
      await expect.poll(async () => (await cards.allInnerTexts()).every((t) => t.includes('太极'))).toBe(true);

      // Cards have no headers to click: the sort menu orders them, by pinyin.
      await page.getByTestId('registry-sort').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText('排序：名称 ↑').click();
      await page.waitForURL(/sort=name/);
      await expect
        .poll(async () => {
          const names = await cards.getByRole('link').allInnerTexts();
          // Character by character, as the server's sort key is built.
          const keys = names.map((n) => Array.from(n, (c) => pinyin(c, { toneType: 'none', v: true }).toLowerCase()).join(' '));
          return names.length > 1 && keys.every((k, i) => i === 0 || keys[i - 1] <= k);
        })
        .toBe(true);

      await first.getByRole('link').click();
      await page.waitForURL(/\/registry\/[^/]+$/);
      await page.getByTestId('org-title').waitFor();
    } finally {
      await context.close();
    }
  });
});
