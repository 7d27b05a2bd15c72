import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import { type Ctx } from '../../../core/actor.js';
import { scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { childBucket, OWN_BUCKET } from '../../../core/region-rollup.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { rowsOf } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { childRegions, getRegion } from '../../regions/regions.service.js';
import { canSubmitReport } from '../registry.policy.js';
import { findOrganizationInScope } from '../registry.queries.js';
import type { TReportBody } from '../../../../../shared/registry/reports.js';
import {
  registryMembers as members,
  registryMonthlyReports as reports,
  registryMonthlyReportVersions as versions,
} from '../registry.tables.js';

/** The month before the current one: the latest a team can have fully reported. */
export function lastCompleteMonth(now = new Date()) {
  return addMonths(currentMonth(now), -1);
}

/** The month teams report on now, by the calendar in China (the jobs' clock too). */
export function currentMonth(now = new Date()) {
  return todayInChina(now).slice(0, 7);
}

/** "2026-11" plus n months (n may be negative). */
export function addMonths(month: string, n: number) {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The instant a month begins in China (UTC+8 all year, no daylight saving). */
function monthStartInChina(month: string) {
  return `${month}-01T00:00:00+08:00`;
}

/** The month (China time) a team was filed in; null when its filing date is unknown. */
function filedMonthOf(filedAt: Date | null) {
  return filedAt ? todayInChina(filedAt).slice(0, 7) : null;
}

/**
 * Whether team `o` owes a report for `month`, as SQL. Decision: a team owes reports from the month
 * AFTER the one it was filed in. The filing month itself does not count: a team filed on the 28th
 * could not have held that month's meeting and training, and counting it would let a filing change
 * the rate of a month already closed (a team filed on 2026-11-22 is not 未报送 for 2026-10, nor for
 * 2026-11). It may still report on its filing month once that is over; the report is kept and shown
 * on the team's page, outside the roll-up. Filed teams without a filing date (records from before
 * filed_at was kept) count in every month, as they always did.
 */
export function owesReportSql(month: string) {
  return sql`(o.filed_at is null or o.filed_at < ${monthStartInChina(month)}::timestamptz)`;
}

/** How far back a team without a filing date may report: three years, as the picker offers. */
const UNDATED_REPORT_MONTHS = 36;

/** Months a team may report on, newest first: its filing month up to the last month that is over. */
function reportableMonths(team: { status: string; filedAt: Date | null }, now = new Date()) {
  if (team.status !== 'filed') return [];
  const last = lastCompleteMonth(now);
  // A team without a filing date may report on any month; the picker offers three years of them.
  const first = filedMonthOf(team.filedAt) ?? addMonths(last, -(UNDATED_REPORT_MONTHS - 1));
  const months: string[] = [];
  for (let m = last; m >= first; m = addMonths(m, -1)) months.push(m);
  return months;
}

async function rosterLeaders(db: Ctx['db'], organizationId: string) {
  const rows = await db
    .select({ name: members.name })
    .from(members)
    .where(and(eq(members.organizationId, organizationId), eq(members.role, 'leader')))
    .orderBy(asc(members.createdAt), asc(members.id));
  return rows.map((r) => r.name);
}

type ReportRow = typeof reports.$inferSelect;
type VersionRow = typeof versions.$inferSelect;

function contentOf(r: ReportRow | VersionRow) {
  return {
    responsiblePerson: r.responsiblePerson,
    flag: r.flag,
    venuePermit: r.venuePermit,
    meetingHeld: r.meetingHeld,
    trainingHeld: r.trainingHeld,
    reportForm: r.reportForm,
    compliant: r.responsiblePerson && r.flag && r.venuePermit && r.meetingHeld && r.trainingHeld && r.reportForm,
    responsiblePersonName: r.responsiblePersonName,
    venue: r.venue,
    meetingDate: r.meetingDate,
    trainingTopic: r.trainingTopic,
    notes: r.notes,
    version: r.version,
    correctionReason: r.correctionReason,
    submittedAt: r.submittedAt.toISOString(),
  };
}

function presentMonthlyReport(r: ReportRow, kept: VersionRow[]) {
  const history = kept.filter((v) => v.reportId === r.id && v.version < r.version).sort((a, b) => a.version - b.version);
  return { id: r.id, month: r.month.slice(0, 7), ...contentOf(r), history: history.map(contentOf) };
}

export async function listReports(ctx: Ctx, organizationId: string) {
  const team = await findOrganizationInScope(ctx, ctx.db, organizationId);
  const rows = await ctx.db.select().from(reports).where(eq(reports.organizationId, organizationId)).orderBy(desc(reports.month));
  const kept = rows.some((r) => r.version > 1)
    ? await ctx.db.select().from(versions).where(eq(versions.organizationId, organizationId))
    : [];
  const filedMonth = filedMonthOf(team.filedAt);
  return {
    items: rows.map((r) => presentMonthlyReport(r, kept)),
    form: {
      leaderNames: await rosterLeaders(ctx.db, organizationId),
      venue: team.venue?.trim() || null,
      months: reportableMonths(team),
      firstDueMonth: filedMonth && addMonths(filedMonth, 1),
    },
  };
}

/** What a report says, checked against its month alone (before anything is read or written). */
export function checkReportDates(input: TReportBody, now = new Date()) {
  const latest = lastCompleteMonth(now);
  if (input.month > latest) throw invalidField('month', 'month_not_over', { latest });
  if (input.meetingHeld && !input.meetingDate) throw invalidField('meetingDate', 'required');
  if (input.meetingHeld && input.meetingDate!.slice(0, 7) !== input.month) {
    throw invalidField('meetingDate', 'meeting_outside_month', { month: input.month });
  }
}

/**
 * Submits a team's "六个一" report for a month, or corrects it. A month already reported changes only
 * through an explicit correction with its reason; every version is kept (registry_monthly_report_versions).
 * 一人负责 holds when the report names a leader on the roster; the venue permit when the team has a
 * recorded venue and the report confirms the permit for it.
 */
export async function submitReport(ctx: Ctx, organizationId: string, input: TReportBody) {
  checkReportDates(input);
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const team = await findOrganizationInScope(ctx, tx, organizationId, true);
    if (!canSubmitReport(ctx.actor, team)) throw new AppError('invalid_state', { state: team.status, action: 'submit' });
    const filedMonth = filedMonthOf(team.filedAt);
    if (filedMonth && input.month < filedMonth) throw invalidField('month', 'month_before_filing', { filed: filedMonth });
    const earliest = addMonths(lastCompleteMonth(), -(UNDATED_REPORT_MONTHS - 1));
    if (!filedMonth && input.month < earliest) throw invalidField('month', 'month_too_old', { earliest });

    const month = `${input.month}-01`;
    const [before] = await tx
      .select()
      .from(reports)
      .where(and(eq(reports.organizationId, organizationId), eq(reports.month, month)))
      .for('update');
    if (before && !input.correctionReason) throw invalidField('correctionReason', 'report_exists', { month: input.month });
    if (!before && input.correctionReason) throw invalidField('correctionReason', 'nothing_to_correct', { month: input.month });

    const leaders = await rosterLeaders(tx, organizationId);
    const responsiblePersonName = input.responsiblePersonName ?? leaders[0] ?? null;
    if (input.responsiblePersonName && leaders.length && !leaders.includes(input.responsiblePersonName)) {
      throw invalidField('responsiblePersonName', 'not_roster_leader');
    }
    const venue = team.venue?.trim() || null;
    const values = {
      responsiblePerson: !!responsiblePersonName && leaders.includes(responsiblePersonName),
      responsiblePersonName,
      flag: input.flag,
      venuePermit: !!venue && input.venuePermit,
      venue,
      meetingHeld: input.meetingHeld,
      trainingHeld: input.trainingHeld,
      reportForm: input.reportForm,
      meetingDate: input.meetingHeld ? input.meetingDate! : null,
      trainingTopic: input.trainingTopic ?? null,
      notes: input.notes ?? null,
      version: before ? before.version + 1 : 1,
      correctionReason: input.correctionReason ?? null,
      submittedBy: ctx.actor.id,
      submittedAt: new Date(),
    };
    const [row] = before
      ? await tx.update(reports).set(values).where(eq(reports.id, before.id)).returning()
      : await tx.insert(reports).values({ ...values, organizationId, regionCode: team.regionCode, month }).returning();
    // Reports written before versions were kept (and the demo's) have no row for their current
    // version: keep it now, before it is replaced.
    if (before) await tx.insert(versions).values(versionOf(before)).onConflictDoNothing();
    await tx.insert(versions).values(versionOf(row));
    await writeAudit(w, {
      action: before ? 'registry.report.correct' : 'registry.report.submit',
      entityType: 'report',
      entityId: row.id,
      entityName: `${team.name} ${input.month}`,
      regionCode: row.regionCode,
      before: before ?? null,
      after: row,
    });
    const kept = before ? await tx.select().from(versions).where(eq(versions.reportId, row.id)) : [];
    return presentMonthlyReport(row, kept);
  });
}

function versionOf(r: ReportRow): typeof versions.$inferInsert {
  return {
    reportId: r.id,
    organizationId: r.organizationId,
    month: r.month,
    version: r.version,
    responsiblePerson: r.responsiblePerson,
    flag: r.flag,
    venuePermit: r.venuePermit,
    meetingHeld: r.meetingHeld,
    trainingHeld: r.trainingHeld,
    reportForm: r.reportForm,
    meetingDate: r.meetingDate,
    trainingTopic: r.trainingTopic,
    notes: r.notes,
    responsiblePersonName: r.responsiblePersonName,
    venue: r.venue,
    correctionReason: r.correctionReason,
    submittedBy: r.submittedBy,
    submittedAt: r.submittedAt,
  };
}

/** Roll-ups are of whole regions: a region outside the caller's reach reads as absent. */
async function assertRegionReadable(ctx: Ctx, regionCode: string) {
  const region = await getRegion(ctx.db, regionCode);
  if (!region || !scopeCoversRegion(scopeFor(ctx.actor, 'registry.report.read'), regionCode)) throw notFound('region');
  return region;
}

const COMPLIANT_SQL = sql`(r.responsible_person and r.flag and r.venue_permit and r.meeting_held and r.training_held and r.report_form)`;

type ComplianceCounts = Map<string, { teams: number; reported: number; compliant: number }>;
type ChildList = readonly { code: string; name: string }[];

/** A region node already read, with its direct children (the dashboard reads it once for every section). */
export interface RegionNode {
  code: string;
  name: string;
  children: ChildList;
}

/**
 * For a reader who sees the whole region: the teams owing the month from the summary the database
 * keeps (registry_filed_team_months: filed before the month began, or filing date unknown, as
 * owesReportSql says), and only that month's reports read row by row. Equal to the recount below
 * (compliance-summary.test.ts).
 */
export async function complianceFromSummary(ctx: Ctx, prefix: string, childList: ChildList, month: string): Promise<ComplianceCounts> {
  const [owing, reports] = await Promise.all([
    ctx.db.execute(sql`
      select ${childBucket(childList, sql`t.region_code`)} as child, sum(t.teams)::int as teams
        from registry_filed_team_months t
       where t.region_code like ${prefix + '%'} and (t.filed_month is null or t.filed_month < ${month + '-01'}::date)
       group by 1`),
    ctx.db.execute(sql`
      select ${childBucket(childList, sql`o.region_code`)} as child,
             count(*)::int as reported,
             count(*) filter (where ${COMPLIANT_SQL})::int as compliant
        from registry_monthly_reports r
        join registry_organizations o on o.id = r.organization_id
       where r.month = ${month + '-01'}::date and o.region_code like ${prefix + '%'}
         and o.legal_form = 'grassroots_team' and o.status = 'filed' and ${owesReportSql(month)}
       group by 1`),
  ]);
  const counts: ComplianceCounts = new Map();
  for (const r of rowsOf(owing)) if (r.teams > 0) counts.set(r.child as string, { teams: r.teams as number, reported: 0, compliant: 0 });
  for (const r of rowsOf(reports)) {
    const c = counts.get(r.child as string);
    // A report always belongs to a team the summary counts; guard against a summary gone wrong rather than trust it.
    if (c) Object.assign(c, { reported: r.reported as number, compliant: r.compliant as number });
  }
  return counts;
}

/** The same counted row by row within `scope`: the reference compliance-summary.test.ts holds the summary to. */
export async function complianceRecount(ctx: Ctx, prefix: string, childList: ChildList, month: string, scope: SQL): Promise<ComplianceCounts> {
  const rows = await ctx.db.execute(sql`
    select ${childBucket(childList, sql`o.region_code`)} as child,
           count(*)::int as teams,
           count(r.id)::int as reported,
           count(*) filter (where ${COMPLIANT_SQL})::int as compliant
      from registry_organizations o
      left join registry_monthly_reports r on r.organization_id = o.id and r.month = ${month + '-01'}::date
     where o.region_code like ${prefix + '%'} and o.legal_form = 'grassroots_team' and o.status = 'filed'
       and ${owesReportSql(month)} and ${scope}
     group by 1`);
  return new Map(rowsOf(rows).map((r) => [r.child as string, { teams: r.teams as number, reported: r.reported as number, compliant: r.compliant as number }]));
}

/** Filed teams of the region that owe the month (owesReportSql) with their report for it, rolled up one level down. */
export async function complianceRollup(ctx: Ctx, node: string | RegionNode, month: string) {
  // The dashboard hands over the node it has read; the report page names a code. Either way the
  // roll-up is of a whole region the reader covers, so the summary answers it.
  const region = typeof node === 'string' ? await getRegion(ctx.db, node) : node;
  if (!region || !scopeCoversRegion(scopeFor(ctx.actor, 'registry.report.read'), region.code)) throw notFound('region');
  const regionCode = region.code;
  const childList = typeof node === 'string' ? await childRegions(ctx.db, node) : node.children;
  const byChild = await complianceFromSummary(ctx, regionPrefix(regionCode), childList, month);
  const rate = (c: number, t: number) => (t ? Math.round((c / t) * 1000) / 10 : 0);
  const row = (code: string, name: string, direct: boolean) => {
    const r = byChild.get(direct ? OWN_BUCKET : code) ?? { teams: 0, reported: 0, compliant: 0 };
    return { regionCode: code, regionName: name, direct, teams: r.teams, reported: r.reported, compliant: r.compliant, rate: rate(r.compliant, r.teams) };
  };
  const children = childList.map((c) => row(c.code, c.name, false));
  // Teams filed at the node itself (a street's own teams) belong to no child; without this row
  // the children would not add up to the total.
  if (byChild.has(OWN_BUCKET)) children.push(row(regionCode, region.name, true));
  const total = [...byChild.values()].reduce(
    (acc, r) => ({ teams: acc.teams + r.teams, reported: acc.reported + r.reported, compliant: acc.compliant + r.compliant }),
    { teams: 0, reported: 0, compliant: 0 },
  );
  return { month, total: { ...total, rate: rate(total.compliant, total.teams) }, children };
}

export async function complianceTeams(ctx: Ctx, regionCode: string, month: string, page: number, pageSize: number) {
  await assertRegionReadable(ctx, regionCode);
  const prefix = regionPrefix(regionCode);
  const scope = scopeWhere(scopeFor(ctx.actor, 'registry.report.read'), { region: sql`o.region_code`, organization: sql`o.id` });
  const where = sql`o.region_code like ${prefix + '%'} and o.legal_form = 'grassroots_team' and o.status = 'filed' and ${owesReportSql(month)} and ${scope}`;
  const [{ total }] = rowsOf(await ctx.db.execute(sql`select count(*)::int as total from registry_organizations o where ${where}`));
  const rows = await ctx.db.execute(sql`
    select o.id, o.name, g.name as region_name, r.id is not null as reported,
           coalesce(${COMPLIANT_SQL}, false) as compliant,
           coalesce(r.responsible_person, false) as responsible_person, coalesce(r.flag, false) as flag,
           coalesce(r.venue_permit, false) as venue_permit, coalesce(r.meeting_held, false) as meeting_held,
           coalesce(r.training_held, false) as training_held, coalesce(r.report_form, false) as report_form
      from registry_organizations o
      join regions g on g.code = o.region_code
      left join registry_monthly_reports r on r.organization_id = o.id and r.month = ${month + '-01'}::date
     where ${where}
     order by coalesce(${COMPLIANT_SQL}, false), r.id is not null, o.name_sort, o.id
     limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return {
    total,
    items: rowsOf(rows).map((r) => ({
      id: r.id,
      name: r.name,
      regionName: r.region_name,
      reported: r.reported,
      compliant: r.compliant,
      responsiblePerson: r.responsible_person,
      flag: r.flag,
      venuePermit: r.venue_permit,
      meetingHeld: r.meeting_held,
      trainingHeld: r.training_held,
      reportForm: r.report_form,
    })),
  };
}
