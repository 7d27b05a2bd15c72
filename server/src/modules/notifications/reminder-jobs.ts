import type { Job } from '../../core/jobs/scheduler.js';
import { leavesReadCaches } from '../../core/write-unit.js';
import { gradesExpiring, teamsWithoutReport } from '../registry/registry.service.js';
import { notifyMany } from './notifications.service.js';
import { centreWorkerAccounts, teamMemberAccounts } from './recipients.js';

/**
 * The day of the month teams are reminded of last month's "六个一" report: a month is reported once it
 * is over (reports.ts refuses the month still running), so the reminder comes early in the next one.
 */
export const REPORT_REMINDER_DAY = 3;
/** How long before a grade runs out its organisation and centre are told (renewal takes months: self-assessment, experts, committee). */
export const GRADE_NOTICE_DAYS = 90;

/** "2026-06" → "2026-05". */
export function monthBefore(period: string) {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Monthly: each filed team that owes last month's report is reminded, through its members' accounts. */
export const reportReminderJob: Job = {
  name: 'report-reminder',
  schedule: { every: 'month', day: REPORT_REMINDER_DAY, at: '09:00' },
  async run(ctx) {
    // Notifications only: no cached read shows them.
    leavesReadCaches(ctx);
    const month = monthBefore(ctx.period);
    const teams = await teamsWithoutReport(ctx, month);
    const members = await teamMemberAccounts(ctx.db, teams.map((t) => t.id));
    const notices = await notifyMany(
      ctx,
      teams.map((team) => ({
        recipients: members.get(team.id) ?? [],
        notice: {
          kind: 'report.reminder' as const,
          params: { organizationName: team.name, month },
          link: `/registry/${team.id}?tab=reports`,
          dedupeKey: `report.reminder:${team.id}:${month}`,
        },
      })),
    );
    return { month, teams: teams.length, notices };
  },
};

/** The calendar date `days` after an ISO date. */
export function addDays(date: string, days: number) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Daily: organisations whose grade runs out within GRADE_NOTICE_DAYS are told once per expiry date
 * (a renewed grade has a new date, and is told again before that one): the team's members and the
 * centre workers of its region.
 */
export const gradeExpiryJob: Job = {
  name: 'grade-expiry-reminder',
  schedule: { every: 'day', at: '08:00' },
  async run(ctx) {
    leavesReadCaches(ctx);
    const today = ctx.period;
    const expiring = await gradesExpiring(ctx, today, addDays(today, GRADE_NOTICE_DAYS));
    const members = await teamMemberAccounts(ctx.db, expiring.map((o) => o.id));
    const staff = await centreWorkerAccounts(ctx.db, expiring.map((o) => o.regionCode));
    const notices = await notifyMany(
      ctx,
      expiring.map((o) => ({
        recipients: [...(members.get(o.id) ?? []), ...(staff.get(o.regionCode) ?? [])],
        notice: {
          kind: 'grade.expiring' as const,
          params: { organizationName: o.name, grade: o.grade, validUntil: o.validUntil },
          link: `/registry/${o.id}`,
          dedupeKey: `grade.expiring:${o.id}:${o.validUntil}`,
        },
      })),
    );
    return { organizations: expiring.length, notices };
  },
};

export const REMINDER_JOBS: readonly Job[] = [reportReminderJob, gradeExpiryJob];
