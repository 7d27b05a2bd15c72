/**
 * The screenshots of the funding review part (F5–F7: panels, the expert's scoring, the public notice,
 * proposal revision), on the demo data; scripts/screenshots.ts takes them with the others.
 */
import type { Page } from 'playwright-core';

interface Viewport {
  width: number;
  height: number;
}

/** The id of a demo call of 东城 at a step (read through the API as the signed-in staff). */
async function callAt(page: Page, step: string): Promise<string> {
  const res = await page.request.get('/api/funding/calls?status=published&pageSize=100');
  const items = (await res.json()).items as { id: string; step: string }[];
  const call = items.find((c) => c.step === step);
  if (!call) throw new Error(`the demo data has no published call at step ${step}`);
  return call.id;
}

const openPanel = (step: string, tab?: string) => async (page: Page) => {
  await page.goto(`/funding/panels/${await callAt(page, step)}`);
  await page.getByTestId('panel-call-title').waitFor();
  if (tab) await page.locator(`.ant-tabs-tab[data-node-key="${tab}"]`).click();
};

const openNotice = async (page: Page) => {
  await page.goto(`/funding/notices/${await callAt(page, 'notice')}`);
  await page.getByTestId('objections-table').waitFor();
};

/** The expert's first assignment on an open panel (one still to score, if any): its proposal and score sheet. */
const openFirstAssignment = async (page: Page) => {
  const items = page.getByTestId('my-panel').getByTestId('my-assignment');
  await items.first().waitFor();
  const toScore = items.filter({ hasText: '待评分' });
  await ((await toScore.count()) ? toScore : items).first().getByRole('link').first().click();
  await page.getByTestId('score-title').waitFor();
};

/** A proposal under revision with two versions (so the diff has something to show), else the first one. */
const openRevisedProposal = async (page: Page) => {
  const list = await (await page.request.get('/api/funding/applications?status=approved&pageSize=100')).json();
  let chosen: string | undefined;
  for (const a of list.items as { id: string }[]) {
    const res = await page.request.get(`/api/funding/proposals/${a.id}`);
    if (!res.ok()) continue;
    const p = (await res.json()) as { versions: unknown[]; acceptedVersion: number | null };
    chosen ??= a.id;
    if (p.versions.length > 1 && p.acceptedVersion === null) {
      chosen = a.id;
      break;
    }
  }
  if (!chosen) throw new Error('the demo data has no approved project with a proposal');
  await page.goto(`/funding/proposals/${chosen}`);
  await page.getByTestId('proposal-title').waitFor();
};

/** The organisation's own first approved project, when it has one (else the list's empty state). */
const openFirstProposal = async (page: Page) => {
  const rows = page.getByTestId('proposals-table').locator('tbody tr.ant-table-row');
  if (!(await rows.count())) return;
  await rows.first().click();
  await page.getByTestId('proposal-title').waitFor();
};

export function reviewShots(DESKTOP: Viewport, PHONE: Viewport) {
  return [
    { name: 'funding-review-calls', user: 'zx.dongcheng', path: '/funding/panels', viewport: DESKTOP, ready: 'review-calls-table' },
    { name: 'funding-panel-setup', user: 'zx.dongcheng', path: '/funding/panels', viewport: DESKTOP, act: openPanel('review', 'setup') },
    { name: 'funding-panel-assign', user: 'zx.dongcheng', path: '/funding/panels', viewport: DESKTOP, act: openPanel('review', 'assign') },
    { name: 'funding-panel-progress', user: 'zx.dongcheng', path: '/funding/panels', viewport: DESKTOP, act: openPanel('review', 'progress') },
    { name: 'funding-panel-ranking', user: 'zx.dongcheng', path: '/funding/panels', viewport: DESKTOP, act: openPanel('notice') },
    { name: 'funding-notice-admin', user: 'zx.dongcheng', path: '/funding/panels', viewport: DESKTOP, act: openNotice },
    { name: 'funding-notices', user: 'zx.dongcheng', path: '/funding/notices', viewport: DESKTOP, ready: 'notices-table' },
    { name: 'funding-my-reviews-chair', user: 'expert.zhang', path: '/funding/my-reviews', viewport: DESKTOP, ready: 'my-reviews' },
    { name: 'funding-my-reviews-undeclared-phone', user: 'expert.zhao', path: '/funding/my-reviews', viewport: PHONE, ready: 'my-reviews' },
    { name: 'funding-score-chair', user: 'expert.zhang', path: '/funding/my-reviews', viewport: DESKTOP, ready: 'my-reviews', act: openFirstAssignment },
    { name: 'funding-score-phone', user: 'expert.li', path: '/funding/my-reviews', viewport: PHONE, ready: 'my-reviews', act: openFirstAssignment },
    { name: 'funding-public-notices-phone', user: 'zz.qilerong', path: '/public/notices', viewport: PHONE, ready: 'public-notices-title' },
    {
      name: 'funding-public-notice-phone',
      user: 'zz.qilerong',
      path: '/public/notices',
      viewport: PHONE,
      ready: 'public-notices-title',
      act: async (page: Page) => {
        await page.getByTestId('public-notice').first().getByRole('link').first().click();
        await page.getByTestId('notice-title').waitFor();
      },
    },
    { name: 'funding-proposals', user: 'zx.dongcheng', path: '/funding/proposals', viewport: DESKTOP, ready: 'proposals-table' },
    { name: 'funding-proposal-diff', user: 'zx.dongcheng', path: '/funding/proposals', viewport: DESKTOP, ready: 'proposals-table', act: openRevisedProposal },
    { name: 'funding-proposal-org-phone', user: 'zz.qilerong', path: '/funding/proposals', viewport: PHONE, ready: 'proposals-table', act: openFirstProposal },
  ];
}
