import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();
const PHONE = { width: 390, height: 844 };

/** A page of its own at a width, signed in as the user (or anonymous), closed by the caller. */
async function pageAs(username: string | null, viewport = PHONE) {
  const opened = await newPage(suite.browser, suite.server.url, viewport);
  if (username) await signIn(opened.page, username);
  return opened;
}

/** Confirms the open confirmation dialog (antd modal.confirm) with its OK button. */
async function confirmDialog(page: Page) {
  await page.locator('.ant-modal-confirm .ant-modal-confirm-btns .ant-btn-primary').click();
  await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
}

/** The id of the demo call of 东城 at a step, through the API as the page's signed-in staff. */
async function callAt(page: Page, step: string): Promise<string> {
  const items = (await (await page.request.get('/api/funding/calls?status=published&pageSize=100')).json()).items as { id: string; step: string }[];
  const call = items.find((c) => c.step === step);
  if (!call) throw new Error(`no demo call at ${step}`);
  return call.id;
}

/** Picks an option of a searchable antd select by typing it: no dropdown animation to wait out. */
async function choose(page: Page, select: ReturnType<Page['getByTestId']>, text: string) {
  await select.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('expert review, public notice and objections in the browser (F5, F6)', () => {
  it('an official sets up a panel: the rubric weights are checked as typed, then experts, chair and deadline', async () => {
    const { context, page } = await pageAs('mzj.dongcheng', { width: 1440, height: 900 });
    try {
      await page.goto(`/funding/panels/${await callAt(page, 'screening')}`);
      const form = page.getByTestId('panel-setup-form');
      await form.waitFor();
      await expect.poll(() => page.getByTestId('rubric-sum').innerText()).toContain('100 / 100');
      // A weight changed: the sum says so at once, and saving names the problem.
      await form.getByTestId('rubric-row').first().locator('.ant-input-number input').first().fill('40');
      await expect.poll(() => page.getByTestId('rubric-sum').innerText()).toContain('110 / 100');
      await page.getByTestId('panel-save').click();
      await form.getByText('各项权重合计须为 100，现为 110').waitFor();
      await form.getByText('请至少选择一位评审专家').waitFor();
      await form.getByTestId('rubric-row').first().locator('.ant-input-number input').first().fill('30');

      const experts = page.getByTestId('panel-experts');
      for (const name of ['张教授', '李研究员', '刘会计师']) await choose(page, experts, name);
      await page.keyboard.press('Escape');
      await expect.poll(() => experts.innerText()).toContain('刘会计师');
      await choose(page, page.getByTestId('panel-chair'), '张教授');
      await page.getByText('每个项目的得分为所有专家总分的平均值。').waitFor();
      const deadline = page.getByTestId('panel-deadline');
      await deadline.click();
      await page.keyboard.type('2026-12-20 17:00');
      await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
      await page.getByTestId('panel-save').click();
      await confirmDialog(page);
      // The panel exists: its tabs replace the set-up form.
      await page.locator('.ant-tabs-tab[data-node-key="assign"]').waitFor();
      await page.locator('.ant-tabs-tab[data-node-key="progress"]').click();
      await expect.poll(() => page.getByTestId('progress-summary').innerText()).toContain('0 / 0');
    } finally {
      await context.close();
    }
  });

  it('staff see an expert’s declared tie in the matrix before assigning: the cell shows the conflict, not a button', async () => {
    const { context, page } = await pageAs('zx.dongcheng', { width: 1440, height: 900 });
    try {
      await page.goto(`/funding/panels/${await callAt(page, 'review')}`);
      await page.locator('.ant-tabs-tab[data-node-key="assign"]').click();
      const matrix = page.getByTestId('assignment-matrix');
      await matrix.waitFor();
      // The demo's open panel: 陈律师 declared a tie with one applicant and is assigned every other one;
      // the declared tie shows before anyone tries the pair.
      await matrix.getByTestId('assign-conflict').waitFor();
      expect(await matrix.getByTestId('assign-cell').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('an expert who has not declared declares no conflict on a phone, then sees the panel as declared', async () => {
    const { context, page } = await pageAs('expert.zhao');
    try {
      await page.goto('/funding/my-reviews');
      const declaration = page.getByTestId('conflict-declaration').first();
      await declaration.waitFor();
      // Nothing chosen: the form names what is missing and sends nothing.
      await declaration.getByTestId('conflicts-submit').click();
      await declaration.getByText('请选择是否有关联').first().waitFor();
      for (const group of await declaration.getByTestId('conflict-choice').all()) await group.getByText('无关联').click();
      await declaration.getByTestId('conflicts-submit').click();
      await confirmDialog(page);
      await page.getByText(/已于 .* 申报利益冲突/).first().waitFor();
    } finally {
      await context.close();
    }
  });

  it('an expert scores on a phone, the chair returns it with a reason without seeing it, and the expert reads the reason', async () => {
    const expert = await pageAs('expert.li');
    // Read by the chair's and the expert's later pages.
    const seen = { applicationPath: '' };
    try {
      const { page } = expert;
      await page.goto('/funding/my-reviews');
      const toScore = page.getByTestId('my-assignment').filter({ hasText: '待评分' }).first();
      await toScore.getByRole('link').first().click();
      await page.getByTestId('score-form').waitFor();
      seen.applicationPath = new URL(page.url()).pathname;

      // Submitting an empty sheet names the first criterion that needs a score.
      await page.getByTestId('score-submit').click();
      await page.getByText(/请为“.+”打分/).first().waitFor();
      // 暂存 keeps a half-done sheet on the server: it is there again after a reload.
      await page.getByTestId('score-form').locator('.ant-input-number input').first().fill('7');
      await page.getByTestId('score-draft').click();
      await page.getByTestId('score-draft-help').getByText(/已于 .* 暂存/).waitFor();
      await page.reload();
      await page.getByTestId('score-form').waitFor();
      await expect.poll(() => page.getByTestId('score-form').locator('.ant-input-number input').first().inputValue()).toBe('7.0');
      const inputs = await page.getByTestId('score-form').locator('.ant-input-number input').all();
      expect(inputs.length).toBeGreaterThan(0);
      for (const input of inputs) await input.fill('8');
      await page.getByTestId('score-form').locator('textarea').last().fill('方案扎实，预算合理。');
      await expect.poll(() => page.getByTestId('score-total').innerText()).toContain('80');
      await page.getByTestId('score-submit').click();
      await confirmDialog(page);
      await page.getByTestId('my-score').waitFor();
      // Before the panel closes nobody's score but one's own is shown.
      expect(await page.getByText('全体专家评分').count()).toBe(0);
    } finally {
      await expert.context.close();
    }

    const chair = await pageAs('expert.zhang', { width: 1440, height: 900 });
    try {
      const { page } = chair;
      await page.goto(seen.applicationPath);
      const progress = page.getByTestId('chair-progress');
      await progress.waitFor();
      const row = progress.locator('.ant-list-item').filter({ hasText: '李研究员' });
      expect(await row.innerText()).toContain('已评分');
      // The chair sees that the expert scored, never what.
      expect(await page.getByText('方案扎实，预算合理。').count()).toBe(0);
      await row.getByTestId('chair-return').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '退回' });
      await dialog.locator('textarea').fill('请结合预算明细重新评估第三项');
      await dialog.locator('.ant-btn-dangerous').click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => row.innerText()).toContain('待评分');
    } finally {
      await chair.context.close();
    }

    const again = await pageAs('expert.li');
    try {
      const { page } = again;
      await page.goto(seen.applicationPath);
      await expect.poll(() => page.getByTestId('score-returned').innerText()).toContain('请结合预算明细重新评估第三项');
      await page.getByTestId('score-form').waitFor();
    } finally {
      await again.context.close();
    }
  });

  it('a resident objects on a phone without signing in; staff see the contact masked and answer it', async () => {
    const resident = await pageAs(null);
    const seen = { callId: '' };
    try {
      const { page } = resident;
      await page.goto('/public/notices');
      const open = page.getByTestId('public-notice').filter({ hasText: '公示中' }).first();
      await open.getByRole('link').first().click();
      await page.getByTestId('notice-title').waitFor();
      expect(await page.getByTestId('notice-period').innerText()).toMatch(/公示期至 \d{4}-\d{2}-\d{2}.*按工作日计/);
      const noticeId = new URL(page.url()).pathname.split('/').pop()!;
      seen.callId = (await (await page.request.get(`/api/funding/public/notices/${noticeId}`)).json()).callId;

      const form = page.getByTestId('objection-form');
      await page.getByTestId('objection-submit').click();
      await form.getByText('请填写姓名').waitFor();
      await form.locator('#name').fill('王居民');
      await form.locator('#contact').fill('13912341111');
      await form.locator('#objectionText').fill('该机构去年的项目未按期完成。');
      await page.getByTestId('objection-submit').click();
      await page.getByTestId('objection-lodged').getByText('异议已收到').waitFor();
    } finally {
      await resident.context.close();
    }

    const staff = await pageAs('zx.dongcheng', { width: 1440, height: 900 });
    try {
      const { page } = staff;
      await page.goto(`/funding/notices/${seen.callId}`);
      const row = page.getByTestId('objections-table').locator('tr').filter({ hasText: '王居民' });
      await row.waitFor();
      // A deep link to one notice keeps the side menu on the notices entry.
      expect(await page.getByTestId('side-menu').locator('.ant-menu-item-selected').innerText()).toContain('项目公示');
      expect(await row.innerText()).toContain('139****1111');
      expect(await row.innerText()).not.toContain('13912341111');
      await row.getByTestId('objection-answer').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '答复' });
      await dialog.getByText('异议不成立').click();
      await dialog.locator('textarea').fill('经核实，该机构上年度项目已按合同完成并通过评估。');
      await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => row.innerText()).toContain('异议不成立');
    } finally {
      await staff.context.close();
    }
  });
});
