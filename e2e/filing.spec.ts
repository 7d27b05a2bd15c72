import { describe, expect, it } from 'vitest';
import { signIn, statValue } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

describe('team filing (R2)', () => {
  it('centre staff files a new team, a second reviewer approves it (four eyes), and the dashboard counts it', async () => {
    const { page } = suite;
    await signIn(page, 'zx.changshou');
    await page.goto('/dashboard');
    await page.getByTestId('stat-teams').waitFor();
    const teamsBefore = await statValue(page, 'teams');

    const name = `长寿路E2E太极拳队${Date.now() % 100000}`;
    await page.goto('/registry');
    await page.getByTestId('create-org').click();
    const form = page.getByTestId('org-form');
    await form.locator('#name').fill(name);
    await form.locator('#activityContent').fill('每周二、四上午集体练习二十四式太极拳');
    await form.locator('#venue').fill('长寿路街道社区文化活动中心二楼');
    await form.locator('#leaderName').fill('王秀英');
    await page.getByTestId('org-save').click();

    await page.waitForURL(/\/registry\/[^/]+$/);
    await expect.poll(() => page.getByTestId('org-title').innerText()).toBe(name);

    await page.getByTestId('member-add').click();
    const member = page.getByTestId('member-form');
    await member.locator('#name').fill('王秀英');
    await page.getByTestId('member-save').click();
    await page.getByRole('tabpanel', { name: '成员名单' }).getByRole('cell', { name: '王秀英', exact: true }).waitFor();

    await page.getByTestId('submit-filing').click();
    await page.getByTestId('filing-action-ok').click();
    await expect.poll(() => page.getByTestId('org-status').innerText()).toBe('审核中');

    // Four eyes: the worker who submitted it is told someone else must approve it, and is offered no approval.
    await page.goto('/filings');
    await page.getByTestId('filings-table').getByText(name).click();
    await page.getByTestId('filing-four-eyes').waitFor();
    expect(await page.getByTestId('filing-approve').count()).toBe(0);

    await page.context().clearCookies();
    await signIn(page, 'jd.changshou');
    await page.goto('/filings');
    await page.getByTestId('filings-table').getByText(name).click();
    await page.getByTestId('filing-approve').click();
    await page.getByTestId('decision-ok').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确 定' }).or(page.locator('.ant-modal-confirm .ant-btn-primary')).first().click();
    await page.locator('.ant-message').getByText('已通过').waitFor();

    await page.goto('/registry');
    await page.getByTestId('registry-search').locator('input').fill(name);
    await page.getByTestId('registry-search').locator('input').press('Enter');
    await page.getByTestId('registry-table').getByRole('link', { name }).click();
    await expect.poll(() => page.getByTestId('org-status').innerText()).toBe('已备案');
    const filingNumber = await page.getByTestId('filing-number').innerText();
    expect(filingNumber).toMatch(/\d/);

    // The street office sees the same street's dashboard as the centre did.
    await page.goto('/dashboard');
    await page.getByTestId('stat-teams').waitFor();
    await expect.poll(() => statValue(page, 'teams')).toBe(teamsBefore + 1);
  });
});
