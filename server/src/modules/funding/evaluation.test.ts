import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot } from '../../../test/helpers.js';
import { auditLog, workflowHistory } from '../../core/core.tables.js';
import { fundSummary } from '../../core/ledger/ledger.js';
import { ledgerJournals } from '../../core/ledger/ledger.tables.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { assign, makeSignedContract } from './funding-monitoring.factories.js';
import { fundingEvaluations } from './funding-monitoring.tables.js';
import { evaluationsOfOrganization } from './funding.service.js';

let t: TestApp;
let A: RegionTree;
let staff: Agent;
let member: Agent;
let evaluator: Agent;
let evaluatorId: string;
let otherEvaluator: Agent;
let otherEvaluatorId: string;
let team: Awaited<ReturnType<typeof makeOrganization>>;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const s = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  staff = await signIn(t.app, s.username, PASSWORD);
  team = await makeOrganization(t.db, A.street, { name: '甲街道评估对象服务社', legalForm: 'social_service_agency' });
  const m = await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: team.id }]);
  member = await signIn(t.app, m.username, PASSWORD);
  const e = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  evaluatorId = e.id;
  evaluator = await signIn(t.app, e.username, PASSWORD);
  const o = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  otherEvaluatorId = o.id;
  otherEvaluator = await signIn(t.app, o.username, PASSWORD);
});
afterAll(async () => {
  await t.close();
});

async function evaluated() {
  const made = await makeSignedContract(t.db, staff, { callRegion: A.street, organization: team, amountFen: 1_000_001 });
  await assign(staff, made.contract.id, evaluatorId, 'evaluator');
  return made;
}

const scores = (overallScore: number, kind: 'mid' | 'final' = 'mid') => ({ kind, indicators: [{ achieved: '10500 人次', score: overallScore }], overallScore, summary: '服务开展规范，台账完整。' });

async function unchanged(request: () => Promise<{ status: number; json(): any; body: string }>, status: number) {
  const before = await dbSnapshot(t.db);
  const res = await request();
  expect(res.status, res.body).toBe(status);
  expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  return res.json();
}

describe('evaluation (F10)', () => {
  it('a passed mid-term pays its tranche, a failed final withholds its own; the contract completes and the fund balances', async () => {
    const { contract, fund, call } = await evaluated();
    const mid = contract.tranches.find((x) => x.releasedBy === 'mid_evaluation')!;
    const final = contract.tranches.find((x) => x.releasedBy === 'final_evaluation')!;

    const passed = await evaluator.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(75));
    expect(passed.status, passed.body).toBe(200);
    expect(passed.json()).toMatchObject({ kind: 'mid', version: 1, overallScore: 75, passLine: 60, passed: true, paidTrancheIds: [mid.id], withheldTrancheIds: [] });
    expect(passed.json().indicators).toEqual([{ name: '服务人次', target: '10000', unit: '人次', achieved: '10500 人次', score: 75 }]);

    // The pass line is the call's (funding_evaluation_settings), set by the centre: 80 fails a 79.
    const line = await staff.put(`/api/funding/calls/${call.id}/pass-line`, { passLine: 80 });
    expect(line.status, line.body).toBe(200);
    const failed = await evaluator.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(79, 'final'));
    expect(failed.status, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({ kind: 'final', passLine: 80, passed: false, paidTrancheIds: [], withheldTrancheIds: [final.id] });

    const after = (await staff.get(`/api/funding/contracts/${contract.id}`)).json();
    expect(after.status).toBe('completed');
    expect(after.tranches.map((x: { status: string }) => x.status)).toEqual(['paid', 'paid', 'withheld']);
    const s = await fundSummary(t.db, fund!.id);
    expect(s.budgetFen).toBe(s.availableFen + s.committedFen + s.paidFen);
    expect(s.committedFen).toBe(0);
    expect(s.paidFen).toBe(contract.amountFen - final.amountFen);

    // Recorded on the organisation, for its grade evaluation and later applications.
    const onRecord = await evaluationsOfOrganization(t.db, team.id);
    expect(onRecord.filter((e) => e.contractId === contract.id).map((e) => [e.kind, e.overallScore, e.passed])).toEqual([
      ['final', 79, false],
      ['mid', 75, true],
    ]);
    const audits = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, passed.json().id));
    expect(audits.map((a) => a.action)).toEqual(['funding.evaluation.submit']);
    const steps = await t.db.select().from(workflowHistory).where(eq(workflowHistory.entityId, passed.json().id));
    expect(steps.map((h) => [h.action, h.toState])).toEqual([['create', 'passed']]);
  });

  it('is submitted once; a correction is a new version with its reason that moves no money', async () => {
    const { contract } = await evaluated();
    const first = (await evaluator.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(50))).json();
    expect(first.passed).toBe(false);
    const again = await unchanged(() => evaluator.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(90)), 409);
    expect(again.error.code).toBe('evaluation_submitted');

    const noReason = await unchanged(() => evaluator.post(`/api/funding/evaluations/${first.id}/correct`, { ...scores(65), reason: '' }), 400);
    expect(noReason.error.fields[0].field).toBe('reason');
    const corrected = await evaluator.post(`/api/funding/evaluations/${first.id}/correct`, { ...scores(65), reason: '第 2 项指标的完成值录入有误' });
    expect(corrected.status, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ version: 2, overallScore: 65, passed: true, correctionReason: '第 2 项指标的完成值录入有误', current: true, paidTrancheIds: [] });
    // The tranche the first version withheld stays withheld: the ledger's entries stand.
    const tranches = (await staff.get(`/api/funding/contracts/${contract.id}`)).json().tranches;
    expect(tranches.find((x: { releasedBy: string }) => x.releasedBy === 'mid_evaluation').status).toBe('withheld');

    const versions = (await evaluator.get(`/api/funding/contracts/${contract.id}/monitoring`)).json().evaluations;
    expect(versions.map((e: { version: number; current: boolean }) => [e.version, e.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    const superseded = await unchanged(() => evaluator.post(`/api/funding/evaluations/${first.id}/correct`, { ...scores(70), reason: '再改' }), 409);
    expect(superseded.error.code).toBe('evaluation_superseded');
    expect((await evaluationsOfOrganization(t.db, team.id)).find((e) => e.contractId === contract.id)).toMatchObject({ version: 2, passed: true });

    // The database keeps a submitted evaluation as it was, whatever code runs.
    await expect(t.db.execute(sql`update funding_evaluations set overall_score = 99 where id = ${corrected.json().id}`)).rejects.toThrow();
    await expect(t.db.update(fundingEvaluations).set({ supersededAt: new Date() }).where(eq(fundingEvaluations.id, first.id))).rejects.toThrow();
  });

  it('is recorded once however many submissions race, and pays its tranche once', async () => {
    const { contract } = await evaluated();
    const results = await Promise.all(Array.from({ length: 8 }, () => evaluator.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(88))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const rows = await t.db.select().from(fundingEvaluations).where(eq(fundingEvaluations.contractId, contract.id));
    expect(rows).toHaveLength(1);
    const midKey = `funding.tranche:${contract.tranches.find((x) => x.releasedBy === 'mid_evaluation')!.id}:pay`;
    expect(await t.db.select().from(ledgerJournals).where(eq(ledgerJournals.key, midKey))).toHaveLength(1);
    const tranches = (await staff.get(`/api/funding/contracts/${contract.id}`)).json().tranches;
    expect(tranches.map((x: { status: string }) => x.status)).toEqual(['paid', 'paid', 'pending']);
  });

  it('is done by an evaluator assigned to the contract, who never sees another', async () => {
    const { contract } = await evaluated();
    const { contract: other } = await makeSignedContract(t.db, staff, { callRegion: A.street, organization: team });
    await assign(staff, other.id, otherEvaluatorId, 'evaluator');
    await unchanged(() => otherEvaluator.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(80)), 404);
    expect((await otherEvaluator.get(`/api/funding/contracts/${contract.id}/monitoring`)).status).toBe(404);
    const list = (await otherEvaluator.get('/api/funding/monitoring/contracts')).json();
    expect(list.items.map((c: { contractId: string }) => c.contractId)).toEqual([other.id]);
    // Staff and the organisation hold no evaluator's permission.
    await unchanged(() => staff.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(80)), 403);
    await unchanged(() => member.post(`/api/funding/contracts/${contract.id}/evaluations`, scores(80)), 403);
    // The organisation reads its own results.
    const own = await member.get(`/api/funding/contracts/${contract.id}/monitoring`);
    expect(own.status).toBe(200);
    expect(own.json().abilities.evaluate).toBe(false);
  });

  it('refuses bad scores naming the field, and changes nothing', async () => {
    const { contract, call } = await evaluated();
    const url = `/api/funding/contracts/${contract.id}/evaluations`;
    const count = await unchanged(() => evaluator.post(url, { ...scores(70), indicators: [] }), 400);
    expect(count.error.fields[0]).toMatchObject({ field: 'indicators', problem: 'evaluation_indicator_count' });
    expect(count.error.fields[0].message).toContain('1 项绩效目标');
    const over = await unchanged(() => evaluator.post(url, { ...scores(70), overallScore: 101 }), 400);
    expect(over.error.fields[0].field).toBe('overallScore');
    const indicator = await unchanged(() => evaluator.post(url, { ...scores(70), indicators: [{ achieved: '100', score: -1 }] }), 400);
    expect(indicator.error.fields[0].field).toBe('indicators.0.score');
    const kind = await unchanged(() => evaluator.post(url, { ...scores(70), kind: 'annual' }), 400);
    expect(kind.error.fields[0].field).toBe('kind');
    const line = await unchanged(() => staff.put(`/api/funding/calls/${call.id}/pass-line`, { passLine: 101 }), 400);
    expect(line.error.fields[0].field).toBe('passLine');
    // A mid-term after the final is out of order.
    expect((await evaluator.post(url, scores(70, 'final'))).status).toBe(200);
    const late = await unchanged(() => evaluator.post(url, scores(70)), 409);
    expect(late.error.code).toBe('evaluation_after_final');
  });
});
