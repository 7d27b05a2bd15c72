/**
 * Screenshots of the main pages, for looking at the UI after a change: starts the platform on a
 * fresh demo database, signs in as the demo accounts and saves PNGs (desktop and phone widths).
 *
 *   npm run build:web && npx tsx scripts/screenshots.ts [out-dir]     (default .tmp/screenshots)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { launchBrowser, newPage, PASSWORD, signIn } from '../e2e/fixtures/browser';
import { startTestServer } from '../e2e/fixtures/server';
import { reviewShots } from './screenshots-review';
import { shiftsShots } from './screenshots-shifts';
import { volunteerHoursShots } from './screenshots-volunteers-hours';
import { volunteerRegistryShots } from './screenshots-volunteers-registry';

const OUT = path.resolve(process.argv[2] ?? '.tmp/screenshots');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Shot {
  name: string;
  user: string;
  path: string;
  viewport: { width: number; height: number };
  /** A test id to wait for before the picture. */
  ready?: string;
  /** What to do on the page before the picture: open a record, a drawer, a dialog. */
  act?: (page: Page) => Promise<void>;
  /** Render as on paper (print stylesheet) for the picture. */
  media?: 'print';
}

/** From a team member's home page, the team's 六个一 reports (the card's action). */
async function openTeamReports(page: Page) {
  await page.getByTestId('home-team-report').getByRole('button').first().click();
  await page.getByTestId('report-new').waitFor();
}

/** Opens the first record of the registry list (a team of the user's own street, or its own team). */
const openFirstRecord = async (page: Page) => {
  await page.locator('a[href^="/registry/"]').first().click();
  await page.getByTestId('org-title').waitFor();
};

/** The first record's 等级与评定 tab: its grade, stars or stage with their histories. */
const openStanding = async (page: Page) => {
  await openFirstRecord(page);
  // By key, not by label: an account whose language was switched in an earlier shot sees English.
  await page.locator('.ant-tabs-tab[data-node-key="standing"]').click();
  await page.getByTestId('standing-tab').waitFor();
};

/** The list narrowed to an organisation whose grade has expired (the demo has a few), found through the API. */
const listExpiredGrade = async (page: Page) => {
  const res = await page.request.get('/api/registry/organizations?kind=org&sort=foundedOn&order=asc&pageSize=200');
  const items = (await res.json()).items as { name: string; gradeExpired: boolean }[];
  const expired = items.find((i) => i.gradeExpired);
  if (!expired) throw new Error('the demo data has no expired grade among its oldest organisations');
  await page.goto(`/registry?q=${encodeURIComponent(expired.name)}`);
  await page.getByTestId('grade-expired-tag').first().waitFor();
};

/** A4 at 96 dpi: the printed certificate, as the print stylesheet lays it out. */
const A4 = { width: 794, height: 1123 };

/** From a team's record, its filing certificate's print page; returns the certificate's code. */
const openCertificate = async (page: Page) => {
  await openFirstRecord(page);
  await page.getByTestId('print-filing-certificate').click();
  return page.getByTestId('certificate-code').innerText();
};

/**
 * A change for the audit log to show: a centre worker edits a team through the API, in a browser
 * context of its own (the page stays signed in as its user), then the page reloads.
 */
const recordTeamEdit = async (page: Page, venue: string) => {
  const other = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const login = await other.request.post('/api/auth/login', { data: { username: 'zx.changshou', password: PASSWORD } });
    const csrf = (await login.json()).csrfToken as string;
    const list = await (await other.request.get('/api/registry/organizations?kind=team&pageSize=1')).json();
    const id = list.items[0].id as string;
    const res = await other.request.patch(`/api/registry/organizations/${id}`, {
      headers: { 'x-csrf-token': csrf },
      data: { venue, activityContent: '每周二、四上午集体练习太极拳，每月一次公益展演' },
    });
    if (!res.ok()) throw new Error(`team edit for the audit shot: ${res.status()} ${await res.text()}`);
  } finally {
    await other.close();
  }
  await page.reload();
  await page.waitForLoadState('networkidle');
};

/** A real 1×1 PNG, as a phone's photo stands in for in the pictures. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** From the first record of the list, the submit dialog with three files picked and uploaded. */
const openSubmitWithFiles = async (page: Page) => {
  await openFirstRecord(page);
  await page.getByTestId('submit-filing').click();
  const names = ['场地使用证明.png', '成立会议纪要.png', '活动照片.png'];
  await page.locator('[data-testid="attachments-upload"] input[type=file]').setInputFiles(names.map((name) => ({ name, mimeType: 'image/png', buffer: PNG })));
  await page.locator('.ant-upload-list-item-done').nth(names.length - 1).waitFor();
};

/** The centre returns a team's filing with a document attached, through the API in a context of its own. */
const returnWithAttachment = async (page: Page, teamName: string) => {
  const other = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const login = await other.request.post('/api/auth/login', { data: { username: 'zx.changshou', password: PASSWORD } });
    const headers = { 'x-csrf-token': (await login.json()).csrfToken as string };
    const file = await other.request.post('/api/files', { headers, multipart: { file: { name: '补正材料清单.png', mimeType: 'image/png', buffer: PNG } } });
    if (!file.ok()) throw new Error(`upload for the history shot: ${file.status()} ${await file.text()}`);
    const filings = await (await other.request.get('/api/registry/filings?state=submitted&pageSize=200')).json();
    const filing = (filings.items as { id: string; organizationName: string }[]).find((f) => f.organizationName === teamName);
    if (!filing) throw new Error(`no submitted filing of ${teamName}`);
    const res = await other.request.post(`/api/registry/filings/${filing.id}/return`, {
      headers,
      data: { comment: '请补充场地使用证明原件照片和成立会议纪要', attachmentIds: [(await file.json()).id] },
    });
    if (!res.ok()) throw new Error(`return for the history shot: ${res.status()} ${await res.text()}`);
  } finally {
    await other.close();
  }
};

const SHOTS: Shot[] = [
  // Home pages (to-dos per role) and the notification bell: a centre worker at a desk and on a phone
  // (the demo's grade-expiry notice), a team member and a volunteer on a phone.
  { name: 'home-centre', user: 'zx.changshou', path: '/', viewport: DESKTOP, ready: 'home-filings' },
  { name: 'home-official', user: 'mzj.putuo', path: '/', viewport: DESKTOP, ready: 'home-region' },
  { name: 'home-member-phone', user: 'td.taiji', path: '/', viewport: PHONE, ready: 'home' },
  { name: 'home-volunteer-phone', user: 'zyz.li', path: '/', viewport: PHONE, ready: 'home-volunteer-self' },
  {
    name: 'notifications-bell',
    user: 'zx.changshou',
    path: '/',
    viewport: DESKTOP,
    ready: 'home-filings',
    act: async (page) => {
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('notification-panel').waitFor();
    },
  },
  {
    name: 'notifications-bell-phone',
    user: 'zx.changshou',
    path: '/',
    viewport: PHONE,
    ready: 'home-filings',
    act: async (page) => {
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('notification-panel').waitFor();
    },
  },
  { name: 'dashboard-changshou', user: 'zx.changshou', path: '/dashboard', viewport: DESKTOP, ready: 'stat-teams' },
  { name: 'dashboard-shanghai', user: 'mzj.shanghai', path: '/dashboard', viewport: DESKTOP, ready: 'stat-teams' },
  // Every category bar labelled in English too, and records without a category under their own label.
  {
    name: 'dashboard-shanghai-en',
    user: 'mzj.shanghai',
    path: '/dashboard',
    viewport: DESKTOP,
    ready: 'stat-teams',
    act: async (page) => {
      await page.getByTestId('language-switcher').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText('English', { exact: true }).click();
      // Category names come from the server in the account's language: read them again.
      await page.reload();
      await page.getByTestId('stat-teams').waitFor();
    },
  },
  // The registry table fits 1440 px; the column picker beside the export button.
  {
    name: 'registry-columns',
    user: 'zx.changshou',
    path: '/registry',
    viewport: DESKTOP,
    act: async (page) => {
      await page.getByTestId('registry-columns').click();
      await page.getByTestId('registry-columns-panel').waitFor();
    },
  },
  { name: 'registry-list', user: 'zx.changshou', path: '/registry', viewport: DESKTOP },
  { name: 'filings-inbox', user: 'zx.changshou', path: '/filings', viewport: DESKTOP },
  { name: 'registry-search', user: 'zx.changshou', path: '/registry?q=%E5%A4%AA%E6%9E%81', viewport: DESKTOP },
  { name: 'compliance', user: 'zx.changshou', path: '/compliance', viewport: DESKTOP },
  // The inbox filtered to 已退回 with nothing in it names the filter; a team member's phone menu
  // offers no 六个一 roll-up, and the roll-up's address opened anyway shows the refusal, not zeros.
  {
    name: 'filings-inbox-returned-empty-phone',
    user: 'zx.changshou',
    path: '/filings',
    viewport: PHONE,
    act: async (page) => {
      await page.locator('.page-toolbar .ant-select').first().click();
      await page.locator('.ant-select-item-option[title="已退回"]').click();
    },
  },
  {
    name: 'nav-member-phone',
    user: 'td.taiji',
    path: '/',
    viewport: PHONE,
    ready: 'home',
    act: async (page) => {
      await page.getByRole('button', { name: '菜单' }).click();
      await page.getByTestId('side-menu').waitFor();
    },
  },
  { name: 'compliance-member-phone', user: 'td.taiji', path: '/compliance', viewport: PHONE, ready: 'compliance-error' },
  // A team leader's 六个一: the team's reports (desktop) and the report form on a phone, reached from the home card.
  { name: 'reports-member', user: 'td.taiji', path: '/', viewport: DESKTOP, ready: 'home-team-report', act: openTeamReports },
  {
    name: 'report-form-member-phone',
    user: 'td.taiji',
    path: '/',
    viewport: PHONE,
    ready: 'home-team-report',
    act: async (page) => {
      await openTeamReports(page);
      await page.getByTestId('report-new').click();
      await page.getByTestId('report-ok').waitFor();
    },
  },
  {
    name: 'org-create-team-phone',
    user: 'zx.changshou',
    path: '/registry',
    viewport: PHONE,
    act: async (page) => {
      await page.getByTestId('create-org').click();
      await page.getByTestId('org-form').waitFor();
    },
  },
  { name: 'categories', user: 'admin', path: '/categories', viewport: DESKTOP },
  { name: 'users', user: 'mzj.putuo', path: '/users', viewport: DESKTOP },
  // The audit log: actions and records by name; an edit's field table open (desktop), a row's drawer (phone).
  {
    name: 'audit',
    user: 'mzj.putuo',
    path: '/audit',
    viewport: DESKTOP,
    act: async (page) => {
      await recordTeamEdit(page, '长寿路街道社区文化活动中心三楼');
      await page.locator('.ant-table-row', { hasText: '修改组织' }).first().locator('.ant-table-row-expand-icon').click();
      await page.getByTestId('audit-diff').waitFor();
    },
  },
  {
    name: 'audit-phone',
    user: 'mzj.putuo',
    path: '/audit',
    viewport: PHONE,
    act: async (page) => {
      await recordTeamEdit(page, '长寿路街道社区文化活动中心二楼');
      await page.getByTestId('audit-card').filter({ hasText: '修改组织' }).first().click();
      await page.getByTestId('audit-diff').waitFor();
    },
  },
  { name: 'dashboard-phone', user: 'zx.changshou', path: '/dashboard', viewport: PHONE, ready: 'stat-teams' },
  { name: 'registry-phone', user: 'zx.changshou', path: '/registry', viewport: PHONE },
  // The working-day calendar: 2027 provisional (statutory days only, a warning to confirm it) for the admin; 2026 on an official's phone.
  { name: 'calendar-admin', user: 'admin', path: '/calendar?year=2027', viewport: DESKTOP, ready: 'calendar-provisional' },
  { name: 'calendar-official-phone', user: 'mzj.dongcheng', path: '/calendar?year=2026', viewport: PHONE, ready: 'calendar-table' },
  // The fund ledger: a district official opening a fund with its first appropriation (yuan, to the fen).
  {
    name: 'ledger-open-fund',
    user: 'mzj.dongcheng',
    path: '/ledger',
    viewport: DESKTOP,
    ready: 'funds-table',
    act: async (page) => {
      await page.getByTestId('fund-open').click();
      await page.getByRole('dialog').getByPlaceholder('1500000.00').fill('1500000');
    },
  },
  // The fund just opened (the demo has none yet): its figures and its first posting, in the drawer.
  {
    name: 'ledger-fund-detail',
    user: 'mzj.dongcheng',
    path: '/ledger',
    viewport: DESKTOP,
    ready: 'funds-table',
    act: async (page) => {
      await page.getByTestId('fund-open').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('#name').fill('东城区2026年公益创投专项资金');
      await dialog.getByPlaceholder('1500000.00').fill('1500000');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByRole('button', { name: '东城区2026年公益创投专项资金' }).click();
      await page.getByTestId('fund-figures').waitFor();
    },
  },
  // Under the platform's content security policy.
  { name: 'api-docs', user: 'admin', path: '/api/docs/', viewport: DESKTOP, act: async (page) => void (await page.locator('.swagger-ui .info').waitFor()) },
  // Screens of the security work: masked values with 查看, the edit drawer's locked fields and 清除,
  // the user drawer's phone, the import dialog's limits.
  { name: 'org-detail-staff', user: 'zx.changshou', path: '/registry?kind=team', viewport: DESKTOP, act: openFirstRecord },
  {
    name: 'org-reveal-staff',
    user: 'zx.changshou',
    path: '/registry?kind=team',
    viewport: DESKTOP,
    act: async (page) => {
      await openFirstRecord(page);
      await page.locator('[data-testid^="reveal-"]').first().click();
      await page.locator('[data-testid$="-full"]').first().waitFor();
    },
  },
  {
    name: 'org-edit-staff',
    user: 'zx.changshou',
    path: '/registry?kind=team',
    viewport: DESKTOP,
    act: async (page) => {
      await openFirstRecord(page);
      await page.getByRole('button', { name: /^\s*\S*\s*编\s*辑\s*$/ }).first().click();
      await page.getByTestId('org-form').waitFor();
    },
  },
  // A filed team: the edit drawer points to 变更备案; the street official may correct a recording error instead.
  {
    name: 'org-edit-filed-official',
    user: 'jd.changshou',
    path: '/registry?kind=team&status=filed',
    viewport: DESKTOP,
    act: async (page) => {
      await openFirstRecord(page);
      await page.getByRole('button', { name: /^\s*\S*\s*编\s*辑\s*$/ }).first().click();
      await page.getByTestId('org-filed-hint').waitFor();
      await page.getByTestId('org-correct-toggle').click();
      await page.getByTestId('org-correction-reason').waitFor();
    },
  },
  {
    name: 'org-edit-filed-staff-phone',
    user: 'zx.changshou',
    path: '/registry?kind=team&status=filed',
    viewport: PHONE,
    act: async (page) => {
      await openFirstRecord(page);
      await page.getByRole('button', { name: /^\s*\S*\s*编\s*辑\s*$/ }).first().click();
      await page.getByTestId('org-filed-hint').waitFor();
    },
  },
  // The reviewer reviews what was submitted: the snapshot kept with the filing.
  {
    name: 'filing-snapshot',
    user: 'jd.changshou',
    path: '/filings',
    viewport: DESKTOP,
    act: async (page) => {
      await page.getByTestId('filings-table').locator('tbody tr.ant-table-row').first().click();
      await page.getByTestId('filing-snapshot').waitFor();
    },
  },
  { name: 'org-detail-member-phone', user: 'td.taiji', path: '/registry', viewport: PHONE, act: openFirstRecord },
  {
    name: 'org-reveal-member-phone',
    user: 'td.taiji',
    path: '/registry',
    viewport: PHONE,
    act: async (page) => {
      await openFirstRecord(page);
      await page.locator('[data-testid^="reveal-"]').first().click();
      await page.locator('[data-testid$="-full"]').first().waitFor();
    },
  },
  {
    name: 'member-edit-phone',
    user: 'td.taiji',
    path: '/registry',
    viewport: PHONE,
    act: async (page) => {
      await openFirstRecord(page);
      await page.locator('.ant-table-row a', { hasText: /^编辑$/ }).first().click();
      await page.getByTestId('member-save').waitFor();
    },
  },
  // Adding a member: 出生日期 beside 年龄段, which is asked for only when no ID number or birth date tells the age.
  {
    name: 'member-add-staff',
    user: 'zx.changshou',
    path: '/registry?kind=team&status=filed',
    viewport: DESKTOP,
    act: async (page) => {
      await openFirstRecord(page);
      await page.getByTestId('member-add').click();
      await page.getByTestId('member-save').waitFor();
    },
  },
  {
    name: 'user-edit',
    user: 'mzj.putuo',
    path: '/users',
    viewport: DESKTOP,
    act: async (page) => {
      await page.locator('.ant-table-row a', { hasText: /^编辑$/ }).first().click();
      await page.locator('.ant-drawer-body').waitFor();
    },
  },
  {
    name: 'import-dialog',
    user: 'zx.changshou',
    path: '/registry',
    viewport: DESKTOP,
    act: async (page) => {
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-submit').waitFor();
    },
  },
  // A sheet of records the register holds: listed as 已存在, with the choice to skip or update. Nothing is written.
  {
    name: 'import-existing',
    user: 'zx.changshou',
    path: '/registry',
    viewport: DESKTOP,
    act: async (page) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('组织与团队');
      ws.addRow(['名称', '组织形式', '负责人']);
      ws.addRow(['长寿路街道老年协会', '社会团体', '蔡建国']);
      ws.addRow(['利明职业技能培训学校', '民办非企业单位', '夏娟']);
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-file').locator('input[type=file]').setInputFiles({
        name: 'organizations.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-existing').waitFor();
    },
  },
  // Printable documents: the team's filing certificate on paper, and its public verification on a phone.
  { name: 'filing-certificate-print', user: 'td.taiji', path: '/registry', viewport: A4, media: 'print', act: async (page) => void (await openCertificate(page)) },
  { name: 'filing-certificate-screen', user: 'td.taiji', path: '/registry', viewport: DESKTOP, act: async (page) => void (await openCertificate(page)) },
  {
    name: 'verify-phone',
    user: 'td.taiji',
    path: '/registry',
    viewport: PHONE,
    act: async (page) => {
      const code = await openCertificate(page);
      await page.context().clearCookies();
      await page.goto(`/verify/${code}`);
      await page.getByTestId('verify-status').waitFor();
    },
  },
  // Files of a filing: the submit dialog with photos picked (desktop, phone), a return answered with
  // a document and the team's resubmit dialog (phone), the history's attachment links.
  { name: 'filing-submit-attachments', user: 'zx.changshou', path: `/registry?q=${encodeURIComponent('西康社区健身气功队')}`, viewport: DESKTOP, act: openSubmitWithFiles },
  { name: 'filing-submit-attachments-phone', user: 'zx.changshou', path: `/registry?q=${encodeURIComponent('昌化社区旗袍走秀队')}`, viewport: PHONE, act: openSubmitWithFiles },
  {
    name: 'filing-history-attachments-phone',
    user: 'zx.changshou',
    path: '/registry',
    viewport: PHONE,
    act: async (page) => {
      await returnWithAttachment(page, '梅芳社区柔力球二队');
      await page.goto(`/registry?q=${encodeURIComponent('梅芳社区柔力球二队')}`);
      await openFirstRecord(page);
      await page.getByRole('tab', { name: '备案记录' }).click();
      await page.getByTestId('attachment-links').first().waitFor();
    },
  },
  {
    name: 'filing-resubmit-phone',
    user: 'zx.changshou',
    path: `/registry?q=${encodeURIComponent('梅芳社区柔力球二队')}`,
    viewport: PHONE,
    act: async (page) => {
      await openFirstRecord(page);
      await page.getByTestId('submit-filing').click();
      await page.getByTestId('attachments-upload').waitFor();
    },
  },
  // Grades, stars and stages (issue 8 rules 6–8): each with its history and, for those who may, its action.
  { name: 'registry-grades-official', user: 'mzj.shanghai', path: '/registry', viewport: DESKTOP, act: listExpiredGrade },
  {
    name: 'org-grade-expired-official',
    user: 'mzj.shanghai',
    path: '/registry',
    viewport: DESKTOP,
    act: async (page) => {
      await listExpiredGrade(page);
      await openStanding(page);
    },
  },
  { name: 'org-standing-official', user: 'mzj.putuo', path: '/registry?legalForm=social_group', viewport: DESKTOP, act: openStanding },
  {
    name: 'grade-form-official',
    user: 'mzj.putuo',
    path: '/registry?legalForm=social_group',
    viewport: DESKTOP,
    act: async (page) => {
      await openStanding(page);
      await page.getByTestId('grade-set').click();
      await page.getByTestId('grade-ok').waitFor();
    },
  },
  {
    name: 'star-rating-form-staff',
    user: 'zx.changshou',
    path: '/registry?kind=team&status=filed',
    viewport: DESKTOP,
    act: async (page) => {
      await openStanding(page);
      await page.getByTestId('stars-set').click();
      await page.getByTestId('stars-ok').waitFor();
    },
  },
  { name: 'org-standing-staff-team', user: 'zx.changshou', path: '/registry?kind=team&status=filed', viewport: DESKTOP, act: openStanding },
  { name: 'org-standing-member-phone', user: 'td.taiji', path: '/registry', viewport: PHONE, act: openStanding },
  // The funding front (F1–F4): 东城's centre runs calls on a board by stage, curates needs, screens applications;
  // the district official sets the steps; an organisation reads the public call and applies on a phone.
  { name: 'funding-calls-board', user: 'zx.dongcheng', path: '/funding/calls', viewport: DESKTOP, ready: 'calls-board' },
  {
    name: 'funding-call-detail',
    user: 'zx.dongcheng',
    path: '/funding/calls',
    viewport: DESKTOP,
    ready: 'calls-board',
    act: async (page) => {
      await page.getByTestId('call-card').first().click();
      await page.getByTestId('call-title').waitFor();
    },
  },
  {
    name: 'funding-call-screening',
    user: 'zx.dongcheng',
    path: '/funding/calls',
    viewport: DESKTOP,
    ready: 'calls-board',
    act: async (page) => {
      await page.getByTestId('board-screening').getByTestId('call-card').first().click();
      await page.getByTestId('call-title').waitFor();
      await page.locator('.ant-tabs-tab[data-node-key="applications"]').click();
      await page.getByTestId('call-applications').waitFor();
      const expand = page.locator('.ant-table-row-expand-icon').first();
      if (await expand.count()) await expand.click();
    },
  },
  // Leaving 项目初筛 while an application still awaits a staff decision: the server's reason, in the dialog.
  {
    name: 'funding-call-advance-refused',
    user: 'zx.dongcheng',
    path: '/funding/calls',
    viewport: DESKTOP,
    ready: 'calls-board',
    act: async (page) => {
      await page.getByTestId('board-screening').getByTestId('call-card').first().click();
      await page.getByTestId('call-advance').click();
      await page.getByTestId('call-action-ok').click();
      await page.getByTestId('call-refusal').waitFor();
    },
  },
  {
    name: 'funding-call-form',
    user: 'zx.dongcheng',
    path: '/funding/calls',
    viewport: DESKTOP,
    ready: 'calls-board',
    act: async (page) => {
      await page.getByTestId('call-create').click();
      await page.getByTestId('rule-add').click();
      await page.getByTestId('call-save').waitFor();
    },
  },
  { name: 'funding-needs-pool', user: 'zx.dongcheng', path: '/funding/needs', viewport: DESKTOP, ready: 'needs-table' },
  { name: 'funding-step-settings', user: 'mzj.dongcheng', path: '/funding/settings', viewport: DESKTOP, ready: 'steps-purchase' },
  // 项目签约 moved above 项目公示: the server's refusal shown against the step it names.
  {
    name: 'funding-step-settings-refused',
    user: 'mzj.dongcheng',
    path: '/funding/settings',
    viewport: DESKTOP,
    ready: 'steps-micro_venture',
    act: async (page) => {
      const card = page.getByTestId('steps-micro_venture');
      await card.locator('.ant-list-item').nth(4).getByRole('button', { name: '上移' }).click();
      await page.getByTestId('steps-save-micro_venture').click();
      await page.getByTestId('steps-refusal').waitFor();
    },
  },
  {
    name: 'funding-need-drawer',
    user: 'zx.dongcheng',
    path: '/funding/needs',
    viewport: DESKTOP,
    ready: 'needs-table',
    act: async (page) => {
      await page.getByTestId('needs-table').locator('.ant-table-row').first().click();
      await page.getByTestId('need-outcome').waitFor();
    },
  },
  // Topics curated from needs: open ones first, each renamed or closed with a reason; the calls list sorted and exported.
  {
    name: 'funding-topics',
    user: 'zx.dongcheng',
    path: '/funding/needs',
    viewport: DESKTOP,
    ready: 'needs-table',
    act: async (page) => {
      await page.locator('.ant-tabs-tab[data-node-key="topics"]').click();
      await page.getByTestId('topics-list').waitFor();
    },
  },
  {
    name: 'funding-topic-close',
    user: 'zx.dongcheng',
    path: '/funding/needs',
    viewport: DESKTOP,
    ready: 'needs-table',
    act: async (page) => {
      await page.locator('.ant-tabs-tab[data-node-key="topics"]').click();
      await page.getByTestId('topic-close').first().click();
      await page.getByTestId('topic-edit-ok').waitFor();
    },
  },
  {
    name: 'funding-calls-list',
    user: 'zx.dongcheng',
    path: '/funding/calls?view=list',
    viewport: DESKTOP,
    ready: 'calls-table',
  },
  { name: 'funding-public-calls-phone', user: 'zz.qilerong', path: '/public/calls', viewport: PHONE },
  {
    name: 'funding-public-call-phone',
    user: 'zz.qilerong',
    path: '/public/calls',
    viewport: PHONE,
    act: async (page) => {
      await page.getByTestId('public-call').first().click();
      await page.getByTestId('public-call-title').waitFor();
    },
  },
  { name: 'funding-my-needs-phone', user: 'zz.qilerong', path: '/funding/my-needs', viewport: PHONE, ready: 'my-needs' },
  { name: 'funding-applications-phone', user: 'zz.qilerong', path: '/funding/applications', viewport: PHONE, ready: 'applications-list' },
  {
    name: 'funding-application-view-phone',
    user: 'zz.qilerong',
    path: '/funding/applications',
    viewport: PHONE,
    ready: 'applications-list',
    act: async (page) => {
      await page.getByTestId('applications-list').locator('.ant-list-item').first().click();
      await page.getByTestId('application-history').waitFor();
    },
  },
  {
    name: 'funding-application-form-phone',
    user: 'zz.qilerong',
    path: '/funding/applications',
    viewport: PHONE,
    ready: 'applications-list',
    act: async (page) => {
      await page.getByTestId('application-new').click();
      await page.getByTestId('application-choose-call').first().click();
      await page.getByTestId('application-form').waitFor();
    },
  },
  // The funding review part (F5–F7): panels, the expert's scoring, the public notice, proposal revision.
  ...reviewShots(DESKTOP, PHONE),
  ...volunteerRegistryShots(DESKTOP, PHONE),
  ...shiftsShots(DESKTOP, PHONE),
  ...volunteerHoursShots(DESKTOP, PHONE),
  // Contracts, payments, monitoring and evaluation (funding F8–F11): staff's list, a contract with its tranches, the
  // draft form with the 102号 rule and the 30/40/30 split, a renewal's diff, the printed contract and its verification;
  // the organisation's contract and reports on a phone; the third-party evaluator's form; the public announcement.
  { name: 'contracts-staff', user: 'zx.dongcheng', path: '/funding/contracts', viewport: DESKTOP, ready: 'contracts-table' },
  { name: 'contract-detail-staff', user: 'zx.dongcheng', path: '/funding/contracts', viewport: DESKTOP, act: (page) => openContract(page, 'signed') },
  {
    name: 'contract-create-staff',
    user: 'zx.dongcheng',
    path: '/funding/contracts?new=1',
    viewport: DESKTOP,
    act: async (page) => {
      // An approved project picked (its accepted proposal fills the title, amount and 30/40/30 split), and a
      // two-year term without the recurring-service reason: the 102号 rule beside it turns red.
      await page.getByTestId('contract-form').waitFor();
      await page.getByTestId('contract-application').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
      await page.getByTestId('amount-under').waitFor();
      const term = page.locator('[data-testid="contract-term"] input, input[data-testid="contract-term"]');
      await term.first().click();
      await term.first().fill('2026-12-01');
      await term.nth(1).fill('2028-11-30');
      await term.nth(1).press('Enter');
      await page.keyboard.press('Escape');
      await page.getByTestId('term-rule').getByText('所选期限超过 1 年').waitFor();
    },
  },
  {
    name: 'contract-renewal-staff',
    user: 'zx.dongcheng',
    path: '/funding/contracts',
    viewport: DESKTOP,
    act: async (page) => {
      await openContract(page, 'completed');
      await page.getByTestId('contract-renew').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await page.getByTestId('renewal-unchanged').first().waitFor();
    },
  },
  { name: 'contract-monitoring-staff', user: 'zx.dongcheng', path: '/funding/contracts', viewport: DESKTOP, act: (page) => openContract(page, 'signed', 'monitoring') },
  { name: 'contract-print', user: 'zx.dongcheng', path: '/funding/contracts', viewport: DESKTOP, act: openContractPrint },
  {
    name: 'contract-verify-phone',
    user: 'zx.dongcheng',
    path: '/funding/contracts',
    viewport: PHONE,
    act: async (page) => {
      await openContractPrint(page);
      const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await page.getByTestId('contract-print-code').innerText())![0];
      await page.goto(`/verify/${code}`);
      await page.getByTestId('verify-result').waitFor();
    },
  },
  { name: 'contracts-org-phone', user: 'zz.qilerong', path: '/funding/contracts', viewport: PHONE, ready: 'contracts-cards' },
  { name: 'contract-detail-org-phone', user: 'zz.qilerong', path: '/funding/contracts', viewport: PHONE, act: (page) => openContract(page, 'signed') },
  { name: 'contract-reports-org-phone', user: 'zz.qilerong', path: '/funding/contracts', viewport: PHONE, act: (page) => openContract(page, 'signed', 'monitoring') },
  {
    name: 'report-form-org-phone',
    user: 'zz.qilerong',
    path: '/funding/contracts',
    viewport: PHONE,
    act: async (page) => {
      await openContract(page, 'signed', 'monitoring');
      await page.getByTestId('report-submit').first().click();
      await page.getByTestId('report-narrative').waitFor();
    },
  },
  { name: 'monitoring-staff', user: 'zx.dongcheng', path: '/funding/monitoring', viewport: DESKTOP, ready: 'monitored-table' },
  // The centre's overdue-reports card links here; the reviewer picker lists the region's reviewer accounts (GET /funding/reviewers).
  { name: 'monitoring-overdue-staff', user: 'zx.dongcheng', path: '/funding/monitoring?overdue=true', viewport: DESKTOP, ready: 'monitored-overdue' },
  {
    name: 'contract-assign-reviewer-staff',
    user: 'zx.dongcheng',
    path: '/funding/contracts',
    viewport: DESKTOP,
    act: async (page) => {
      await openContract(page, 'signed', 'monitoring');
      await page.getByTestId('assign-user').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
    },
  },
  {
    name: 'evaluation-form-evaluator',
    user: 'pg.dongcheng',
    path: '/funding/monitoring',
    viewport: DESKTOP,
    act: async (page) => {
      const res = await page.request.get('/api/funding/monitoring/contracts?pageSize=100');
      const items = (await res.json()).items as { contractId: string; status: string }[];
      for (const item of items.filter((i) => i.status === 'signed')) {
        await page.goto(`/funding/monitoring/${item.contractId}`);
        await page.getByTestId('monitoring-panel').waitFor();
        if (await page.getByTestId('evaluation-add').count()) break;
      }
      await page.getByTestId('evaluation-add').click();
      await page.locator('input[data-testid="evaluation-overall"], [data-testid="evaluation-overall"] input').first().fill('55');
    },
  },
  { name: 'public-contracts-phone', user: 'zz.qilerong', path: '/public/contracts', viewport: PHONE, ready: 'public-contracts-year' },
  // Funding overview: the district's funding dashboard (figures, money by year, year × call type, streets), and each
  // role's funding cards on the home page — the organisation's at a desk and on a phone, the centre's board and to-dos,
  // the expert's panels and deadlines.
  { name: 'funding-dashboard-dongcheng', user: 'mzj.dongcheng', path: '/dashboard', viewport: DESKTOP, ready: 'funding-dashboard' },
  { name: 'funding-dashboard-phone', user: 'mzj.dongcheng', path: '/dashboard', viewport: PHONE, ready: 'funding-dashboard' },
  { name: 'home-funding-org', user: 'zz.qilerong', path: '/', viewport: DESKTOP, ready: 'home-funding-applications' },
  { name: 'home-funding-org-phone', user: 'zz.qilerong', path: '/', viewport: PHONE, ready: 'home-funding-applications' },
  { name: 'home-funding-staff', user: 'zx.dongcheng', path: '/', viewport: DESKTOP, ready: 'home-funding-board' },
  { name: 'home-funding-reviewer', user: 'expert.zhao', path: '/', viewport: DESKTOP, ready: 'home-funding-reviewer' },
  { name: 'home-funding-evaluator', user: 'pg.dongcheng', path: '/', viewport: DESKTOP, ready: 'home-funding-reviewer' },
];

/** A contract of the signed-in user in `status`, found through the API, opened on `tab`. */
async function openContract(page: Page, status: string, tab?: string) {
  const res = await page.request.get(`/api/funding/contracts?status=${status}&pageSize=20`);
  const items = (await res.json()).items as { id: string }[];
  if (!items.length) throw new Error(`the demo data has no ${status} contract for this account`);
  await page.goto(`/funding/contracts/${items[0].id}${tab ? `?tab=${tab}` : ''}`);
  await page.getByTestId(tab === 'monitoring' ? 'monitoring-panel' : 'contract-title').waitFor();
}

/** The printed contract of a signed contract (the 打印合同 button opens it in a new tab; here, in the same one). */
async function openContractPrint(page: Page) {
  await openContract(page, 'signed');
  await page.goto(page.url().replace('/funding/contracts/', '/print/funding-contract/'));
  await page.getByTestId('contract-sheet').waitFor();
  await page.waitForTimeout(500);
}

mkdirSync(OUT, { recursive: true });
const server = await startTestServer();
const browser = await launchBrowser();
try {
  // SHOTS=name,name… takes only those pictures.
  const only = process.env.SHOTS?.split(',');
  for (const shot of SHOTS.filter((s) => !only || only.includes(s.name))) {
    const { context, page } = await newPage(browser, server.url, shot.viewport);
    await signIn(page, shot.user);
    await page.goto(shot.path);
    if (shot.ready) await page.getByTestId(shot.ready).waitFor();
    await page.waitForLoadState('networkidle');
    if (shot.act) {
      await shot.act(page);
      await page.waitForLoadState('networkidle');
    }
    if (shot.media) await page.emulateMedia({ media: shot.media });
    // Charts animate in; give them a moment to settle.
    await page.waitForTimeout(800);
    const file = path.join(OUT, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.info(file);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
