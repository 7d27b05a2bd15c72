import { sql, type SQL } from 'drizzle-orm';
import { todayInChina } from '../../../../shared/dates.js';
import { ZFundingHomeCard, type StaffTodo, type TFundingHomeCard } from '../../../../shared/funding/home.js';
import type { TrancheTrigger } from '../../../../shared/funding/contracts.js';
import { ASSIGNMENT_ENTITY } from '../../../../shared/funding/monitoring.js';
import type { PipelineStep } from '../../../../shared/funding/pipeline.js';
import type { ApplicationStatus } from '../../../../shared/funding/states.js';
import type { Ctx } from '../../core/actor.js';
import type { HomeContribution } from '../../core/home.js';
import { scopeFor } from '../../core/scope.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { rowsOf } from '../../db/client.js';
import { organizationNames } from '../registry/registry.service.js';
import { monitoringCards } from './funding-monitoring.home.js';
import { serverNow } from './service/time.js';

/** How many items a card lists by name (its counts are all of them). */
const LISTED = 5;
/** A report due within this many days is shown as coming (after that it is the overdue card's). */
const DUE_SOON_DAYS = 30;

const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

async function rows<T>(ctx: Ctx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await ctx.db.execute(query));
}

/** The panels an expert sits on that are still open, and the contracts it monitors or evaluates. */
async function reviewerCards(ctx: Ctx): Promise<TFundingHomeCard[]> {
  const me = ctx.actor.id;
  const panels = await rows<{ panelId: string; callId: string; callTitle: string; reviewDeadline: string; declared: boolean; assigned: number; scored: number }>(
    ctx,
    sql`select p.id as "panelId", c.id as "callId", c.title as "callTitle", ${iso(sql`p.review_deadline`)} as "reviewDeadline",
               e.declared_at is not null as declared,
               (select count(*)::int from funding_review_assignments a where a.panel_id = p.id and a.expert_id = ${me} and a.removed_at is null) as assigned,
               (select count(*)::int from funding_review_assignments a join funding_review_scores s on s.assignment_id = a.id and s.returned_at is null
                 where a.panel_id = p.id and a.expert_id = ${me} and a.removed_at is null) as scored
          from funding_panel_experts e join funding_panels p on p.id = e.panel_id join funding_calls c on c.id = p.call_id
         where e.user_id = ${me} and p.status = 'open'
         order by p.review_deadline, p.id`,
  );
  const roles = Object.values(ASSIGNMENT_ENTITY);
  const assigned = sql`from assignments a join funding_contracts k on k.id = a.entity_id
         where a.user_id = ${me} and a.entity_type in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)}) and k.status = 'signed'`;
  const [{ n }] = await rows<{ n: number }>(ctx, sql`select count(distinct k.id)::int as n ${assigned}`);
  const contracts = await rows<{ contractId: string; title: string; providerName: string; endsOn: string; entityTypes: string[] }>(
    ctx,
    sql`select k.id as "contractId", k.title, k.provider_name as "providerName", k.ends_on::text as "endsOn", array_agg(distinct a.entity_type) as "entityTypes"
        ${assigned}
         group by k.id, k.title, k.provider_name, k.ends_on
         order by k.ends_on, k.id limit ${LISTED}`,
  );
  // Always shown to a reviewer, even with nothing assigned: its home says so (the role has no other card).
  return [
    {
      kind: 'fundingReviewerWork',
      panels: panels.map((p) => ({ ...p, assigned: Number(p.assigned), scored: Number(p.scored) })),
      contracts: contracts.map(({ entityTypes, ...c }) => ({
        ...c,
        roles: (['monitor', 'evaluator'] as const).filter((r) => entityTypes.includes(ASSIGNMENT_ENTITY[r])),
      })),
      contractCount: Number(n),
    },
  ];
}

/** An organisation member's cards for each organisation it applies for: applications, reports coming due, payments. */
async function organizationCards(ctx: Ctx): Promise<TFundingHomeCard[]> {
  const orgs = [...new Set(scopeFor(ctx.actor, 'funding.application.write').flatMap((s) => (s.kind === 'organization' ? [s.organizationId] : [])))];
  if (!orgs.length) return [];
  const names = await organizationNames(ctx.db, orgs);
  const today = todayInChina(serverNow());
  const cards: TFundingHomeCard[] = [];
  for (const org of orgs) {
    const byStatus = await rows<{ status: ApplicationStatus; count: number }>(
      ctx,
      sql`select status, count(*)::int as count from funding_applications where organization_id = ${org} group by status order by status`,
    );
    const items = await rows<{ id: string; title: string; status: ApplicationStatus; callTitle: string; callDeadline: string; updatedAt: string }>(
      ctx,
      sql`select a.id, a.title, a.status, c.title as "callTitle", ${iso(sql`c.deadline`)} as "callDeadline", ${iso(sql`a.updated_at`)} as "updatedAt"
            from funding_applications a join funding_calls c on c.id = a.call_id
           where a.organization_id = ${org} and a.status <> 'withdrawn'
           order by a.updated_at desc, a.id limit ${LISTED}`,
    );
    const total = byStatus.reduce((a, s) => a + Number(s.count), 0);
    if (total) {
      cards.push({
        kind: 'fundingOrgApplications',
        organizationId: org,
        organizationName: names.get(org) ?? '',
        total,
        byStatus: byStatus.map((s) => ({ status: s.status, count: Number(s.count) })),
        items,
        link: `/funding/applications?organization=${org}`,
      });
    }

    const dueWhere = sql`r.organization_id = ${org} and r.status in ('pending', 'returned') and k.status = 'signed'
        and r.due_on >= ${today}::date and r.due_on < ${today}::date + ${DUE_SOON_DAYS}::int`;
    const [{ n: due }] = await rows<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from funding_progress_reports r join funding_contracts k on k.id = r.contract_id where ${dueWhere}`,
    );
    if (Number(due)) {
      const reports = await rows<{ reportId: string; contractId: string; contractTitle: string; providerName: string; periodNo: number; dueOn: string }>(
        ctx,
        sql`select r.id as "reportId", k.id as "contractId", k.title as "contractTitle", k.provider_name as "providerName", r.period_no as "periodNo", r.due_on::text as "dueOn"
              from funding_progress_reports r join funding_contracts k on k.id = r.contract_id
             where ${dueWhere} order by r.due_on, r.id limit ${LISTED}`,
      );
      cards.push({ kind: 'fundingOrgReportsDue', organizationId: org, count: Number(due), reports, link: `/funding/monitoring?organization=${org}` });
    }

    const [money] = await rows<{ received: string; pending: string }>(
      ctx,
      sql`select coalesce(sum(t.amount_fen) filter (where t.status = 'paid'), 0)::bigint as received,
                 coalesce(sum(t.amount_fen) filter (where t.status = 'pending' and k.status = 'signed'), 0)::bigint as pending
            from funding_tranches t join funding_contracts k on k.id = t.contract_id where k.organization_id = ${org}`,
    );
    const received = await rows<{ contractId: string; contractTitle: string; amountFen: string; paidAt: string }>(
      ctx,
      sql`select k.id as "contractId", k.title as "contractTitle", t.amount_fen as "amountFen", ${iso(sql`t.decided_at`)} as "paidAt"
            from funding_tranches t join funding_contracts k on k.id = t.contract_id
           where k.organization_id = ${org} and t.status = 'paid' order by t.decided_at desc, t.id limit 3`,
    );
    // The next tranche of each signed contract: the one its organisation waits for now.
    const next = await rows<{ contractId: string; contractTitle: string; amountFen: string; releasedBy: TrancheTrigger; position: number }>(
      ctx,
      sql`select * from (
            select distinct on (k.id) k.id as "contractId", k.title as "contractTitle", t.amount_fen as "amountFen", t.released_by as "releasedBy", t.position
              from funding_tranches t join funding_contracts k on k.id = t.contract_id
             where k.organization_id = ${org} and k.status = 'signed' and t.status = 'pending'
             order by k.id, t.position) n
          order by "contractTitle", "contractId" limit ${LISTED}`,
    );
    if (Number(money.received) || Number(money.pending)) {
      cards.push({
        kind: 'fundingOrgPayments',
        organizationId: org,
        receivedFen: Number(money.received),
        pendingFen: Number(money.pending),
        received: received.map((r) => ({ ...r, amountFen: Number(r.amountFen) })),
        next: next.map((r) => ({ ...r, amountFen: Number(r.amountFen), position: Number(r.position) })),
        link: `/funding/contracts?organization=${org}`,
      });
    }
  }
  return cards;
}

/** A centre worker's board of its region's calls by step, and its to-dos with their counts. */
async function staffCards(ctx: Ctx): Promise<TFundingHomeCard[]> {
  const regional = (permission: Parameters<typeof scopeFor>[1]) => scopeFor(ctx.actor, permission).filter((s) => s.kind === 'region');
  const calls = regional('funding.call.manage');
  const cards: TFundingHomeCard[] = [];
  if (calls.length) {
    const inRegion = scopeWhere(calls, { region: sql`region_code` });
    const steps = await rows<{ step: PipelineStep; count: number }>(
      ctx,
      sql`select step, count(*)::int as count from funding_calls where status = 'published' and ${inRegion} group by step`,
    );
    const [{ n: drafts }] = await rows<{ n: number }>(ctx, sql`select count(*)::int as n from funding_calls where status = 'draft' and ${inRegion}`);
    // A region that runs no calls yet has no board to show (the calls page says how to start one).
    if (steps.length || Number(drafts))
      cards.push({ kind: 'fundingCallBoard', drafts: Number(drafts), steps: steps.map((s) => ({ step: s.step, count: Number(s.count) })), link: '/funding/calls' });
  }

  const todos: { key: StaffTodo; count: number; link: string }[] = [];
  const count = async (key: StaffTodo, permission: Parameters<typeof scopeFor>[1], link: string, query: (inRegion: (column: SQL) => SQL) => SQL) => {
    const slices = regional(permission);
    if (!slices.length) return;
    const [{ n }] = await rows<{ n: number }>(ctx, query((column) => scopeWhere(slices, { region: column })));
    todos.push({ key, count: Number(n), link });
  };
  await count('screening', 'funding.application.screen', '/funding/calls', (inRegion) =>
    sql`select count(*)::int as n from funding_applications a join funding_calls c on c.id = a.call_id
         where a.status = 'submitted' and c.step = 'screening' and ${inRegion(sql`c.region_code`)}`,
  );
  // A panel is ready to close once its deadline has passed or every live assignment is scored.
  await count('panels', 'funding.review.manage', '/funding/panels', (inRegion) =>
    sql`select count(*)::int as n from funding_panels p
         where p.status = 'open' and ${inRegion(sql`p.region_code`)}
           and (p.review_deadline <= now()
                or (exists (select 1 from funding_review_assignments a where a.panel_id = p.id and a.removed_at is null)
                    and not exists (select 1 from funding_review_assignments a where a.panel_id = p.id and a.removed_at is null
                                      and not exists (select 1 from funding_review_scores s where s.assignment_id = a.id and s.returned_at is null))))`,
  );
  await count('objections', 'funding.notice.manage', '/funding/panels', (inRegion) =>
    sql`select count(*)::int as n from funding_objections o join funding_notices nt on nt.id = o.notice_id
         where o.decision is null and ${inRegion(sql`nt.region_code`)}`,
  );
  await count('milestones', 'funding.contract.manage', '/funding/contracts', (inRegion) =>
    sql`select count(*)::int as n from funding_milestones m join funding_contracts k on k.id = m.contract_id
         where m.status = 'submitted' and k.status = 'signed' and ${inRegion(sql`k.region_code`)}`,
  );
  await count('reports', 'funding.monitoring.manage', '/funding/monitoring', (inRegion) =>
    sql`select count(*)::int as n from funding_progress_reports r join funding_contracts k on k.id = r.contract_id
         where r.status = 'submitted' and ${inRegion(sql`k.region_code`)}`,
  );
  // Only what waits for someone: a region with nothing to do shows no card.
  if (todos.some((i) => i.count > 0)) cards.push({ kind: 'fundingStaffTodos', items: todos });
  return cards;
}

/** The funding domain's cards: each role's work (this file) and the overdue reports (funding-monitoring.home.ts). */
async function fundingCards(ctx: Ctx): Promise<TFundingHomeCard[]> {
  const reviewer = scopeFor(ctx.actor, 'funding.review.score').length > 0 || scopeFor(ctx.actor, 'funding.evaluation.record').length > 0;
  return [
    ...(await staffCards(ctx)),
    ...(await organizationCards(ctx)),
    ...(reviewer ? await reviewerCards(ctx) : []),
    ...(await monitoringCards(ctx)),
  ];
}

export const fundingHome: HomeContribution = {
  schema: ZFundingHomeCard,
  cards: fundingCards,
  // What is overdue or coming due changes with the China date, and a panel's deadline with the clock, not only with writes.
  key: () => [todayInChina(serverNow()), Math.floor(serverNow().getTime() / 3_600_000)],
};
