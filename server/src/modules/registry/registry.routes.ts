import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ReadCache, type ListCount } from '../../core/read-cache.js';
import { sendSheet } from '../../core/xlsx.js';
import { resolveRegion } from '../../core/scope.js';
import { ctxOf } from '../../plugins/session.js';
import { presentListItem } from './registry.present.js';
import {
  countOrganizations,
  findOrganizationInScope,
  findOrganizations,
  organizationCountKey,
  organizationCovers,
  organizationPageKey,
} from './registry.queries.js';
import { registryRoutes as R } from '../../../../shared/registry/api.js';
import type { TOrganizationListPage } from '../../../../shared/registry/organizations.js';
import { createCategory, listCategories, updateCategory } from './service/categories.js';
import { exportComplianceTeams, exportFilings, exportMembers } from './service/exports.js';
import { decideFiling, getFilingDetail, listFilings, requestChange, requestDeregistration, submitInitialFiling } from './service/filings.js';
import { setGrade } from './service/grades.js';
import { revealMember, revealOrganizationLeader } from './service/identity.js';
import { getOrganizationStanding } from './service/standing.js';
import { setStage } from './service/stages.js';
import { setStarRating } from './service/star-ratings.js';
import { addMember, listMembers, removeMember, updateMember } from './service/members.js';
import { correctFiledTeam, createOrganization, getOrganizationDetail, updateOrganization } from './service/organizations.js';
import { complianceRollup, complianceTeams, lastCompleteMonth, listReports, submitReport } from './service/reports.js';
import {
  assertImportRegion,
  exportOrganizations,
  importMembers,
  importOrganizations,
  readImportUpload,
  templateFor,
} from './service/spreadsheets.js';

export async function registryRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['registry'];
  const listCounts = new ReadCache<ListCount>(app.writeGeneration, app.listCacheMs, 5_000);
  const listPages = new ReadCache<TOrganizationListPage>(app.writeGeneration, app.listCacheMs, 2_000);

  app.get('/categories', {
    config: { permission: 'registry.read' },
    schema: { tags, ...R['GET /registry/categories'] },
  }, async (request) => listCategories(ctxOf(request)));

  app.post('/categories', {
    config: { permission: 'registry.category.manage' },
    schema: { tags, ...R['POST /registry/categories'] },
  }, async (request) => createCategory(ctxOf(request), request.body));

  app.patch('/categories/:id', {
    config: { permission: 'registry.category.manage' },
    schema: { tags, ...R['PATCH /registry/categories/:id'] },
  }, async (request) => updateCategory(ctxOf(request), request.params.id, request.body));

  app.get('/organizations', {
    config: { permission: 'registry.read' },
    schema: { tags, ...R['GET /registry/organizations'] },
  }, async (request) => {
    const ctx = ctxOf(request);
    const q = request.query;
    // Same scope, locale and query, and nothing written since: the same page.
    const covers = organizationCovers(ctx, q);
    return listPages.getOrLoad(organizationPageKey(ctx, q), async () => {
      // The count first: it is cached across pages, and it tells the page query which plan to use.
      const count = await listCounts.getOrLoad(organizationCountKey(ctx, q), () => countOrganizations(ctx, q), covers);
      const rows = await findOrganizations(ctx, q, q.pageSize, (q.page - 1) * q.pageSize, count.capped ? Infinity : count.total);
      const withLeaderPhone = q.include === 'leaderPhone';
      return { items: rows.map((row) => presentListItem(row, withLeaderPhone)), total: count.total, totalCapped: count.capped, page: q.page, pageSize: q.pageSize };
    }, covers);
  });

  app.get('/organizations/export', {
    config: { permission: 'registry.read', rateLimit: 'export' },
    schema: { tags, ...R['GET /registry/organizations/export'] },
  }, async (request, reply) => {
    return sendSheet(reply, await exportOrganizations(ctxOf(request), request.query), '组织与团队.xlsx');
  });

  app.get('/organizations/:id', {
    config: { permission: 'registry.read' },
    schema: { tags, ...R['GET /registry/organizations/:id'] },
  }, async (request) => getOrganizationDetail(ctxOf(request), request.params.id));

  app.post('/organizations', {
    config: { permission: 'registry.write' },
    schema: { tags, ...R['POST /registry/organizations'] },
  }, async (request) => ({ organization: await createOrganization(ctxOf(request), request.body) }));

  app.patch('/organizations/:id', {
    config: { permission: 'registry.write' },
    schema: { tags, ...R['PATCH /registry/organizations/:id'] },
  }, async (request) => ({ organization: await updateOrganization(ctxOf(request), request.params.id, request.body) }));

  app.get('/organizations/:id/members', {
    config: { permission: 'registry.member.read' },
    schema: { tags, ...R['GET /registry/organizations/:id/members'] },
  }, async (request) => listMembers(ctxOf(request), request.params.id, request.query.page, request.query.pageSize));

  app.get('/organizations/:id/members/export', {
    config: { permission: 'registry.member.read', rateLimit: 'export' },
    schema: { tags, ...R['GET /registry/organizations/:id/members/export'] },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const owner = await findOrganizationInScope(ctx, ctx.db, request.params.id);
    const bytes = await exportMembers(ctx, owner);
    return sendSheet(reply, bytes, `${owner.name}成员名单.xlsx`);
  });

  app.post('/organizations/:id/members', {
    config: { permission: 'registry.member.write' },
    schema: { tags, ...R['POST /registry/organizations/:id/members'] },
  }, async (request) => addMember(ctxOf(request), request.params.id, request.body));

  // Full ID number and phone, for those who may see them; each look is audited (the values are not)
  // and kept out of any browser or proxy cache.
  app.get('/organizations/:id/identity', {
    config: { permission: 'personal.reveal' },
    schema: { tags, ...R['GET /registry/organizations/:id/identity'] },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return revealOrganizationLeader(ctxOf(request), request.params.id, request.query.field);
  });

  app.get('/members/:memberId/identity', {
    config: { permission: 'personal.reveal' },
    schema: { tags, ...R['GET /registry/members/:memberId/identity'] },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return revealMember(ctxOf(request), request.params.memberId, request.query.field);
  });

  app.patch('/members/:memberId', {
    config: { permission: 'registry.member.write' },
    schema: { tags, ...R['PATCH /registry/members/:memberId'] },
  }, async (request) => updateMember(ctxOf(request), request.params.memberId, request.body));

  app.delete('/members/:memberId', {
    config: { permission: 'registry.member.write' },
    schema: { tags, ...R['DELETE /registry/members/:memberId'] },
  }, async (request) => {
    await removeMember(ctxOf(request), request.params.memberId);
    return { ok: true as const };
  });

  app.post('/organizations/:id/filing/submit', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, ...R['POST /registry/organizations/:id/filing/submit'] },
  }, async (request) => submitInitialFiling(ctxOf(request), request.params.id, request.body?.comment, request.body?.attachmentIds));

  app.post('/organizations/:id/filing/change', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, ...R['POST /registry/organizations/:id/filing/change'] },
  }, async (request) => requestChange(ctxOf(request), request.params.id, request.body.changes, request.body.comment));

  app.post('/organizations/:id/filing/deregister', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, ...R['POST /registry/organizations/:id/filing/deregister'] },
  }, async (request) => requestDeregistration(ctxOf(request), request.params.id, request.body.reason));

  // An official puts a filed team's record right without a change filing; the reason is recorded.
  app.post('/organizations/:id/correction', {
    config: { permission: 'registry.correct' },
    schema: { tags, ...R['POST /registry/organizations/:id/correction'] },
  }, async (request) => ({
    organization: await correctFiledTeam(ctxOf(request), request.params.id, request.body.changes, request.body.reason),
  }));

  app.get('/filings', {
    config: { permission: 'registry.read' },
    schema: { tags, ...R['GET /registry/filings'] },
  }, async (request) => listFilings(ctxOf(request), request.query));

  app.get('/filings/export', {
    config: { permission: 'registry.read', rateLimit: 'export' },
    schema: { tags, ...R['GET /registry/filings/export'] },
  }, async (request, reply) => sendSheet(reply, await exportFilings(ctxOf(request), request.query), '备案申请.xlsx'));

  app.get('/filings/:id', {
    config: { permission: 'registry.read' },
    schema: { tags, ...R['GET /registry/filings/:id'] },
  }, async (request) => getFilingDetail(ctxOf(request), request.params.id));

  app.post('/filings/:id/approve', {
    config: { permission: 'registry.filing.review' },
    schema: { tags, ...R['POST /registry/filings/:id/approve'] },
  }, async (request) => decideFiling(ctxOf(request), request.params.id, 'approve', request.body));

  app.post('/filings/:id/return', {
    config: { permission: 'registry.filing.review' },
    schema: { tags, ...R['POST /registry/filings/:id/return'] },
  }, async (request) => decideFiling(ctxOf(request), request.params.id, 'return', request.body));

  app.post('/filings/:id/withdraw', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, ...R['POST /registry/filings/:id/withdraw'] },
  }, async (request) => decideFiling(ctxOf(request), request.params.id, 'withdraw', request.body));

  app.get('/organizations/:id/reports', {
    config: { permission: 'registry.report.read' },
    schema: { tags, ...R['GET /registry/organizations/:id/reports'] },
  }, async (request) => listReports(ctxOf(request), request.params.id));

  app.post('/organizations/:id/reports', {
    config: { permission: 'registry.report.submit' },
    schema: { tags, ...R['POST /registry/organizations/:id/reports'] },
  }, async (request) => submitReport(ctxOf(request), request.params.id, request.body));

  app.get('/compliance', {
    config: { permission: 'registry.report.read' },
    schema: { tags, ...R['GET /registry/compliance'] },
  }, async (request) => {
    const ctx = ctxOf(request);
    return complianceRollup(ctx, resolveRegion(ctx.actor, 'registry.report.read', request.query.regionCode), request.query.month ?? lastCompleteMonth());
  });

  app.get('/compliance/teams', {
    config: { permission: 'registry.report.read' },
    schema: { tags, ...R['GET /registry/compliance/teams'] },
  }, async (request) => {
    const ctx = ctxOf(request);
    const q = request.query;
    return complianceTeams(ctx, resolveRegion(ctx.actor, 'registry.report.read', q.regionCode), q.month ?? lastCompleteMonth(), q.page, q.pageSize);
  });

  app.get('/compliance/teams/export', {
    config: { permission: 'registry.report.read', rateLimit: 'export' },
    schema: { tags, ...R['GET /registry/compliance/teams/export'] },
  }, async (request, reply) => {
    const q = request.query;
    const month = q.month ?? lastCompleteMonth();
    const ctx = ctxOf(request);
    const bytes = await exportComplianceTeams(ctx, resolveRegion(ctx.actor, 'registry.report.read', q.regionCode), month);
    return sendSheet(reply, bytes, `六个一合规${month}.xlsx`);
  });

  app.get('/organizations/:id/standing', {
    config: { permission: 'registry.read' },
    schema: { tags, ...R['GET /registry/organizations/:id/standing'] },
  }, async (request) => getOrganizationStanding(ctxOf(request), request.params.id));

  app.put('/organizations/:id/grade', {
    config: { permission: 'registry.grade.set' },
    schema: { tags, ...R['PUT /registry/organizations/:id/grade'] },
  }, async (request) => setGrade(ctxOf(request), request.params.id, request.body));

  app.put('/organizations/:id/star-rating', {
    config: { permission: 'registry.rating.set' },
    schema: { tags, ...R['PUT /registry/organizations/:id/star-rating'] },
  }, async (request) => setStarRating(ctxOf(request), request.params.id, request.body));

  app.put('/organizations/:id/stage', {
    config: { permission: 'registry.stage.set' },
    schema: { tags, ...R['PUT /registry/organizations/:id/stage'] },
  }, async (request) => setStage(ctxOf(request), request.params.id, request.body));

  app.get('/import/templates/:kind', {
    config: { permission: 'registry.import' },
    schema: { tags, ...R['GET /registry/import/templates/:kind'] },
  }, async (request, reply) => {
    const bytes = await templateFor(request.params.kind);
    const name = request.params.kind === 'organizations' ? '组织与团队导入模板.xlsx' : '成员名单导入模板.xlsx';
    return sendSheet(reply, bytes, name);
  });

  app.post('/import/:kind', {
    config: { permission: 'registry.import', rateLimit: 'import' },
    schema: { tags, ...R['POST /registry/import/:kind'] },
  }, async (request) => {
    const ctx = ctxOf(request);
    const regionCode = resolveRegion(ctx.actor, 'registry.import', request.query.regionCode);
    assertImportRegion(ctx, regionCode);
    const bytes = await readImportUpload(request);
    return request.params.kind === 'organizations'
      ? importOrganizations(ctx, bytes, regionCode, request.query.onExisting)
      : importMembers(ctx, bytes);
  });
}
