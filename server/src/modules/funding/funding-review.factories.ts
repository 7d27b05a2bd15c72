import { DEFAULT_CALL_STEPS } from '../../../../shared/funding/pipeline.js';
import type { Db } from '../../db/client.js';
import { fundingApplications, fundingBudgetLines, fundingCalls } from './funding.tables.js';

/*
 * Records for the review, notice and optimisation tests, inserted directly: a call at a given step
 * and screened-in applications (the front part builds them through the API in its own tests).
 */

/** A call at its review step, inserted directly (the calls part builds them through the API). */
export async function makeCallAtReview(db: Db, regionCode: string, budgetFen: number, step = 'review') {
  const [call] = await db
    .insert(fundingCalls)
    .values({
      regionCode,
      callType: 'purchase',
      year: 2026,
      title: `测试项目征集${Math.random().toString(36).slice(2, 7)}`,
      steps: [...DEFAULT_CALL_STEPS.purchase],
      step,
      status: 'published',
      budgetFen,
      deadline: new Date(Date.now() - 86_400_000),
      publishedAt: new Date(Date.now() - 10 * 86_400_000),
    })
    .returning();
  return call;
}

/** A screened-in application with one budget line per amount. */
export async function makeScreenedIn(db: Db, call: { id: string }, org: { id: string; regionCode?: string }, regionCode: string, title: string, lines: number[], submittedAt = new Date(Date.now() - 5 * 86_400_000)) {
  const amountFen = lines.reduce((s, v) => s + v, 0);
  const [app] = await db
    .insert(fundingApplications)
    .values({
      callId: call.id,
      organizationId: org.id,
      regionCode,
      title,
      summary: '为社区老人提供助餐服务',
      goals: '每周服务 200 人次',
      activities: [{ name: '助餐', startsOn: '2026-03-01', endsOn: '2026-12-31', description: '每日午餐' }],
      indicators: [{ name: '服务人次', target: '10000', unit: '人次' }],
      beneficiaryCount: 300,
      status: 'screened_in',
      amountFen,
      submittedAt,
    })
    .returning();
  await db.insert(fundingBudgetLines).values(lines.map((amount, i) => ({ applicationId: app.id, position: i + 1, item: `支出${i + 1}`, amountFen: amount })));
  return app;
}

