import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

/** A real 1×1 PNG: the photo a team member takes of its venue permit. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('files of a filing', () => {
  it('answers a return with a photo attached, which the filing history then offers as a download', async () => {
    const { page } = suite;
    const team = '普雄社区葫芦丝队';
    await signIn(page, 'zx.changshou');

    // The centre returns the team's filing.
    await page.goto('/filings');
    await page.getByTestId('filings-table').getByText(team).click();
    await page.getByTestId('filing-return').click();
    await page.locator('.ant-modal textarea').last().fill('请补充场地使用证明');
    await page.getByTestId('decision-ok').click();
    await page.locator('.ant-modal-confirm .ant-btn-dangerous').click();
    await page.locator('.ant-message').getByText('已退回').waitFor();

    // The team submits again with the permit attached.
    await page.goto(`/registry?q=${encodeURIComponent(team)}`);
    await page.getByTestId('registry-table').getByRole('link', { name: team }).click();
    await expect.poll(() => page.getByTestId('org-status').innerText()).toBe('已退回');
    await page.getByTestId('submit-filing').click();
    await page.locator('[data-testid="attachments-upload"] input[type=file]').setInputFiles({ name: '场地使用证明.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.ant-upload-list-item-done').waitFor();
    await page.getByTestId('filing-action-ok').click();
    await expect.poll(() => page.getByTestId('org-status').innerText()).toBe('审核中');

    await page.getByRole('tab', { name: '备案记录' }).click();
    const link = page.getByTestId('attachment-links').getByRole('link', { name: /场地使用证明\.png/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('场地使用证明.png');
    expect(Buffer.compare(await readFile((await download.path())!), PNG)).toBe(0);
  });
});
