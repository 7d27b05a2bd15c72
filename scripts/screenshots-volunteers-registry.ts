/**
 * The screenshots of the volunteers' registry part (V1: the staff registry with its pending
 * self-registrations, a record, the full-ID-number confirmation, import, teams; the public
 * self-registration and a volunteer's own record on a phone), on the demo data of 长寿路;
 * scripts/screenshots.ts takes them with the others.
 */
import type { Page } from 'playwright-core';
import { PASSWORD } from '../e2e/fixtures/browser';
import { idCheckDigit } from '../shared/validators';

interface Viewport {
  width: number;
  height: number;
}

/** A valid ID number (Putuo, born 1990-03-15) no demo record holds; the registration shot creates its record. */
const NEWCOMER_ID = (() => {
  const first17 = '31010719900315237';
  return first17 + idCheckDigit(first17);
})();
const NEWCOMER = 'zyz.newcomer';

const openPendingTab = async (page: Page) => {
  await page.getByTestId('volunteers-tab-pending').click();
  await page.locator('[data-testid="volunteers-table"] .ant-table-row').first().waitFor();
};

const openFirstRow = async (page: Page) => {
  await page.locator('[data-testid="volunteers-table"] .ant-table-row').first().click();
  await page.getByTestId('volunteer-history').waitFor();
};

/** The public page, as someone not signed in sees it. */
const signedOut = async (page: Page) => {
  await page.context().clearCookies();
  await page.goto('/volunteers/register');
  await page.getByTestId('register-form').waitFor();
};

const fillRegistration = async (page: Page) => {
  await signedOut(page);
  await page.getByTestId('register-name').fill('王新来');
  await page.getByTestId('register-id-number').fill(NEWCOMER_ID);
  await page.getByTestId('register-phone').fill('13912345678');
  await page.getByTestId('register-street').click();
  await page.keyboard.type('长寿');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await page.getByTestId('register-username').fill(NEWCOMER);
  await page.getByTestId('register-password').fill(PASSWORD);
  await page.getByTestId('register-password2').fill(PASSWORD);
};

export function volunteerRegistryShots(DESKTOP: Viewport, PHONE: Viewport) {
  return [
    { name: 'volunteers-list-staff', user: 'zx.changshou', path: '/volunteers', viewport: DESKTOP, ready: 'volunteers-table' },
    { name: 'volunteers-pending-staff', user: 'zx.changshou', path: '/volunteers', viewport: DESKTOP, ready: 'volunteers-table', act: openPendingTab },
    {
      name: 'volunteer-pending-detail-staff',
      user: 'zx.changshou',
      path: '/volunteers',
      viewport: DESKTOP,
      ready: 'volunteers-table',
      act: async (page: Page) => {
        await openPendingTab(page);
        await openFirstRow(page);
      },
    },
    {
      name: 'volunteer-confirm-staff',
      user: 'zx.changshou',
      path: '/volunteers',
      viewport: DESKTOP,
      ready: 'volunteers-table',
      act: async (page: Page) => {
        await openPendingTab(page);
        await openFirstRow(page);
        await page.getByTestId('volunteer-confirm').click();
        await page.getByTestId('volunteer-confirm-ok').waitFor();
      },
    },
    {
      name: 'volunteer-reveal-official',
      user: 'jd.changshou',
      path: '/volunteers',
      viewport: DESKTOP,
      ready: 'volunteers-table',
      act: async (page: Page) => {
        await openFirstRow(page);
        await page.getByTestId('volunteer-reveal-id').click();
        await page.locator('.ant-modal-confirm').waitFor();
      },
    },
    {
      name: 'volunteer-form-staff',
      user: 'zx.changshou',
      path: '/volunteers',
      viewport: DESKTOP,
      ready: 'volunteers-table',
      act: async (page: Page) => {
        await page.getByTestId('volunteer-create').click();
        // A mistyped last digit: the field says so as it is typed.
        await page.getByTestId('volunteer-id-number').fill(NEWCOMER_ID.slice(0, 17) + (NEWCOMER_ID[17] === '1' ? '2' : '1'));
        await page.locator('.ant-form-item-explain-error').first().waitFor();
      },
    },
    {
      name: 'volunteer-import-staff',
      user: 'zx.changshou',
      path: '/volunteers',
      viewport: DESKTOP,
      ready: 'volunteers-table',
      act: async (page: Page) => {
        await page.getByTestId('volunteers-import').click();
        await page.getByTestId('volunteer-import-file').waitFor();
      },
    },
    { name: 'volunteer-teams-staff', user: 'zx.changshou', path: '/volunteers/teams', viewport: DESKTOP, ready: 'teams-table' },
    {
      name: 'volunteer-team-detail-staff',
      user: 'zx.changshou',
      path: '/volunteers/teams',
      viewport: DESKTOP,
      ready: 'teams-table',
      act: async (page: Page) => {
        await page.locator('[data-testid="teams-table"] .ant-table-row').first().click();
        await page.locator('[data-testid="team-members"] .ant-table-row').first().waitFor();
      },
    },
    // A team's organisation and its social-worker lead, picked from the region's centre staff (no user.read needed).
    {
      name: 'volunteer-team-edit-staff',
      user: 'zx.changshou',
      path: '/volunteers/teams',
      viewport: DESKTOP,
      ready: 'teams-table',
      act: async (page: Page) => {
        const search = page.getByPlaceholder('搜索服务队名称');
        await search.fill('慈善超市');
        await search.press('Enter');
        await page.locator('[data-testid="teams-table"] .ant-table-row', { hasText: '慈善超市' }).first().click();
        await page.getByTestId('team-edit').click();
        await page.getByTestId('team-social-worker').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
      },
    },
    { name: 'volunteer-teams-phone', user: 'zx.changshou', path: '/volunteers/teams', viewport: PHONE, ready: 'teams-table' },
    {
      name: 'volunteer-team-create-phone',
      user: 'zx.changshou',
      path: '/volunteers/teams',
      viewport: PHONE,
      ready: 'teams-table',
      act: async (page: Page) => {
        await page.getByTestId('team-create').click();
        await page.getByTestId('team-form-ok').click();
        await page.locator('.ant-form-item-explain-error').first().waitFor();
      },
    },
    { name: 'volunteer-register-phone', user: 'zyz.li', path: '/', viewport: PHONE, act: signedOut },
    {
      name: 'volunteer-register-errors-phone',
      user: 'zyz.li',
      path: '/',
      viewport: PHONE,
      act: async (page: Page) => {
        await signedOut(page);
        await page.getByTestId('register-id-number').fill('3101071990031');
        await page.getByTestId('register-submit').click();
        await page.locator('.ant-form-item-explain-error').first().waitFor();
      },
    },
    {
      name: 'volunteer-register-done-phone',
      user: 'zyz.li',
      path: '/',
      viewport: PHONE,
      act: async (page: Page) => {
        await fillRegistration(page);
        await page.getByTestId('register-submit').click();
        await page.getByTestId('register-done').waitFor();
      },
    },
    // The account the registration above made, signed in: its record waits for the centre.
    { name: 'volunteer-me-pending-phone', user: NEWCOMER, path: '/volunteers/me', viewport: PHONE, ready: 'my-pending' },
    // The centre confirms that registration, then suspends the record with a reason: the history shows each step.
    {
      name: 'volunteer-confirmed-staff',
      user: 'zx.changshou',
      path: '/volunteers',
      viewport: DESKTOP,
      ready: 'volunteers-table',
      act: async (page: Page) => {
        await openPendingTab(page);
        await page.locator('[data-testid="volunteers-table"] .ant-table-row', { hasText: '王新来' }).click();
        await page.getByTestId('volunteer-confirm').click();
        await page.getByTestId('volunteer-confirm-ok').click();
        await page.locator('[data-testid="volunteer-history"] .ant-timeline-item').nth(1).waitFor();
      },
    },
    {
      name: 'volunteer-suspend-staff',
      user: 'zx.changshou',
      path: '/volunteers',
      viewport: DESKTOP,
      ready: 'volunteers-table',
      act: async (page: Page) => {
        const search = page.locator('[data-testid="volunteers-search"]').locator('xpath=descendant-or-self::input').first();
        await search.fill('王新来');
        await search.press('Enter');
        await page.locator('[data-testid="volunteers-table"] .ant-table-row', { hasText: '王新来' }).click();
        await page.getByTestId('volunteer-suspend').click();
        await page.getByTestId('volunteer-reason').fill('本人来电说明近三个月在外地照顾家人，暂停服务');
        await page.getByTestId('volunteer-reason-ok').click();
        await page.locator('[data-testid="volunteer-history"] .ant-timeline-item').nth(2).waitFor();
      },
    },
    { name: 'volunteer-me-phone', user: 'zyz.li', path: '/volunteers/me', viewport: PHONE, ready: 'my-record' },
    {
      name: 'volunteer-me-edit-phone',
      user: 'zyz.li',
      path: '/volunteers/me',
      viewport: PHONE,
      ready: 'my-record',
      act: async (page: Page) => {
        await page.getByTestId('my-edit').click();
        await page.getByTestId('my-edit-ok').waitFor();
      },
    },
  ];
}
