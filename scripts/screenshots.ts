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
  { name: 'home-volunteer-phone', user: 'zyz.li', path: '/', viewport: PHONE, ready: 'home-role-intro' },
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
];

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
