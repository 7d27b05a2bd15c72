import { describe, expect, it } from 'vitest';
import { newPage, signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

describe('verifiable filing certificate (备案证明)', () => {
  it("a team member prints its certificate on A4, and anyone checks it on a phone without seeing the leader's name", async () => {
    const { page, browser, server } = suite;
    await signIn(page, 'td.taiji');
    await page.goto('/registry');
    await page.locator('a[href^="/registry/"]').first().click();
    const teamName = await page.getByTestId('org-title').innerText();
    const leader = (await page.locator('th.ant-descriptions-item-label', { hasText: /^负责人$/ }).locator('xpath=following-sibling::td[1]').innerText()).trim();
    expect(leader.length).toBeGreaterThan(1);

    await page.getByTestId('print-filing-certificate').click();
    const sheet = page.getByTestId('certificate-sheet');
    await sheet.getByText('社区社会组织备案证明').waitFor();
    const code = await page.getByTestId('certificate-code').innerText();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
    expect(await sheet.innerText()).toContain(teamName);
    expect(await sheet.innerText()).not.toContain(leader);
    expect(await page.getByTestId('certificate-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await sheet.evaluate((el) => getComputedStyle(el).fontFamily)).toContain('Noto Serif CJK SC');
    // On paper: the toolbar goes, the sheet is the A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-certificate').isVisible()).toBe(false);
    expect(await sheet.evaluate((el) => Math.round(el.getBoundingClientRect().width / (96 / 25.4)))).toBe(210);
    await page.emulateMedia({ media: 'screen' });

    const phone = await newPage(browser, server.url, { width: 390, height: 844 });
    try {
      await phone.page.goto(`/verify/${code}`);
      await expect.poll(() => phone.page.getByTestId('verify-status').innerText()).toBe('有效');
      const result = await phone.page.getByTestId('verify-result').innerText();
      expect(result).toContain(teamName);
      expect(result).not.toContain(leader);
      // A code typed by hand, lower case and without hyphens, finds the same certificate; a wrong one is refused.
      await phone.page.getByTestId('verify-input').fill('not-a-code');
      await phone.page.getByTestId('verify-submit').click();
      await phone.page.getByText('核验码应为 12 位数字和字母').first().waitFor();
      await phone.page.getByTestId('verify-input').fill(code.replace(/-/g, '').toLowerCase());
      await phone.page.getByTestId('verify-submit').click();
      await phone.page.waitForURL(`**/verify/${code}`);
      await expect.poll(() => phone.page.getByTestId('verify-status').innerText()).toBe('有效');
    } finally {
      await phone.context.close();
    }
  });
});
