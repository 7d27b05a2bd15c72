import { describe, expect, it } from 'vitest';
import { newPage, signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

/** The front of the funding pipeline in the browser: a centre publishes a call, an organisation applies on a phone. */
describe('funding front: a call from draft to a submitted application', () => {
  const title = `E2E 社区睦邻公益创投 ${Date.now()}`;
  const year = new Date().getFullYear();
  // A deadline well ahead, typed and shown as Beijing time whatever the browser's zone.
  const deadline = `${year + 1}-01-15 17:00`;
  let callId = '';

  it('centre staff draft a call in yuan and Beijing time, publish it, and the public page shows it', async () => {
    const { page } = suite;
    await signIn(page, 'zx.dongcheng');
    await page.goto('/funding/calls');
    await page.getByTestId('calls-board').waitFor();

    await page.getByTestId('call-create').click();
    await page.locator('#title').fill(title);
    // Nothing is sent without the budget: the field says so.
    await page.getByTestId('call-save').click();
    await page.getByText('请填写总预算').waitFor();

    await page.locator('#budgetFen').fill('100000.5');
    await page.locator('#capFen').fill('50000');
    await page.locator('#deadline').click();
    await page.locator('#deadline').fill(deadline);
    await page.locator('#deadline').press('Enter');
    await page.getByTestId('call-save').click();

    await page.getByTestId('call-title').filter({ hasText: title }).waitFor();
    callId = new URL(page.url()).pathname.split('/').pop()!;
    const overview = await page.locator('.ant-descriptions').innerText();
    expect(overview).toContain('¥100,000.50');
    expect(overview).toContain('¥50,000.00');
    expect(overview).toContain(`${deadline}（北京时间）`);

    await page.getByTestId('call-publish').click();
    await page.getByTestId('call-action-ok').click();
    await page.getByTestId('call-publish').waitFor({ state: 'detached' });
    await page.locator('.ant-tag', { hasText: '进行中' }).waitFor();
    await page.locator('.ant-tabs-tab[data-node-key="history"]').click();
    expect(await page.getByTestId('call-history').innerText()).toContain('发布');

    await page.goto(`/public/calls/${callId}`);
    expect(await page.getByTestId('public-call-title').innerText()).toBe(title);
    expect(await page.getByTestId('public-call-deadline').innerText()).toBe(`${deadline}（北京时间）`);
    await page.getByTestId('public-call-apply').waitFor();
  });

  it('an organisation applies on a phone: the budget must add up to the amount asked before it is accepted', async () => {
    const { context, page } = await newPage(suite.browser, suite.server.url, { width: 375, height: 812 });
    try {
      await signIn(page, 'zz.qilerong');
      await page.goto(`/funding/applications/new?callId=${callId}`);
      await page.getByTestId('application-form').waitFor();
      const next = () => page.getByTestId('application-next').click();

      await page.locator('#title').fill('E2E 楼门互助小组');
      await page.locator('#amountFen').fill('1000');
      await next();
      await page.locator('#goals').fill('组建楼门互助小组，定期探访独居老人。');
      await page.locator('#targetBeneficiaries').fill('独居老人');
      await page.locator('#beneficiaryCount').fill('40');
      await next();
      await page.getByRole('button', { name: '添加活动' }).click();
      await page.locator('#activities_0_name').fill('入户探访');
      for (const [id, date] of [
        ['#activities_0_startsOn', `${year}-03-01`],
        ['#activities_0_endsOn', `${year}-11-30`],
      ]) {
        await page.locator(id).click();
        await page.locator(id).fill(date);
        await page.locator(id).press('Enter');
      }
      await next();
      await page.getByRole('button', { name: '添加预算项' }).click();
      await page.locator('#budgetLines_0_item').fill('慰问物资');
      await page.locator('#budgetLines_0_amountFen').fill('800');
      // The running total shows the gap before anything is sent.
      await expect.poll(() => page.getByTestId('budget-total').innerText()).toContain('相差 ¥200.00');
      await next();
      await page.getByRole('button', { name: '添加绩效目标' }).click();
      await page.locator('#indicators_0_name').fill('探访人次');
      await page.locator('#indicators_0_target').fill('400');

      await page.getByTestId('application-save').click();
      await page.waitForURL(/\/funding\/applications\/[0-9a-f-]{36}$/);

      // Submitted anyway: the server refuses, naming the budget, and the form opens the budget step.
      await page.getByTestId('application-form').waitFor();
      while (await page.getByTestId('application-submit').count() === 0) await next();
      await page.getByTestId('application-submit').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      const refusal = page.getByTestId('application-refusal');
      await refusal.waitFor();
      expect(await refusal.innerText()).toContain('800.00');
      await page.getByTestId('budget-total').waitFor();

      await page.locator('#budgetLines_0_amountFen').fill('1000');
      await expect.poll(() => page.getByTestId('budget-total').innerText()).not.toContain('相差');
      while (await page.getByTestId('application-submit').count() === 0) await next();
      await page.getByTestId('application-submit').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await page.getByTestId('application-history').waitFor();
      expect(await page.locator('.ant-tag', { hasText: '已提交' }).count()).toBe(1);
      expect(await page.getByTestId('application-history').innerText()).toContain('提交');
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await context.close();
    }
  });
});
