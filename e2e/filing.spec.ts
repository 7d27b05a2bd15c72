import { describe, expect, it } from 'vitest';
import { orgCodeCheckChar, usccCheckChar } from '../shared/validators';
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
    // The reviewer reviews what was submitted: the snapshot kept with the filing.
    await expect.poll(() => page.getByTestId('filing-snapshot').innerText()).toContain('长寿路街道社区文化活动中心二楼');
    await page.getByTestId('filing-approve').click();
    await page.getByTestId('decision-ok').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确 定' }).or(page.locator('.ant-modal-confirm .ant-btn-primary')).first().click();
    await page.locator('.ant-message').getByText('已通过').waitFor();

    await page.goto('/registry');
    await page.getByTestId('registry-search').locator('input').fill(name);
    await page.getByTestId('registry-search').locator('input').press('Enter');
    // Click only once the searched page has replaced the first one: a click during the swap can land on nothing.
    await page.waitForURL(/q=/);
    const rows = page.getByTestId('registry-table').locator('tbody tr.ant-table-row');
    await expect.poll(async () => (await rows.allInnerTexts()).every((text) => text.includes(name)) && (await rows.count()) > 0).toBe(true);
    await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
    await rows.getByRole('link', { name }).click();
    await page.waitForURL(/\/registry\/[^/?]+$/);
    await expect.poll(() => page.getByTestId('org-status').innerText()).toBe('已备案');
    const filingNumber = await page.getByTestId('filing-number').innerText();
    expect(filingNumber).toMatch(/\d/);

    // Filed: the edit drawer says changes go through 变更备案, with the facts locked; the street official
    // may instead correct a recording error, giving a reason.
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    await page.getByTestId('org-filed-hint').waitFor();
    expect(await page.getByTestId('org-filed-hint').innerText()).toContain('变更备案');
    const editForm = page.getByTestId('org-form');
    expect(await editForm.locator('#venue').isDisabled()).toBe(true);
    await page.getByTestId('org-correct-toggle').click();
    expect(await editForm.locator('#venue').isDisabled()).toBe(false);
    await editForm.locator('#venue').fill('长寿路街道社区文化活动中心三楼');
    await page.getByTestId('org-correction-reason').fill('登记时楼层录入有误');
    await page.getByTestId('org-save').click();
    await expect.poll(() => page.getByTestId('org-descriptions').innerText()).toContain('长寿路街道社区文化活动中心三楼');

    // The street office sees the same street's dashboard as the centre did.
    await page.goto('/dashboard');
    await page.getByTestId('stat-teams').waitFor();
    await expect.poll(() => statValue(page, 'teams')).toBe(teamsBefore + 1);
  });
});

/** A credit code whose structure is right and whose last character is not its check character. */
function usccWithWrongCheck() {
  const orgBody = `MA1K${String(Date.now() % 10000).padStart(4, '0')}`;
  const first17 = `51310107${orgBody}${orgCodeCheckChar(orgBody)}`;
  const right = usccCheckChar(first17)!;
  return { wrong: first17 + (right === '0' ? '1' : '0'), right: first17 + right, otherWrong: first17 + (right === '2' ? '3' : '2') };
}

describe('credit code messages in the organisation form', () => {
  it('shows one message for a bad code, and none left over once the code is edited', async () => {
    const { page } = suite;
    await page.context().clearCookies();
    await signIn(page, 'zx.changshou');
    await page.goto('/registry');
    await page.getByTestId('create-org').click();
    const form = page.getByTestId('org-form');
    await form.locator('#legalForm').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '社会团体' }).click();
    await form.locator('#name').fill(`长寿路E2E信用代码协会${Date.now() % 100000}`);
    const codes = usccWithWrongCheck();
    await form.locator('#uscc').fill(codes.wrong);
    const messages = form.locator('.ant-form-item').filter({ has: page.locator('#uscc') }).locator('.ant-form-item-explain > div');
    // Each message's kind, polled as a whole: while a refusal fades out (antd animates it) it is still there.
    const kinds = async () => Promise.all((await messages.all()).map(async (m) => ((await m.getAttribute('class')) ?? '').match(/error|warning/)?.[0]));

    await page.getByTestId('org-save').click();
    await page.locator('.ant-message-error').waitFor();
    // The server's refusal replaces the form's own warning: one message, not a red and an orange one.
    await expect.poll(kinds).toEqual(['error']);

    // Another wrong code: the refusal of the previous one is gone; the form warns about this one, once.
    await form.locator('#uscc').fill(codes.otherWrong);
    await expect.poll(kinds).toEqual(['warning']);

    await form.locator('#uscc').fill(codes.right);
    await expect.poll(() => messages.count()).toBe(0);
  });
});
