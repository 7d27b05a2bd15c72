/**
 * The screenshots of the volunteers' shifts part (V2: activities, shifts, attendance, the venue's QR
 * screen, a volunteer's sign-ups and scan), on the demo data of 长寿路; scripts/screenshots.ts takes
 * them with the others.
 */
import type { Page } from 'playwright-core';
import { PASSWORD } from '../e2e/fixtures/browser';

interface Viewport {
  width: number;
  height: number;
}

interface ShiftRef {
  id: string;
  startsAt: string;
  endsAt: string;
  counts: { confirmed: number; waiting: number; checkedIn: number; checkedOut: number; noShow: number };
}

/** A published activity of the signed-in staff with a shift still to come and one already attended, read through the API. */
async function demoActivity(page: Page): Promise<{ id: string; upcoming: ShiftRef; attended?: ShiftRef }> {
  const res = await page.request.get('/api/volunteers/activities?status=published&pageSize=50');
  const items = (await res.json()).items as { id: string }[];
  const now = new Date().toISOString();
  for (const { id } of items) {
    const a = (await (await page.request.get(`/api/volunteers/activities/${id}`)).json()) as { shifts: (ShiftRef & { status: string })[] };
    const upcoming = a.shifts.find((s) => s.status === 'open' && s.startsAt > now);
    const attended = [...a.shifts].reverse().find((s) => s.counts.checkedOut > 0 && s.endsAt < now);
    if (upcoming && attended) return { id, upcoming, attended };
  }
  if (!items.length) throw new Error('the demo data has no published activity for this account');
  const a = (await (await page.request.get(`/api/volunteers/activities/${items[0].id}`)).json()) as { shifts: ShiftRef[] };
  return { id: items[0].id, upcoming: a.shifts[a.shifts.length - 1] };
}

const openActivity = async (page: Page) => {
  const { id } = await demoActivity(page);
  await page.goto(`/volunteers/activities/${id}`);
  await page.getByTestId('shifts-table').waitFor();
};

const openAttendance = async (page: Page) => {
  const { id, attended } = await demoActivity(page);
  await page.goto(`/volunteers/activities/${id}`);
  await page.getByTestId('shifts-table').waitFor();
  await page.getByTestId('shifts-view').locator('.ant-segmented-item').nth(1).click();
  const rows = page.locator('[data-testid="shifts-table"] .ant-table-row');
  const chinaDay = attended && new Date(new Date(attended.startsAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const index = chinaDay ? (await rows.allInnerTexts()).findIndex((text) => text.includes(chinaDay)) : 0;
  await rows.nth(Math.max(0, index)).getByTestId('shift-signups').click();
  await page.locator('[data-testid="signups-table"] .ant-table-row').first().waitFor();
};

const openQr = async (page: Page) => {
  const { id, upcoming } = await demoActivity(page);
  void id;
  await page.goto(`/volunteers/shifts/${upcoming.id}/qr`);
  await page.getByTestId('qr-title').filter({ hasNotText: '志愿服务签到' }).waitFor();
};

/** The volunteer's next shift signed up for, read through the API. */
async function myNextShift(page: Page): Promise<string> {
  const res = await page.request.get('/api/volunteers/my/signups');
  const items = (await res.json()).items as { shift: { id: string; endsAt: string }; mySignup: { status: string } | null }[];
  const now = new Date().toISOString();
  const next = items.filter((i) => i.shift.endsAt > now && i.mySignup?.status === 'confirmed').pop() ?? items[0];
  if (!next) throw new Error('zyz.li has no sign-up in the demo data');
  return next.shift.id;
}

const openScan = async (page: Page) => {
  await page.goto(`/volunteers/scan/${await myNextShift(page)}?code=ABCD2345`);
  await page.getByTestId('scan-button').waitFor();
};

const scanExpired = async (page: Page) => {
  await openScan(page);
  await page.getByTestId('scan-button').click();
  await page.getByTestId('scan-expired').or(page.getByTestId('scan-error')).waitFor();
};

/** The signed-in user's CSRF token, for a write through page.request. */
const csrfOf = async (page: Page) => ({ 'x-csrf-token': (await (await page.request.get('/api/auth/me')).json()).csrfToken as string });

/** 找活动 narrowed to the day of the first shift listed: the server keeps only that day's shifts. */
const openShiftsOnADay = async (page: Page) => {
  await page.getByTestId('open-shifts').locator('[data-testid="shift-card"]').first().waitFor();
  const first = (await (await page.request.get('/api/volunteers/open-shifts?pageSize=1')).json()).items[0] as { shift: { startsAt: string } };
  const day = new Date(new Date(first.shift.startsAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  // The picker's input is read-only (no phone keyboard): pick the day in its panel.
  await page.getByTestId('open-day').click();
  await page.locator(`.ant-picker-cell[title="${day}"]`).first().click();
  await page.waitForLoadState('networkidle');
};

/** Staff create, publish and then cancel an activity through the API, and open it: its history has every step. */
const openHistory = async (page: Page) => {
  const headers = await csrfOf(page);
  const created = await page.request.post('/api/volunteers/activities', { headers, data: { title: '重阳节敬老活动', type: 'elderly', place: '长寿路街道社区活动中心' } });
  const id = (await created.json()).id as string;
  const start = Date.now() + 3 * 24 * 3600_000;
  await page.request.post(`/api/volunteers/activities/${id}/shifts`, { headers, data: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3600_000).toISOString(), quota: 8 } });
  await page.request.post(`/api/volunteers/activities/${id}/publish`, { headers });
  const cancel = await page.request.post(`/api/volunteers/activities/${id}/cancel`, { headers, data: { reason: '场地临时改作防汛物资仓库，活动改期另行通知' } });
  if (!cancel.ok()) throw new Error(`cancel for the history shot: ${cancel.status()} ${await cancel.text()}`);
  await page.goto(`/volunteers/activities/${id}`);
  await page.getByTestId('activity-history').scrollIntoViewIfNeeded();
};

/**
 * zyz.li becomes a leader of one of its teams (centre staff change the role through the API, in a
 * browser context of their own), then opens 本队活动.
 */
const openTeamActivities = async (page: Page) => {
  const me = (await (await page.request.get('/api/volunteers/me')).json()) as { id: string; teams: { id: string; name: string }[] };
  const team = me.teams.find((t) => t.name === '助老服务队') ?? me.teams[0];
  const other = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const login = await other.request.post('/api/auth/login', { data: { username: 'zx.changshou', password: PASSWORD } });
    const csrf = (await login.json()).csrfToken as string;
    const res = await other.request.patch(`/api/volunteers/teams/${team.id}/members/${me.id}`, { headers: { 'x-csrf-token': csrf }, data: { role: 'leader' } });
    if (!res.ok()) throw new Error(`leader for the team shot: ${res.status()} ${await res.text()}`);
  } finally {
    await other.close();
  }
  await page.goto('/volunteers/team-activities');
  await page.getByTestId('team-activities').or(page.locator('.ant-empty')).first().waitFor();
};

const openTeamAttendance = async (page: Page) => {
  await openTeamActivities(page);
  await page.getByTestId('team-shift-signups').first().click();
  await page.locator('.ant-drawer-open').waitFor();
};

export function shiftsShots(DESKTOP: Viewport, PHONE: Viewport) {
  return [
    // Staff of 长寿路 run activities at a desk: the list, one activity's shifts, a shift's attendance list,
    // adding a shift, cancelling with a reason, and the venue's QR screen (a PC and a phone held up).
    { name: 'volunteers-activities', user: 'zx.changshou', path: '/volunteers/activities', viewport: DESKTOP, ready: 'activities-table' },
    { name: 'volunteers-activity-create', user: 'zx.changshou', path: '/volunteers/activities', viewport: DESKTOP, act: async (page: Page) => page.getByTestId('activity-create').click() },
    { name: 'volunteers-activity-detail', user: 'zx.changshou', path: '/volunteers/activities', viewport: DESKTOP, act: openActivity },
    { name: 'volunteers-shift-attendance', user: 'zx.changshou', path: '/volunteers/activities', viewport: DESKTOP, act: openAttendance },
    {
      name: 'volunteers-shift-add',
      user: 'zx.changshou',
      path: '/volunteers/activities',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await openActivity(page);
        await page.getByTestId('shift-add').click();
        await page.getByTestId('shift-save').click();
      },
    },
    {
      name: 'volunteers-activity-cancel',
      user: 'zx.changshou',
      path: '/volunteers/activities',
      viewport: DESKTOP,
      act: async (page: Page) => {
        await openActivity(page);
        await page.getByTestId('activity-cancel').click();
        await page.getByTestId('reason-ok').click();
      },
    },
    { name: 'volunteers-qr-screen', user: 'zx.changshou', path: '/volunteers/activities', viewport: DESKTOP, act: openQr },
    { name: 'volunteers-qr-screen-phone', user: 'zx.changshou', path: '/volunteers/activities', viewport: PHONE, act: openQr },
    // A volunteer on a phone: shifts to sign up for, its own sign-ups, the scan page and an expired code.
    { name: 'volunteers-open-shifts-phone', user: 'zyz.li', path: '/volunteers/open-shifts', viewport: PHONE, ready: 'open-shifts' },
    { name: 'volunteers-my-shifts-phone', user: 'zyz.li', path: '/volunteers/my-shifts', viewport: PHONE, ready: 'mine-tabs' },
    {
      name: 'volunteers-my-shifts-past-phone',
      user: 'zyz.li',
      path: '/volunteers/my-shifts',
      viewport: PHONE,
      act: async (page: Page) => page.getByTestId('mine-tabs').locator('.ant-segmented-item').nth(1).click(),
    },
    { name: 'volunteers-scan-phone', user: 'zyz.li', path: '/', viewport: PHONE, act: openScan },
    { name: 'volunteers-scan-expired-phone', user: 'zyz.li', path: '/', viewport: PHONE, act: scanExpired },
    // Polish: an activity's history (who published, who cancelled and why); 找活动 on one day; a team leader's 本队活动.
    // 找活动 at a desk, on one day (the server filters): zyz.li leads no team yet, so no 本队活动 in its menu.
    { name: 'volunteers-open-shifts-day', user: 'zyz.li', path: '/volunteers/open-shifts', viewport: DESKTOP, act: openShiftsOnADay },
    { name: 'volunteers-activity-history', user: 'zx.changshou', path: '/volunteers/activities', viewport: DESKTOP, act: openHistory },
    { name: 'volunteers-activity-history-phone', user: 'zx.changshou', path: '/volunteers/activities', viewport: PHONE, act: openHistory },
    { name: 'volunteers-team-activities-phone', user: 'zyz.li', path: '/', viewport: PHONE, act: openTeamActivities },
    { name: 'volunteers-team-activities', user: 'zyz.li', path: '/', viewport: DESKTOP, act: openTeamActivities },
    { name: 'volunteers-team-attendance-phone', user: 'zyz.li', path: '/', viewport: PHONE, act: openTeamAttendance },
  ];
}
