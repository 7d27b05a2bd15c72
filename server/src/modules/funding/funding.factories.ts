/**
 * Funding records for tests, written straight to the tables (no audit, no history): a call at the
 * step a test needs, an application of an organisation to it. Other parts' tests start from these.
 */
import { DEFAULT_CALL_STEPS, type CallType, type PipelineStep } from '../../../../shared/funding/pipeline.js';
import type { Db } from '../../db/client.js';
import { fundingApplications, fundingBudgetLines, fundingCalls, fundingNeeds } from './funding.tables.js';

let serial = 0;
const next = () => ++serial;

/**
 * A published call of `regionCode` at its `call` step, open until a week from now, 100,000 yuan
 * with a 50,000 yuan cap and no eligibility rules. Override anything, e.g.
 * `makeCall(db, A.district, { step: 'review', eligibility: [{ kind: 'min_grade', grade: '3A' }] })`.
 */
export async function makeCall(db: Db, regionCode: string, overrides: Partial<typeof fundingCalls.$inferInsert> = {}) {
  const callType = (overrides.callType ?? 'venture') as CallType;
  const [row] = await db
    .insert(fundingCalls)
    .values({
      regionCode,
      callType,
      year: new Date().getUTCFullYear(),
      title: `测试项目征集${next()}`,
      steps: [...DEFAULT_CALL_STEPS[callType]],
      step: 'call' satisfies PipelineStep,
      status: 'published',
      budgetFen: 10_000_000,
      capFen: 5_000_000,
      deadline: new Date(Date.now() + 7 * 86_400_000),
      publishedAt: new Date(),
      ...overrides,
    })
    .returning();
  return row;
}

/**
 * An application of `organization` to `call`: submitted by default, asking 30,000 yuan in one budget
 * line, with every field a submission needs. `{ status: 'draft', submittedAt: null }` for a draft.
 */
export async function makeApplication(
  db: Db,
  call: { id: string; year: number },
  organization: { id: string; regionCode: string },
  overrides: Partial<typeof fundingApplications.$inferInsert> = {},
) {
  const amountFen = overrides.amountFen ?? 3_000_000;
  const [row] = await db
    .insert(fundingApplications)
    .values({
      callId: call.id,
      organizationId: organization.id,
      regionCode: organization.regionCode,
      status: 'submitted',
      title: `测试申报${next()}`,
      goals: '服务社区老人',
      activities: [{ name: '健康讲座', startsOn: `${call.year}-03-01`, endsOn: `${call.year}-03-31`, description: null }],
      targetBeneficiaries: '社区老人',
      beneficiaryCount: 200,
      indicators: [{ name: '服务人次', target: '1000', unit: '人次' }],
      amountFen,
      submittedAt: new Date(),
      ...overrides,
    })
    .returning();
  await db.insert(fundingBudgetLines).values({ applicationId: row.id, position: 0, item: '活动经费', amountFen });
  return row;
}

/** An open need of `regionCode` in the pool. */
export async function makeNeed(db: Db, regionCode: string, overrides: Partial<typeof fundingNeeds.$inferInsert> = {}) {
  const [row] = await db
    .insert(fundingNeeds)
    .values({ regionCode, source: 'resident', title: `测试需求${next()}`, description: '居民反映的需求', ...overrides })
    .returning();
  return row;
}
