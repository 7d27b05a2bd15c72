import { and, eq, inArray, isNull } from 'drizzle-orm';
import { writeAudits } from '../../../core/audit.js';
import type { Job } from '../../../core/jobs/scheduler.js';
import { centreWorkerAccounts, notifyMany, teamMemberAccounts } from '../../notifications/notifications.service.js';
import { fundingContracts as contracts } from '../funding-contracts.tables.js';
import { fundingProgressReports as reports } from '../funding-monitoring.tables.js';
import { overdueWhere } from './monitoring.js';

/*
 * Daily, just after midnight in China: progress reports of signed contracts that passed their due
 * date unsent (or sent back and not sent again) are flagged, once each, and the organisation's
 * members and the centre workers of its region are told. The to-do cards count overdue reports
 * from the dates themselves, so they are right even before the job has run.
 */

export const overdueReportsJob: Job = {
  name: 'funding-report-overdue',
  schedule: { every: 'day', at: '00:30' },
  async run(ctx) {
    // ctx.period is the China date of the run: a report due on it is not late yet.
    const today = ctx.period;
    const late = await ctx.db
      .select({ report: reports, title: contracts.title, providerName: contracts.providerName })
      .from(reports)
      .innerJoin(contracts, eq(contracts.id, reports.contractId))
      .where(and(overdueWhere(today), isNull(reports.overdueFlaggedAt), eq(contracts.status, 'signed')))
      .for('update', { of: reports });
    if (!late.length) return { reports: 0, notices: 0 };
    await ctx.db
      .update(reports)
      .set({ overdueFlaggedAt: ctx.now })
      .where(inArray(reports.id, late.map((l) => l.report.id)));
    await writeAudits(
      ctx,
      late.map(({ report, title }) => ({
        action: 'funding.report.overdue',
        entityType: 'funding.report',
        entityId: report.id,
        entityName: `${title} #${report.periodNo}`,
        regionCode: report.regionCode,
        after: { contractId: report.contractId, periodNo: report.periodNo, dueOn: report.dueOn, status: report.status },
      })),
    );
    const members = await teamMemberAccounts(ctx.db, late.map((l) => l.report.organizationId));
    const staff = await centreWorkerAccounts(ctx.db, late.map((l) => l.report.regionCode));
    const notices = await notifyMany(
      ctx,
      late.map(({ report, title, providerName }) => ({
        recipients: [...(members.get(report.organizationId) ?? []), ...(staff.get(report.regionCode) ?? [])],
        notice: {
          kind: 'fundingReport.overdue' as const,
          params: { contractTitle: title, organizationName: providerName, periodNo: report.periodNo, dueOn: report.dueOn },
          link: `/funding/contracts/${report.contractId}?tab=monitoring`,
          dedupeKey: `fundingReport.overdue:${report.id}`,
        },
      })),
    );
    return { reports: late.length, notices };
  },
};

export const MONITORING_JOBS: readonly Job[] = [overdueReportsJob];
