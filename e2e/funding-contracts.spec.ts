import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

/** A real 1×1 PNG: the photo a phone would send. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The first contract in `status` the signed-in account reads, through the API. */
async function contractIn(page: Page, status: string): Promise<{ id: string; title: string }> {
  const res = await page.request.get(`/api/funding/contracts?status=${status}&pageSize=20`);
  const items = (await res.json()).items as { id: string; title: string }[];
  expect(items.length, `a ${status} contract in the demo data`).toBeGreaterThan(0);
  return items[0];
}

const confirm = (page: Page) => page.locator('.ant-modal-confirm .ant-btn-primary').click();

/** Picks a day in an antd date picker by typing it. */
async function pickDate(page: Page, input: ReturnType<Page['locator']>, day: string) {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

describe('contracts, payments, monitoring and evaluation (F8–F11) in the browser', () => {
  it('staff renew a contract: signing is refused while the content is unchanged, then the adjusted renewal is signed on next year’s fund', async () => {
    const { page } = suite;
    await signIn(page, 'zx.dongcheng');
    const completed = await contractIn(page, 'completed');
    await page.goto(`/funding/contracts/${completed.id}`);
    await page.getByTestId('contract-renew').click();
    await confirm(page);
    await page.waitForURL(/tab=changes/);
    await page.getByTestId('renewal-unchanged').first().waitFor();
    expect(await page.getByTestId('contract-status').innerText()).toBe('草稿');

    // The server's refusal, in words, when the content was not adjusted (seed 002).
    await page.getByTestId('contract-sign').click();
    await confirm(page);
    await page.locator('.ant-message').getByText('服务内容与上一年度合同完全相同').waitFor();
    expect(await page.getByTestId('contract-status').innerText()).toBe('草稿');

    // Adjust the content and move it to next year's fund.
    await page.getByTestId('contract-edit').click();
    const form = page.getByTestId('contract-form');
    await form.locator('#content_summary').fill('续签：增加夜间课业辅导，服务对象扩大到随迁子女。');
    await page.getByTestId('contract-fund').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2026' }).first().click();
    await page.getByTestId('contract-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('renewal-unchanged').count()).toBe(0);
    await page.getByTestId('renewal-changes').getByText('服务内容：项目简介').waitFor();

    await page.getByTestId('contract-sign').click();
    await page.locator('.ant-modal-confirm').getByText('将在支付资金上承诺').waitFor();
    await confirm(page);
    await expect.poll(() => page.getByTestId('contract-status').innerText()).toBe('履行中');
    expect(await page.getByTestId('contract-number').innerText()).toMatch(/HT\d{4}-/);
    await page.getByRole('tab', { name: '拨款与履约节点' }).click();
    // The tranche paid on signing was paid at once.
    await expect.poll(() => page.getByTestId('tranches-table').innerText()).toContain('已拨付');
  });

  it('the organisation sends its overdue report on a phone, staff accept it, and a passed mid-term evaluation pays its tranche', async () => {
    const phone = await newPage(suite.browser, suite.server.url, { width: 390, height: 844 });
    try {
      const org = phone.page;
      await signIn(org, 'zz.qilerong');
      const contract = await contractIn(org, 'signed');
      // The contract says first that a report is overdue, and leads to it.
      await org.goto(`/funding/contracts/${contract.id}`);
      await org.getByTestId('reports-overdue').waitFor();
      await org.getByTestId('reports-due-open').click();
      const overdue = org.locator('[data-testid="report-row"][data-overdue="true"]').first();
      await overdue.waitFor();
      const period = (await overdue.locator('strong').first().innerText()).split(' · ')[0];
      await overdue.getByTestId('report-submit').click();
      const modal = org.locator('.ant-modal:visible');
      await pickDate(org, modal.locator('.ant-picker input').first(), '2026-10-15');
      await modal.getByPlaceholder('参与人数').fill('36');
      await modal.getByPlaceholder('活动名称').fill('时间银行积分兑换日');
      await modal.getByPlaceholder('地点').fill('社区活动室');
      await modal.getByTestId('report-beneficiaries').fill('120');
      await modal.getByTestId('report-narrative').fill('本月开展积分兑换活动一次，新增志愿者 8 名。');
      await modal.locator('input[type=file]').setInputFiles({ name: '活动照片.png', mimeType: 'image/png', buffer: PNG });
      await modal.locator('.ant-upload-list-item-done').waitFor();
      await org.getByTestId('report-submit-ok').click();
      await modal.waitFor({ state: 'detached' });
      const sent = org.getByTestId('report-row').filter({ hasText: '待验收' }).first();
      await sent.waitFor();

      const staff = await newPage(suite.browser, suite.server.url, { width: 1440, height: 900 });
      try {
        await signIn(staff.page, 'zx.dongcheng');
        await staff.page.goto(`/funding/contracts/${contract.id}?tab=monitoring`);
        const row = staff.page.getByTestId('report-row').filter({ hasText: `${period} ·` });
        await row.getByTestId('report-accept').click();
        await staff.page.getByTestId('report-accept-ok').click();
        await expect.poll(() => row.innerText()).toContain('已验收');
      } finally {
        await staff.context.close();
      }

      const evaluator = await newPage(suite.browser, suite.server.url, { width: 1440, height: 900 });
      try {
        await signIn(evaluator.page, 'pg.dongcheng');
        await evaluator.page.goto(`/funding/monitoring/${contract.id}`);
        await evaluator.page.getByTestId('evaluation-add').click();
        const form = evaluator.page.locator('.ant-modal:visible');
        const achieved = form.getByPlaceholder('实际完成情况');
        // The indicators' rows appear once the form has been filled for this opening: count them after that.
        await achieved.first().waitFor();
        for (let i = 0; i < (await achieved.count()); i++) {
          await achieved.nth(i).fill('按计划完成');
          await form.getByPlaceholder('得分（0–100）').nth(i).fill('80');
        }
        await form.getByTestId('evaluation-overall').fill('80');
        await form.getByText('达到合格线 60 分：评估合格').waitFor();
        await form.locator('textarea').first().fill('中期目标基本达成，活动记录完整。');
        await evaluator.page.getByTestId('evaluation-ok').click();
        await evaluator.page.locator('.ant-modal-confirm').getByTestId('evaluation-consequence').waitFor();
        await confirm(evaluator.page);
        await expect.poll(() => evaluator.page.getByTestId('evaluation-result').first().innerText()).toContain('合格 80/60');
      } finally {
        await evaluator.context.close();
      }

      // The organisation sees the mid-term tranche paid.
      await org.goto(`/funding/contracts/${contract.id}`);
      await expect.poll(async () => (await org.getByTestId('tranches-table').innerText()).match(/已拨付/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    } finally {
      await phone.context.close();
    }
  });
});
