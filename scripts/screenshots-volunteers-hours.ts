/**
 * The screenshots of the volunteers' hours and overview parts (V3–V5: the approver's to-do, a
 * volunteer's ledger with a correction, manual entry, star settings; a volunteer's hours and
 * certificate on a phone, the printed certificate and its verification; statistics, rankings, the
 * home cards and the dashboard section), on the demo data of 长寿路; scripts/screenshots.ts takes
 * them with the others.
 */
import type { Page } from 'playwright-core';

interface Viewport {
  width: number;
  height: number;
}

/** The ledger of a volunteer whose hours were corrected once (the demo has one), found through the API. */
const openCorrectedLedger = async (page: Page) => {
  const res = await page.request.get('/api/volunteers/hours?kind=reversal&pageSize=1');
  const [entry] = (await res.json()).items as { volunteerId: string }[];
  if (!entry) throw new Error('the demo data has no corrected hours for this account');
  await page.goto(`/volunteers/hours/ledger?volunteer=${entry.volunteerId}`);
  await page.getByTestId('volunteer-summary').waitFor();
  await page.locator('[data-testid="ledger-table"] .ant-table-row').first().waitFor();
};

const openMyCertificate = async (page: Page) => {
  await page.goto('/print/volunteers/my-certificate');
  await page.getByTestId('certificate-code').waitFor();
  await page.waitForTimeout(300);
};

export function volunteerHoursShots(DESKTOP: Viewport, PHONE: Viewport) {
  return [
    // The centre of 长寿路 at a desk: entries waiting for its decision, a volunteer's ledger with a correction, the
    // correction's confirmation, manual entry; the street office's star settings.
    { name: 'volunteers-hours-pending', user: 'zx.changshou', path: '/volunteers/hours/pending', viewport: DESKTOP, ready: 'pending-table' },
    {
      name: 'volunteers-hours-batch-confirm',
      user: 'zx.changshou',
      path: '/volunteers/hours/pending',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await page.locator('[data-testid="pending-table"] .ant-table-row').first().waitFor();
        await page.locator('[data-testid="pending-table"] .ant-table-row .ant-checkbox-input').nth(0).check();
        await page.locator('[data-testid="pending-table"] .ant-table-row .ant-checkbox-input').nth(1).check();
        await page.getByTestId('batch-approve').click();
        await page.getByTestId('batch-ok').waitFor();
      },
    },
    { name: 'volunteers-hours-ledger', user: 'zx.changshou', path: '/volunteers/hours/ledger', viewport: DESKTOP, act: openCorrectedLedger },
    {
      name: 'volunteers-hours-reverse',
      user: 'zx.changshou',
      path: '/volunteers/hours/ledger',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await openCorrectedLedger(page);
        await page.getByTestId('entry-reverse').first().click();
        await page.getByTestId('hours-reason-ok').waitFor();
      },
    },
    {
      name: 'volunteers-hours-manual',
      user: 'zx.changshou',
      path: '/volunteers/hours/pending',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await page.getByTestId('manual-open').click();
        await page.getByTestId('manual-ok').click();
        await page.locator('.ant-form-item-explain-error').first().waitFor();
      },
    },
    {
      name: 'volunteers-hours-approved',
      user: 'zx.changshou',
      path: '/volunteers/hours/pending',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await page.getByTestId('entry-approve').first().click();
        await page.getByTestId('approve-ok').click();
        await page.locator('.ant-message-success').waitFor();
      },
    },
    {
      name: 'volunteers-hours-rerecord',
      user: 'zx.changshou',
      path: '/volunteers/hours/ledger',
      viewport: DESKTOP,
      act: async (page: Page) => {
        // A correction, then the offer to enter the right period, accepted: the entry form opens filled in.
        await openCorrectedLedger(page);
        await page.getByTestId('entry-reverse').first().click();
        await page.getByTestId('hours-reason-input').fill('签到时间登记错误，实际服务时段为 14:30 – 16:30');
        await page.getByTestId('hours-reason-ok').click();
        await page.locator('.ant-modal-confirm .ant-btn-primary').click();
        await page.getByTestId('manual-form').waitFor();
      },
    },
    { name: 'volunteers-certificate-staff', user: 'zx.changshou', path: '/volunteers/hours/ledger', viewport: DESKTOP, act: async (page: Page) => {
      await openCorrectedLedger(page);
      await page.getByTestId('certificate-open').click();
      await page.locator('.ant-modal .ant-btn-primary').click();
      await page.getByTestId('certificate-code').waitFor();
    } },
    { name: 'volunteers-star-settings', user: 'jd.changshou', path: '/volunteers/star-settings', viewport: DESKTOP, ready: 'stars-form' },
    {
      name: 'volunteers-star-settings-saved',
      user: 'jd.changshou',
      path: '/volunteers/star-settings',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await page.getByTestId('stars-form').waitFor();
        await page.getByTestId('stars-source').fill('长寿路街道志愿服务星级认定试行办法（2026）');
        await page.getByTestId('stars-save').click();
        await page.locator('.ant-modal-confirm .ant-btn-primary').click();
        await page.locator('.ant-message-success').waitFor();
      },
    },
    // A volunteer on a phone: its hours and star, the certificate's period, the printed certificate, its verification.
    { name: 'volunteers-my-hours-phone', user: 'zyz.li', path: '/volunteers/my-hours', viewport: PHONE, ready: 'my-hours-totals' },
    { name: 'volunteers-my-certificate-phone', user: 'zyz.li', path: '/volunteers/my-certificate', viewport: PHONE, ready: 'my-certificate' },
    { name: 'volunteers-certificate-print', user: 'zyz.li', path: '/volunteers/my-certificate', viewport: DESKTOP, act: openMyCertificate },
    { name: 'volunteers-certificate-paper', user: 'zyz.li', path: '/volunteers/my-certificate', viewport: DESKTOP, act: openMyCertificate, media: 'print' as const },
    {
      name: 'volunteers-certificate-verify-phone',
      user: 'zyz.li',
      path: '/volunteers/my-certificate',
      viewport: PHONE,
      act: async (page: Page) => {
        await openMyCertificate(page);
        const code = await page.getByTestId('certificate-code').innerText();
        await page.goto(`/verify/${code}`);
        await page.getByTestId('verify-result').waitFor();
      },
    },
    // Statistics of the street: this year, the charity supermarket's 2006 [seed 003], the rankings; the home cards and the dashboard.
    { name: 'volunteers-statistics', user: 'zx.changshou', path: '/volunteers/statistics', viewport: DESKTOP, ready: 'vol-stat-hours' },
    {
      name: 'volunteers-statistics-2006',
      user: 'zx.changshou',
      path: '/volunteers/statistics',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await page.getByTestId('vol-stat-hours').waitFor();
        await page.getByTestId('statistics-year').click();
        await page.keyboard.type('2006');
        await page.keyboard.press('Enter');
        await page.getByText('长寿路街道 · 2006').or(page.getByText('2006 (including')).first().waitFor();
      },
    },
    {
      name: 'volunteers-rankings',
      user: 'zx.changshou',
      path: '/volunteers/statistics',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await page.locator('.ant-tabs-tab[data-node-key="rankings"]').click();
        await page.locator('[data-testid="ranking-volunteers"] .ant-table-row').first().waitFor();
      },
    },
    { name: 'volunteers-home-staff', user: 'zx.changshou', path: '/', viewport: DESKTOP, ready: 'home-volunteer-staff' },
    { name: 'volunteers-home-self-phone', user: 'zyz.li', path: '/', viewport: PHONE, ready: 'home-volunteer-self' },
    { name: 'volunteers-dashboard', user: 'jd.changshou', path: '/dashboard', viewport: DESKTOP, ready: 'dashboard-volunteers' },
  ];
}
