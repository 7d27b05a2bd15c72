/** Monitoring, evaluation and the open data (F9, F10) in the refusal matrix. */
import { sql } from 'drizzle-orm';
import { todayInChina } from '../../../../shared/dates.js';
import { ASSIGNMENT_ENTITY } from '../../../../shared/funding/monitoring.js';
import { assignments } from '../../core/core.tables.js';
import { outsideReach, values } from '../../../test/matrix/reach.js';
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';
import { makeSignedContract } from './funding-monitoring.factories.js';

type Key = 'contract' | 'evaluated' | 'evaluation' | 'report' | 'toAccept' | 'toReturn' | 'call';
const ids = {} as Record<Key, string>;

/** A's contract: B's holders and the sibling do not find it, nor does a reviewer it is not assigned to. */
const READ: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'notFound' };
/** Centre work on A's contract: B's staff do not find it; members and reviewers hold no such permission. */
const STAFF: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };
/** A reviewer's work on what is assigned to it: B's reviewer and the unassigned one find nothing; members hold no such permission. */
const ASSIGNED: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'notFound' };

export const monitoringMatrix = defineMatrix({
  async setup(w) {
    const db = w.t.db;
    const signed = async () => (await makeSignedContract(db, w.staff, { callRegion: w.A.street, organization: w.team, frequency: 'quarterly' })).contract;
    const contract = await signed();
    ids.contract = contract.id;
    const evaluated = await signed();
    ids.evaluated = evaluated.id;
    // A's reviewer is the contracts' monitor and evaluator: the one the allowed requests are sent as.
    for (const contractId of [contract.id, evaluated.id]) {
      for (const entityType of Object.values(ASSIGNMENT_ENTITY)) await db.insert(assignments).values({ entityType, entityId: contractId, userId: w.users.reviewer.id });
    }
    const done = await w.agents.reviewer.post(`/api/funding/contracts/${evaluated.id}/evaluations`, { kind: 'mid', indicators: [{ achieved: '9000', score: 70 }], overallScore: 70, summary: '良好' });
    if (done.status !== 200) throw new Error(`evaluating A's contract: ${done.status} ${done.body}`);
    ids.evaluation = done.json().id;
    const reports = (await w.staff.get(`/api/funding/contracts/${contract.id}/monitoring`)).json().reports as { id: string }[];
    [ids.report, ids.toAccept, ids.toReturn] = reports.map((r) => r.id);
    await db.execute(sql`update funding_progress_reports set status = 'submitted', submitted_at = now(), beneficiary_count = 5, narrative = '进展'
      where id in (${ids.toAccept}, ${ids.toReturn})`);
    ids.call = (await w.staff.get(`/api/funding/contracts/${contract.id}`)).json().callId;
  },

  async hidden(w, o) {
    const outside = outsideReach(o, { region: 'region_code', organization: 'organization_id' });
    return values(w, sql`select id::text as value from funding_contracts where ${outside} union all select title from funding_contracts where ${outside}`);
  },

  routes: {
    'GET /api/funding/monitoring/contracts': {
      permission: 'funding.monitoring.read',
      outsiders: { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'ownOnly' },
      req: () => ({ method: 'GET', url: '/api/funding/monitoring/contracts' }),
    },
    'GET /api/funding/reviewers': {
      permission: 'funding.monitoring.manage',
      // B's staff list the reviewers of their own region; members and reviewers hold no such permission.
      outsiders: { region: 'ownOnly', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'GET', url: '/api/funding/reviewers' }),
    },
    'GET /api/funding/contracts/:id/monitoring': { permission: 'funding.monitoring.read', outsiders: READ, req: () => ({ method: 'GET', url: `/api/funding/contracts/${ids.contract}/monitoring` }) },
    'PUT /api/funding/contracts/:id/report-schedule': {
      permission: 'funding.monitoring.manage',
      outsiders: STAFF,
      req: () => ({ method: 'PUT', url: `/api/funding/contracts/${ids.evaluated}/report-schedule`, body: { frequency: 'monthly' } }),
    },
    'POST /api/funding/contracts/:id/assignees': {
      permission: 'funding.monitoring.manage',
      outsiders: STAFF,
      req: (w) => ({ method: 'POST', url: `/api/funding/contracts/${ids.contract}/assignees`, body: { userId: w.users.reviewer.id, role: 'monitor' } }),
    },
    'POST /api/funding/contracts/:id/visits': {
      permission: 'funding.visit.record',
      outsiders: ASSIGNED,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'POST', url: `/api/funding/contracts/${ids.contract}/visits`, body: { visitedOn: todayInChina(), findings: '台账完整', rating: 'good' } }),
    },
    'POST /api/funding/contracts/:id/evaluations': {
      permission: 'funding.evaluation.record',
      outsiders: ASSIGNED,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({
        method: 'POST',
        url: `/api/funding/contracts/${ids.contract}/evaluations`,
        body: { kind: 'mid', indicators: [{ achieved: '9000', score: 80 }], overallScore: 80, summary: '良好' },
      }),
    },
    'POST /api/funding/evaluations/:id/correct': {
      permission: 'funding.evaluation.record',
      outsiders: ASSIGNED,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({
        method: 'POST',
        url: `/api/funding/evaluations/${ids.evaluation}/correct`,
        body: { indicators: [{ achieved: '9500', score: 75 }], overallScore: 75, summary: '良好', reason: '完成值录入有误' },
      }),
    },
    'PUT /api/funding/calls/:id/pass-line': { permission: 'funding.monitoring.manage', outsiders: STAFF, req: () => ({ method: 'PUT', url: `/api/funding/calls/${ids.call}/pass-line`, body: { passLine: 70 } }) },
    'POST /api/funding/reports/:id/submit': {
      permission: 'funding.report.submit',
      outsiders: { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' },
      allowedAs: (w) => w.agents.org_member,
      req: () => ({ method: 'POST', url: `/api/funding/reports/${ids.report}/submit`, body: { activities: [], beneficiaryCount: 12, narrative: '本期进展' } }),
    },
    'POST /api/funding/reports/:id/accept': { permission: 'funding.monitoring.manage', outsiders: STAFF, req: () => ({ method: 'POST', url: `/api/funding/reports/${ids.toAccept}/accept`, body: {} }) },
    'POST /api/funding/reports/:id/return': {
      permission: 'funding.monitoring.manage',
      outsiders: STAFF,
      req: () => ({ method: 'POST', url: `/api/funding/reports/${ids.toReturn}/return`, body: { reason: '缺少签到表' } }),
    },
    'GET /api/funding/public/ocds': { permission: 'public', req: () => ({ method: 'GET', url: '/api/funding/public/ocds' }) },
  },
});
