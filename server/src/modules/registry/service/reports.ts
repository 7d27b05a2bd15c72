import { and, desc, eq, sql } from 'drizzle-orm';
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
import { presentReport } from '../registry.present.js';
import { findOrganizationInScope } from '../registry.queries.js';
import type { TReportBody } from '../../../../../shared/registry/reports.js';
import { registryMonthlyReports as reports } from '../registry.tables.js';

/** The month before the current one: the latest a team can have fully reported. */
export function lastCompleteMonth(now = new Date()) {
  const [year, month] = currentMonth(now).split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The month teams report on now, by the calendar in China (the jobs' clock too). */
export function currentMonth(now = new Date()) {
  return todayInChina(now).slice(0, 7);
}

export async function listReports(ctx: Ctx, organizationId: string) {
  await findOrganizationInScope(ctx, ctx.db, organizationId);
  const rows = await ctx.db.select().from(reports).where(eq(reports.organizationId, organizationId)).orderBy(desc(reports.month));
  return { items: rows.map(presentReport) };
}

/** Submits, or corrects, one team's "六个一" report for a month. */
export async function submitReport(ctx: Ctx, organizationId: string, input: TReportBody) {
  if (input.month > currentMonth()) throw invalidField('month', 'invalid_value');
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const team = await findOrganizationInScope(ctx, tx, organizationId, true);
    if (!canSubmitReport(ctx.actor, team)) throw new AppError('invalid_state', { state: team.status, action: 'submit' });
    const month = `${input.month}-01`;
    const [before] = await tx.select().from(reports).where(and(eq(reports.organizationId, organizationId), eq(reports.month, month)));
    const values = {
      responsiblePerson: input.responsiblePerson,
      flag: input.flag,
      venuePermit: input.venuePermit,
      meetingHeld: input.meetingHeld,
      trainingHeld: input.trainingHeld,
      reportForm: true,
      meetingDate: input.meetingDate ?? null,
      trainingTopic: input.trainingTopic ?? null,
      notes: input.notes ?? null,
      submittedBy: ctx.actor.id,
      submittedAt: new Date(),
    };
    const [row] = before
      ? await tx.update(reports).set(values).where(eq(reports.id, before.id)).returning()
      : await tx.insert(reports).values({ ...values, organizationId, regionCode: team.regionCode, month }).returning();
    await writeAudit(w, {
      action: before ? 'registry.report.correct' : 'registry.report.submit',
      entityType: 'report',
      entityId: row.id,
      entityName: `${team.name} ${input.month}`,
      regionCode: row.regionCode,
      before: before ?? null,
      after: row,
    });
    return presentReport(row);
  });
}

/** Roll-ups are of whole regions: a region outside the caller's reach reads as absent. */
async function assertRegionReadable(ctx: Ctx, regionCode: string) {
  const region = await getRegion(ctx.db, regionCode);
  if (!region || !scopeCoversRegion(scopeFor(ctx.actor, 'registry.report.read'), regionCode)) throw notFound('region');
  return region;
}

const COMPLIANT_SQL = sql`(r.responsible_person and r.flag and r.venue_permit and r.meeting_held and r.training_held and r.report_form)`;

/** Filed teams of the region with their report for the month, rolled up one level down. */
export async function complianceRollup(ctx: Ctx, regionCode: string, month: string) {
  const region = await assertRegionReadable(ctx, regionCode);
  const prefix = regionPrefix(regionCode);
  const childList = await childRegions(ctx.db, regionCode);
  const scope = scopeWhere(scopeFor(ctx.actor, 'registry.report.read'), { region: sql`o.region_code`, organization: sql`o.id` });
  const rows = await ctx.db.execute(sql`
    select ${childBucket(childList, sql`o.region_code`)} as child,
           count(*)::int as teams,
           count(r.id)::int as reported,
           count(*) filter (where ${COMPLIANT_SQL})::int as compliant
      from registry_organizations o
      left join registry_monthly_reports r on r.organization_id = o.id and r.month = ${month + '-01'}::date
     where o.region_code like ${prefix + '%'} and o.legal_form = 'grassroots_team' and o.status = 'filed' and ${scope}
     group by 1`);
  const byChild = new Map(rowsOf(rows).map((r) => [r.child as string, r]));
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
  const where = sql`o.region_code like ${prefix + '%'} and o.legal_form = 'grassroots_team' and o.status = 'filed' and ${scope}`;
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
