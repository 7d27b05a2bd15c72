/** Contracts, milestones, the printed contract, renewal and the announcement (F8, F11) in the refusal matrix. */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';
import type { MatrixWorld } from '../../../test/matrix/world.js';
import { makeApprovedApplication } from './funding-contracts.factories.js';

type Key = 'create' | 'read' | 'patch' | 'sign' | 'terminate' | 'renew' | 'milestone' | 'toReport' | 'toReject';
const ids = {} as Record<Key, string>;
const hiddenIds: string[] = [];

/** A contract of A's team: absent for B's readers and for the sibling organisation; the reviewer holds no permission. */
const READ: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' };
/** Staff work on A's contract: B's staff do not find it; members and reviewers hold no such permission. */
const MANAGE: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };
const YEAR = { startsOn: '2026-04-01', endsOn: '2027-03-31' };

/** A draft (or signed) contract of A's team, made through the API by A's staff. */
async function contractOf(w: MatrixWorld, body: Record<string, unknown> = {}, sign = false) {
  const { application } = await makeApprovedApplication(w.t.db, { callRegion: w.A.street, organization: w.team });
  const res = await w.staff.post('/api/funding/contracts', { applicationId: application.id, ...YEAR, ...body });
  expect(res.status, res.body).toBe(200);
  const contract = res.json();
  hiddenIds.push(contract.id, application.id);
  if (sign) expect((await w.staff.post(`/api/funding/contracts/${contract.id}/sign`)).status).toBe(200);
  return contract as { id: string; milestones: { id: string }[] };
}

export const contractsMatrix = defineMatrix({
  async setup(w) {
    const { application } = await makeApprovedApplication(w.t.db, { callRegion: w.A.street, organization: w.team });
    ids.create = application.id;
    hiddenIds.push(application.id);
    ids.read = (await contractOf(w, {}, true)).id;
    ids.patch = (await contractOf(w)).id;
    ids.sign = (await contractOf(w)).id;
    ids.terminate = (await contractOf(w, {}, true)).id;
    ids.renew = (await contractOf(w, {}, true)).id;
    const withMilestone = await contractOf(
      w,
      {
        milestones: [
          { title: '完成入户摸底', dueOn: '2026-06-30' },
          { title: '建立志愿者队伍', dueOn: '2026-08-31' },
          { title: '完成中期总结', dueOn: '2026-10-31' },
        ],
        tranches: [{ releasedBy: 'signing', percent: 30 }, { releasedBy: 'milestone', milestone: 0, percent: 40 }, { releasedBy: 'final_evaluation', percent: 30 }],
      },
      true,
    );
    ids.milestone = withMilestone.milestones[0].id;
    ids.toReport = withMilestone.milestones[1].id;
    ids.toReject = withMilestone.milestones[2].id;
    // Reported by the organisation (as the report route would), so staff have something to reject.
    await w.t.db.execute(sql`update funding_milestones set status = 'submitted' where id = ${ids.toReject}`);
  },
  async hidden() {
    return hiddenIds;
  },
  routes: {
    'GET /api/funding/contracts': {
      permission: 'funding.read',
      outsiders: { region: 'empty', sibling: 'empty', unassigned: 'forbidden' },
      req: () => ({ method: 'GET', url: '/api/funding/contracts' }),
    },
    'POST /api/funding/contracts': {
      permission: 'funding.contract.manage',
      // B's staff name an application they cannot reach: 400 on applicationId.
      outsiders: { region: 'refused', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'POST', url: '/api/funding/contracts', body: { applicationId: ids.create, ...YEAR } }),
    },
    'GET /api/funding/contracts/:id': { permission: 'funding.read', outsiders: READ, req: () => ({ method: 'GET', url: `/api/funding/contracts/${ids.read}` }) },
    'PATCH /api/funding/contracts/:id': {
      permission: 'funding.contract.manage',
      outsiders: MANAGE,
      req: () => ({ method: 'PATCH', url: `/api/funding/contracts/${ids.patch}`, body: { title: '矩阵合同改名' } }),
    },
    'POST /api/funding/contracts/:id/sign': {
      permission: 'funding.contract.manage',
      outsiders: MANAGE,
      req: () => ({ method: 'POST', url: `/api/funding/contracts/${ids.sign}/sign` }),
    },
    'POST /api/funding/contracts/:id/terminate': {
      permission: 'funding.contract.manage',
      outsiders: MANAGE,
      req: () => ({ method: 'POST', url: `/api/funding/contracts/${ids.terminate}/terminate`, body: { reason: '矩阵终止' } }),
    },
    'POST /api/funding/contracts/:id/renew': {
      permission: 'funding.contract.manage',
      outsiders: MANAGE,
      req: () => ({ method: 'POST', url: `/api/funding/contracts/${ids.renew}/renew`, body: {} }),
    },
    'POST /api/funding/contracts/:id/document': {
      permission: 'funding.read',
      outsiders: READ,
      req: () => ({ method: 'POST', url: `/api/funding/contracts/${ids.read}/document` }),
    },
    'POST /api/funding/milestones/:id/accept': {
      permission: 'funding.contract.manage',
      outsiders: MANAGE,
      req: () => ({ method: 'POST', url: `/api/funding/milestones/${ids.milestone}/accept`, body: {} }),
    },
    'GET /api/funding/contracts/export': {
      permission: 'funding.read',
      outsiders: { region: 'empty', sibling: 'empty', unassigned: 'forbidden' },
      req: () => ({ method: 'GET', url: '/api/funding/contracts/export' }),
    },
    'POST /api/funding/milestones/:id/report': {
      permission: 'funding.report.submit',
      // Another organisation's member (in B, or A's sibling) does not find A's team's milestone.
      outsiders: { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' },
      allowedAs: (w) => w.agents.org_member,
      req: () => ({ method: 'POST', url: `/api/funding/milestones/${ids.toReport}/report`, body: { note: '已完成，附签到表' } }),
    },
    'POST /api/funding/milestones/:id/reject': {
      permission: 'funding.contract.manage',
      outsiders: MANAGE,
      req: () => ({ method: 'POST', url: `/api/funding/milestones/${ids.toReject}/reject`, body: { reason: '缺少活动照片' } }),
    },
    'GET /api/funding/public/contracts': { permission: 'public', req: () => ({ method: 'GET', url: '/api/funding/public/contracts' }) },
  },
});
