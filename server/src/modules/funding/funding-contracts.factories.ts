/** Test data of contracts (test code: nothing the server imports). */
import { PIPELINE_STEPS } from '../../../../shared/funding/pipeline.js';
import { openFund } from '../../core/ledger/ledger.js';
import { systemCtx } from '../../core/write-unit.js';
import type { Db } from '../../db/client.js';
import { fundingApplications, fundingBudgetLines, fundingCalls } from './funding.tables.js';

let serial = 0;

/**
 * An approved application of a call at its contract step, the call paid from a fund of its own:
 * what a contract is drafted from. The call runs in `callRegion`; the organisation applies from its own.
 */
export async function makeApprovedApplication(
  db: Db,
  opts: {
    callRegion: string;
    organization: { id: string; regionCode: string };
    amountFen?: number;
    fundFen?: number;
    step?: string;
    withFund?: boolean;
    /** Another application to the call (and fund) of one made before. */
    sameCallAs?: { call: typeof fundingCalls.$inferSelect; fund: Awaited<ReturnType<typeof openFund>> | null };
  },
) {
  const n = ++serial;
  const amountFen = opts.amountFen ?? 10_000_000;
  const fund = opts.sameCallAs
    ? opts.sameCallAs.fund
    : opts.withFund === false
      ? null
      : await openFund(systemCtx(db, 'test'), {
          regionCode: opts.callRegion,
          year: 2026,
          kind: 'special_fund',
          name: `测试专项资金${n}-${Math.random().toString(36).slice(2, 8)}`,
          appropriationFen: opts.fundFen ?? 150_000_000,
        });
  const [call] = opts.sameCallAs
    ? [opts.sameCallAs.call]
    : await db
        .insert(fundingCalls)
        .values({
          regionCode: opts.callRegion,
          callType: 'purchase',
          year: 2026,
          title: `测试项目征集${n}`,
          steps: [...PIPELINE_STEPS],
          step: opts.step ?? 'contract',
          status: 'published',
          budgetFen: 150_000_000,
          deadline: new Date('2026-03-01T00:00:00+08:00'),
          fundId: fund?.id ?? null,
        })
        .returning();
  const [application] = await db
    .insert(fundingApplications)
    .values({
      callId: call.id,
      organizationId: opts.organization.id,
      regionCode: opts.organization.regionCode,
      status: 'approved',
      title: `社区长者助餐服务${n}`,
      summary: '为辖区高龄独居老人提供助餐与探访服务',
      goals: '一年内服务高龄独居老人 200 人',
      activities: [{ name: '助餐', startsOn: '2026-04-01', endsOn: '2026-12-31', description: '每周五天送餐上门' }],
      targetBeneficiaries: '80 岁以上独居老人',
      beneficiaryCount: 200,
      indicators: [{ name: '服务人次', target: '10000', unit: '人次' }],
      amountFen,
      submittedAt: new Date('2026-02-20T10:00:00+08:00'),
    })
    .returning();
  await db.insert(fundingBudgetLines).values({ applicationId: application.id, position: 0, item: '餐费补贴', amountFen });
  return { fund, call, application };
}
