import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, PASSWORD } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();
const PHONE = { width: 390, height: 844 };
const TITLE = '端到端测试：社区助老值班';

/** Staff of 长寿路 set up a published activity with one shift starting in 10 minutes, through the API. */
async function plannedShift(request: APIRequestContext): Promise<{ activityId: string; shiftId: string }> {
  const login = await request.post('/api/auth/login', { data: { username: 'zx.changshou', password: PASSWORD } });
  const headers = { 'x-csrf-token': (await login.json()).csrfToken as string };
  const activity = await request.post('/api/volunteers/activities', { headers, data: { title: TITLE, type: 'elderly', place: '长寿路街道社区民间组织服务中心', regionCode: '310107015000' } });
  expect(activity.status(), await activity.text()).toBe(200);
  const activityId = (await activity.json()).id as string;
  const start = Date.now() + 10 * 60_000;
  const shift = await request.post(`/api/volunteers/activities/${activityId}/shifts`, {
    headers,
    data: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), quota: 5 },
  });
  expect(shift.status(), await shift.text()).toBe(200);
  const published = await request.post(`/api/volunteers/activities/${activityId}/publish`, { headers, data: {} });
  expect(published.status(), await published.text()).toBe(200);
  return { activityId, shiftId: (await shift.json()).id as string };
}

/** The code the venue's screen shows now. */
async function screenCode(screen: Page): Promise<string> {
  await screen.reload();
  return (await screen.getByTestId('qr-code-text').innerText()).trim();
}

describe('volunteer shifts (V2) in the browser', () => {
  it('a volunteer scans the venue code signed out, signs in, comes back to the code, signs up and checks in; staff check out', async () => {
    const { page, browser, server } = suite;
    const { activityId, shiftId } = await plannedShift(page.request);

    // The venue's screen, opened by staff from the activity's shift list (the page shares the API's sign-in).
    await page.goto(`/volunteers/activities/${activityId}`);
    const qrLink = page.getByTestId('shift-qr');
    expect(await qrLink.getAttribute('href')).toBe(`/volunteers/shifts/${shiftId}/qr`);
    await page.goto(`/volunteers/shifts/${shiftId}/qr`);
    await page.getByTestId('qr-title').getByText(TITLE).waitFor();
    await page.getByTestId('qr-code').waitFor();
    await page.getByText('用手机扫码签到/签退').waitFor();

    // The volunteer's phone, not signed in: sign-in first, then back on the scan page with its code.
    const { context, page: phone } = await newPage(browser, server.url, PHONE);
    try {
      const code = await screenCode(page);
      await phone.goto(`/volunteers/scan/${shiftId}?code=${code}`);
      await phone.waitForURL((u) => u.pathname === '/login');
      await phone.locator('#username').fill('zyz.li');
      await phone.locator('#password').fill(PASSWORD);
      await phone.locator('button[type=submit]').click();
      await phone.waitForURL((u) => u.pathname === `/volunteers/scan/${shiftId}` && u.searchParams.get('code') === code);
      await phone.getByText('没有找到您对这个班次的报名').waitFor();

      // Sign up from 找活动, then scan again.
      await phone.goto('/volunteers/open-shifts');
      const card = phone.getByTestId('shift-card').filter({ hasText: TITLE });
      await card.getByTestId('shift-signup').click();
      await card.getByTestId('my-signup-status').getByText('已报名').waitFor();

      // A code that is not the screen's is refused with the words the volunteer needs.
      await phone.goto(`/volunteers/scan/${shiftId}?code=ABCD2345`);
      await phone.getByTestId('scan-button').click();
      await phone.getByTestId('scan-expired').getByText('请扫描现场屏幕上的最新二维码').waitFor();

      await phone.goto(`/volunteers/scan/${shiftId}?code=${await screenCode(page)}`);
      await phone.getByTestId('scan-button').getByText(/签\s*到/).waitFor();
      await phone.getByTestId('scan-button').click();
      await phone.getByTestId('scan-result').getByText('签到成功').waitFor();

      // Staff see the check-in on the list and record the check-out there.
      await page.goto(`/volunteers/activities/${activityId}`);
      await page.getByTestId('shift-signups').click();
      const row = page.locator('[data-testid="signups-table"] .ant-table-row').filter({ hasText: '已签到' });
      await row.getByText('扫码').waitFor();
      await row.getByTestId('signup-check-out').click();
      await page.getByTestId('attendance-ok').click();
      await page.locator('[data-testid="signups-table"] .ant-table-row').filter({ hasText: '已签退' }).waitFor();

      await phone.goto('/volunteers/my-shifts');
      await phone.getByTestId('shift-card').filter({ hasText: TITLE }).getByTestId('my-signup-status').getByText('已签退').waitFor();
    } finally {
      await context.close();
    }
  });
});
