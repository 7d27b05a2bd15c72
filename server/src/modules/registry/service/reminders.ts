import { sql } from 'drizzle-orm';
import { type Ctx } from '../../../core/actor.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { rowsOf } from '../../../db/client.js';
import { FILING_WORKFLOW } from './filing-workflow.js';
import { owesReportSql } from './reports.js';

/**
 * What the registry asks of people: reports due, filings waiting, grades running out. The first
 * two functions serve the reminder jobs and read the whole platform (a job's actor has no grants,
 * and a job reminds every region); the others serve a user's home page, inside that user's scope.
 */

/** Filed grassroots teams with no "六个一" report for `month` ("2026-05"), across the platform. */
export async function teamsWithoutReport(ctx: Ctx, month: string) {
  return rowsOf<{ id: string; name: string; regionCode: string }>(
    await ctx.db.execute(sql`
      select o.id, o.name, o.region_code as "regionCode"
        from registry_organizations o
       where o.legal_form = 'grassroots_team' and o.status = 'filed' and ${owesReportSql(month)}
         and not exists (select 1 from registry_monthly_reports r where r.organization_id = o.id and r.month = ${month + '-01'}::date)
       order by o.region_code, o.id`),
  );
}

/** Live organisations whose grade runs out between `from` and `to` (dates, both included), across the platform. */
export async function gradesExpiring(ctx: Ctx, from: string, to: string) {
  return rowsOf<{ id: string; name: string; regionCode: string; grade: string; validUntil: string }>(
    await ctx.db.execute(sql`
      select o.id, o.name, o.region_code as "regionCode", o.grade, o.grade_valid_until::text as "validUntil"
        from registry_organizations o
       where o.grade is not null and o.status <> 'dissolved'
         and o.grade_valid_until between ${from}::date and ${to}::date
       order by o.grade_valid_until, o.id`),
  );
}

/** Filings in the caller's review scope waiting for a decision. */
export async function filingsAwaitingReview(ctx: Ctx) {
  const scope = scopeWhere(scopeFor(ctx.actor, 'registry.filing.review'), { region: sql`f.region_code` });
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`select count(*)::int as n from registry_filings f where f.state = 'submitted' and ${scope}`),
  );
  return row.n;
}

/** Filed teams in the caller's scope that owe a report for `month`, and how many of them have none. */
export async function reportsMissing(ctx: Ctx, month: string) {
  const scope = scopeWhere(scopeFor(ctx.actor, 'registry.report.read'), { region: sql`o.region_code`, organization: sql`o.id` });
  const [row] = rowsOf<{ teams: number; missing: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as teams,
             count(*) filter (where not exists (
               select 1 from registry_monthly_reports r where r.organization_id = o.id and r.month = ${month + '-01'}::date))::int as missing
        from registry_organizations o
       where o.legal_form = 'grassroots_team' and o.status = 'filed' and ${owesReportSql(month)} and ${scope}`),
  );
  return row;
}

export interface TeamTodo {
  id: string;
  name: string;
  legalForm: string;
  status: string;
  /** Whether the team has its report for the month asked about, or owes none for it (filed after it began). */
  reported: boolean;
  returnedFilings: { id: string; kind: string; reason: string | null }[];
}

/** The caller's own organisations (its organisation-member grants) with what they have to do. */
export async function teamTodos(ctx: Ctx, month: string): Promise<TeamTodo[]> {
  const ids = [...new Set(ctx.actor.grants.filter((g) => g.role === 'org_member' && g.organizationId).map((g) => g.organizationId!))];
  if (!ids.length) return [];
  const scope = scopeWhere(scopeFor(ctx.actor, 'registry.read'), { region: sql`o.region_code`, organization: sql`o.id` });
  const teams = rowsOf<Omit<TeamTodo, 'returnedFilings'>>(
    await ctx.db.execute(sql`
      select o.id, o.name, o.legal_form as "legalForm", o.status,
             (not ${owesReportSql(month)}
              or exists (select 1 from registry_monthly_reports r where r.organization_id = o.id and r.month = ${month + '-01'}::date)) as reported
        from registry_organizations o
       where o.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) and ${scope}
       order by o.name_sort, o.id`),
  );
  if (!teams.length) return [];
  // The reason a filing came back is the comment of its latest "return" step.
  const returned = rowsOf<{ id: string; organizationId: string; kind: string; reason: string | null }>(
    await ctx.db.execute(sql`
      select f.id, f.organization_id as "organizationId", f.kind,
             (select h.comment from workflow_history h
               where h.workflow = ${FILING_WORKFLOW.name} and h.entity_id = f.id::text and h.action = 'return'
               order by h.at desc, h.id desc limit 1) as reason
        from registry_filings f
       where f.state = 'returned' and f.organization_id in (${sql.join(teams.map((t) => sql`${t.id}::uuid`), sql`, `)})
       order by f.updated_at desc`),
  );
  return teams.map((t) => ({
    ...t,
    returnedFilings: returned.filter((f) => f.organizationId === t.id).map(({ id, kind, reason }) => ({ id, kind, reason })),
  }));
}
