import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();
const TEAM = '武宁社区太极拳队'; // the demo team of td.taiji (org_member)

/** Sets an antd date picker by typing into its input, as a keyboard user would. */
async function typeDate(page: Page, input: ReturnType<Page['locator']>, value: string) {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

describe("a team leader's month (六个一, issue 8 rule 5)", () => {
  it('files the month, corrects it (the history keeps both), and the centre sees the team as reported', async () => {
    const { page } = suite;
    await signIn(page, 'td.taiji');

    // The month to file: the newest the team may report on that the demo data left open.
    const card = ((await (await page.request.get('/api/home')).json()).cards as any[]).find((c) => c.kind === 'teamReport');
    expect(card?.organizationName).toBe(TEAM);
    const teamId: string = card.organizationId;
    const { items, form } = await (await page.request.get(`/api/registry/organizations/${teamId}/reports`)).json();
    const taken = new Set((items as { month: string }[]).map((r) => r.month));
    const month = (form.months as string[]).find((m) => !taken.has(m));
    expect(month, 'the demo team has an open month to report').toBeTruthy();
    expect(form.leaderNames.length, 'the demo roster names a leader').toBeGreaterThan(0);

    // A team member sees its own team in the list and is offered no 新建, which would only be refused.
    await page.goto('/registry');
    await page.getByText(TEAM).first().waitFor();
    expect(await page.getByTestId('create-org').count()).toBe(0);

    await page.goto(`/registry/${teamId}?tab=reports`);
    await page.getByTestId('report-new').click();
    const modal = page.locator('.ant-modal');
    await modal.getByText(month!, { exact: true }).waitFor();
    // 一人负责 is the roster's leader, pre-filled; the venue permit is confirmed for the recorded venue.
    await modal.getByText(form.leaderNames[0], { exact: true }).waitFor();
    if (form.venue) await modal.getByText(`已取得场地使用许可：${form.venue}`).click();
    for (const item of ['flag', 'meetingHeld', 'trainingHeld', 'reportForm']) await page.getByTestId(`report-${item}`).click();
    await typeDate(page, modal.locator('#meetingDate'), `${month}-10`);
    await modal.locator('#trainingTopic').fill('太极拳基本功与防跌倒');
    await page.getByTestId('report-ok').click();
    await page.locator('.ant-message').getByText('月报已报送').waitFor();

    // The correction opens on the report as filed, marked 更正, and needs a reason.
    await page.getByTestId(`report-correct-${month}`).click();
    await modal.getByText(`更正 ${month} 的月报`).waitFor();
    expect(await modal.locator('#trainingTopic').inputValue()).toBe('太极拳基本功与防跌倒');
    await page.getByTestId('report-flag').click();
    await page.getByTestId('report-ok').click();
    await modal.locator('.ant-form-item-explain-error').first().waitFor();
    await page.getByTestId('report-correction-reason').fill('队旗送洗，本月例会未能展示');
    await page.getByTestId('report-ok').click();
    await page.locator('.ant-message').getByText('月报已更正').waitFor();

    const row = page.locator('tr', { has: page.getByTestId(`report-corrected-${month}`) });
    await row.locator('.ant-table-row-expand-icon').click();
    const history = page.getByTestId(`report-history-${month}`);
    await history.getByText('第 1 版').waitFor();
    await history.getByText('第 2 版').waitFor();
    await history.getByText('首次报送').waitFor();
    await history.getByText('队旗送洗，本月例会未能展示').waitFor();

    // The centre's compliance page counts the team as reported for that month.
    await page.context().clearCookies();
    await signIn(page, 'zx.changshou');
    await page.goto('/compliance');
    const picker = page.locator('.page-toolbar .ant-picker input').first();
    await typeDate(page, picker, month!);
    await expect.poll(() => picker.inputValue()).toBe(month);
    const table = page.getByTestId('compliance-teams');
    const teamRow = table.locator('tr', { has: page.getByRole('link', { name: TEAM, exact: true }) });
    // The list puts teams not compliant first; a corrected report without its flag is among them, on some page.
    const activePage = () => page.locator('.ant-pagination-item-active').last().getAttribute('title');
    for (let n = 1; n <= 20; n++) {
      await table.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
      if (await teamRow.count()) break;
      // The region table above has no pager: this is the team list's.
      await page.locator('.ant-pagination-next').last().click();
      await expect.poll(activePage).toBe(String(n + 1));
    }
    await expect.poll(() => teamRow.innerText()).toContain('是');
    expect(await teamRow.innerText()).toContain('未达标');
  });
});
