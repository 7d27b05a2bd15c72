import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ReadCache, type ListCount } from '../../core/read-cache.js';
import { sendSheet } from '../../core/xlsx.js';
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
import {
  ZCategory,
  ZCategoryBody,
  ZChangeFilingBody,
  ZCommentBody,
  ZComplianceQuery,
  ZCreateOrganizationBody,
  ZDeregisterBody,
  ZFiling,
  ZFilingListQuery,
  ZHistoryEntry,
  ZMember,
  ZMemberBody,
  ZOrganization,
  ZOrganizationDetail,
  ZOrganizationListPage,
  ZOrganizationListQuery,
  ZPageQuery,
  ZReport,
  ZReportBody,
  ZRequiredCommentBody,
  ZUpdateCategoryBody,
  ZUpdateMemberBody,
  ZUpdateOrganizationBody,
} from './registry.schemas.js';
import { createCategory, listCategories, updateCategory } from './service/categories.js';
import { exportComplianceTeams, exportFilings, exportMembers } from './service/exports.js';
import { decideFiling, getFilingDetail, listFilings, requestChange, requestDeregistration, submitInitialFiling } from './service/filings.js';
import { revealMember, revealOrganizationLeader, ZIdentity, ZIdentityQuery } from './service/identity.js';
import { addMember, listMembers, removeMember, updateMember } from './service/members.js';
import { createOrganization, getOrganizationDetail, updateOrganization } from './service/organizations.js';
import { complianceRollup, complianceTeams, lastCompleteMonth, listReports, submitReport } from './service/reports.js';
import {
  assertImportRegion,
  exportOrganizations,
  importMembers,
  importOrganizations,
  readImportUpload,
  templateFor,
} from './service/spreadsheets.js';

const ZId = z.object({ id: z.string().uuid() });
const ZMemberId = z.object({ memberId: z.string().uuid() });
const ZFilingDetail = z.object({
  filing: ZFiling,
  organization: ZOrganization,
  history: z.array(ZHistoryEntry),
  abilities: z.object({ approve: z.boolean(), return: z.boolean(), withdraw: z.boolean() }),
});
const ZRollupRow = z.object({ teams: z.number(), reported: z.number(), compliant: z.number(), rate: z.number() });

/** The region a request is about: the query's, else the caller's first grant. */
function regionOf(request: { actor: { grants: { regionCode: string }[] } | null }, regionCode?: string) {
  return regionCode ?? request.actor?.grants[0]?.regionCode ?? '000000000000';
}


export async function registryRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['registry'];
  const listCounts = new ReadCache<ListCount>(app.writeGeneration, app.listCacheMs, 5_000);
  const listPages = new ReadCache<z.infer<typeof ZOrganizationListPage>>(app.writeGeneration, app.listCacheMs, 2_000);

  app.get('/categories', {
    config: { permission: 'registry.read' },
    schema: { tags, response: { 200: z.object({ items: z.array(ZCategory) }) } },
  }, async (request) => listCategories(ctxOf(request)));

  app.post('/categories', {
    config: { permission: 'registry.category.manage' },
    schema: { tags, body: ZCategoryBody, response: { 200: ZCategory } },
  }, async (request) => createCategory(ctxOf(request), request.body));

  app.patch('/categories/:id', {
    config: { permission: 'registry.category.manage' },
    schema: { tags, params: ZId, body: ZUpdateCategoryBody, response: { 200: ZCategory } },
  }, async (request) => updateCategory(ctxOf(request), request.params.id, request.body));

  app.get('/organizations', {
    config: { permission: 'registry.read' },
    schema: {
      tags,
      querystring: ZOrganizationListQuery,
      response: {
        200: ZOrganizationListPage,
      },
    },
  }, async (request) => {
    const ctx = ctxOf(request);
    const q = request.query;
    // Same scope, locale and query, and nothing written since: the same page.
    const covers = organizationCovers(ctx, q);
    return listPages.getOrLoad(organizationPageKey(ctx, q), async () => {
      // The count first: it is cached across pages, and it tells the page query which plan to use.
      const count = await listCounts.getOrLoad(organizationCountKey(ctx, q), () => countOrganizations(ctx, q), covers);
      const rows = await findOrganizations(ctx, q, q.pageSize, (q.page - 1) * q.pageSize, count.capped ? Infinity : count.total);
      return { items: rows.map(presentListItem), total: count.total, totalCapped: count.capped, page: q.page, pageSize: q.pageSize };
    }, covers);
  });

  app.get('/organizations/export', {
    config: { permission: 'registry.read' },
    schema: { tags, querystring: ZOrganizationListQuery },
  }, async (request, reply) => {
    return sendSheet(reply, await exportOrganizations(ctxOf(request), request.query), '组织与团队.xlsx');
  });

  app.get('/organizations/:id', {
    config: { permission: 'registry.read' },
    schema: { tags, params: ZId, response: { 200: ZOrganizationDetail } },
  }, async (request) => getOrganizationDetail(ctxOf(request), request.params.id));

  app.post('/organizations', {
    config: { permission: 'registry.write' },
    schema: { tags, body: ZCreateOrganizationBody, response: { 200: z.object({ organization: ZOrganization }) } },
  }, async (request) => ({ organization: await createOrganization(ctxOf(request), request.body) }));

  app.patch('/organizations/:id', {
    config: { permission: 'registry.write' },
    schema: { tags, params: ZId, body: ZUpdateOrganizationBody, response: { 200: z.object({ organization: ZOrganization }) } },
  }, async (request) => ({ organization: await updateOrganization(ctxOf(request), request.params.id, request.body) }));

  app.get('/organizations/:id/members', {
    config: { permission: 'registry.member.read' },
    schema: { tags, params: ZId, querystring: ZPageQuery, response: { 200: z.object({ items: z.array(ZMember), total: z.number() }) } },
  }, async (request) => listMembers(ctxOf(request), request.params.id, request.query.page, request.query.pageSize));

  app.get('/organizations/:id/members/export', {
    config: { permission: 'registry.member.read' },
    schema: { tags, params: ZId },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const owner = await findOrganizationInScope(ctx, ctx.db, request.params.id);
    const bytes = await exportMembers(ctx, owner);
    return sendSheet(reply, bytes, `${owner.name}成员名单.xlsx`);
  });

  app.post('/organizations/:id/members', {
    config: { permission: 'registry.member.write' },
    schema: { tags, params: ZId, body: ZMemberBody, response: { 200: ZMember } },
  }, async (request) => addMember(ctxOf(request), request.params.id, request.body));

  // Full ID number and phone, for those who may see them; each look is audited (the values are not)
  // and kept out of any browser or proxy cache.
  app.get('/organizations/:id/identity', {
    config: { permission: 'personal.reveal' },
    schema: { tags, params: ZId, querystring: ZIdentityQuery, response: { 200: ZIdentity } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return revealOrganizationLeader(ctxOf(request), request.params.id, request.query.field);
  });

  app.get('/members/:memberId/identity', {
    config: { permission: 'personal.reveal' },
    schema: { tags, params: ZMemberId, querystring: ZIdentityQuery, response: { 200: ZIdentity } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return revealMember(ctxOf(request), request.params.memberId, request.query.field);
  });

  app.patch('/members/:memberId', {
    config: { permission: 'registry.member.write' },
    schema: { tags, params: ZMemberId, body: ZUpdateMemberBody, response: { 200: ZMember } },
  }, async (request) => updateMember(ctxOf(request), request.params.memberId, request.body));

  app.delete('/members/:memberId', {
    config: { permission: 'registry.member.write' },
    schema: { tags, params: ZMemberId, response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (request) => {
    await removeMember(ctxOf(request), request.params.memberId);
    return { ok: true as const };
  });

  app.post('/organizations/:id/filing/submit', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, params: ZId, body: ZCommentBody.partial().default({}), response: { 200: ZFiling } },
  }, async (request) => submitInitialFiling(ctxOf(request), request.params.id, request.body?.comment));

  app.post('/organizations/:id/filing/change', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, params: ZId, body: ZChangeFilingBody, response: { 200: ZFiling } },
  }, async (request) => requestChange(ctxOf(request), request.params.id, request.body.changes, request.body.comment));

  app.post('/organizations/:id/filing/deregister', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, params: ZId, body: ZDeregisterBody, response: { 200: ZFiling } },
  }, async (request) => requestDeregistration(ctxOf(request), request.params.id, request.body.reason));

  app.get('/filings', {
    config: { permission: 'registry.read' },
    schema: { tags, querystring: ZFilingListQuery, response: { 200: z.object({ items: z.array(ZFiling), total: z.number() }) } },
  }, async (request) => listFilings(ctxOf(request), request.query));

  app.get('/filings/export', {
    config: { permission: 'registry.read' },
    schema: { tags, querystring: ZFilingListQuery.omit({ page: true, pageSize: true }) },
  }, async (request, reply) => sendSheet(reply, await exportFilings(ctxOf(request), request.query), '备案申请.xlsx'));

  app.get('/filings/:id', {
    config: { permission: 'registry.read' },
    schema: { tags, params: ZId, response: { 200: ZFilingDetail } },
  }, async (request) => getFilingDetail(ctxOf(request), request.params.id));

  app.post('/filings/:id/approve', {
    config: { permission: 'registry.filing.review' },
    schema: { tags, params: ZId, body: ZCommentBody.default({ comment: null, attachmentIds: [] }), response: { 200: ZFilingDetail } },
  }, async (request) => decideFiling(ctxOf(request), request.params.id, 'approve', request.body));

  app.post('/filings/:id/return', {
    config: { permission: 'registry.filing.review' },
    schema: { tags, params: ZId, body: ZRequiredCommentBody, response: { 200: ZFilingDetail } },
  }, async (request) => decideFiling(ctxOf(request), request.params.id, 'return', request.body));

  app.post('/filings/:id/withdraw', {
    config: { permission: 'registry.filing.submit' },
    schema: { tags, params: ZId, body: ZCommentBody.default({ comment: null, attachmentIds: [] }), response: { 200: ZFilingDetail } },
  }, async (request) => decideFiling(ctxOf(request), request.params.id, 'withdraw', request.body));

  app.get('/organizations/:id/reports', {
    config: { permission: 'registry.report.read' },
    schema: { tags, params: ZId, response: { 200: z.object({ items: z.array(ZReport) }) } },
  }, async (request) => listReports(ctxOf(request), request.params.id));

  app.post('/organizations/:id/reports', {
    config: { permission: 'registry.report.submit' },
    schema: { tags, params: ZId, body: ZReportBody, response: { 200: ZReport } },
  }, async (request) => submitReport(ctxOf(request), request.params.id, request.body));

  app.get('/compliance', {
    config: { permission: 'registry.report.read' },
    schema: {
      tags,
      querystring: ZComplianceQuery,
      response: {
        200: z.object({ month: z.string(), total: ZRollupRow, children: z.array(ZRollupRow.extend({ regionCode: z.string(), regionName: z.string(), direct: z.boolean() })) }),
      },
    },
  }, async (request) => complianceRollup(ctxOf(request), regionOf(request, request.query.regionCode), request.query.month ?? lastCompleteMonth()));

  app.get('/compliance/teams', {
    config: { permission: 'registry.report.read' },
    schema: { tags, querystring: ZComplianceQuery.extend(ZPageQuery.shape) },
  }, async (request) => {
    const q = request.query;
    return complianceTeams(ctxOf(request), regionOf(request, q.regionCode), q.month ?? lastCompleteMonth(), q.page, q.pageSize);
  });

  app.get('/compliance/teams/export', {
    config: { permission: 'registry.report.read' },
    schema: { tags, querystring: ZComplianceQuery },
  }, async (request, reply) => {
    const q = request.query;
    const month = q.month ?? lastCompleteMonth();
    const bytes = await exportComplianceTeams(ctxOf(request), regionOf(request, q.regionCode), month);
    return sendSheet(reply, bytes, `六个一合规${month}.xlsx`);
  });

  app.get('/import/templates/:kind', {
    config: { permission: 'registry.import' },
    schema: { tags, params: z.object({ kind: z.enum(['organizations', 'members']) }) },
  }, async (request, reply) => {
    const bytes = await templateFor(request.params.kind);
    const name = request.params.kind === 'organizations' ? '组织与团队导入模板.xlsx' : '成员名单导入模板.xlsx';
    return sendSheet(reply, bytes, name);
  });

  app.post('/import/:kind', {
    config: { permission: 'registry.import' },
    schema: {
      tags,
      consumes: ['multipart/form-data'],
      params: z.object({ kind: z.enum(['organizations', 'members']) }),
      querystring: z.object({ regionCode: z.string().regex(/^\d{12}$/).optional() }),
      response: { 200: z.object({ imported: z.number() }) },
    },
  }, async (request) => {
    const ctx = ctxOf(request);
    const regionCode = regionOf(request, request.query.regionCode);
    assertImportRegion(ctx, regionCode);
    const bytes = await readImportUpload(request);
    return request.params.kind === 'organizations'
      ? importOrganizations(ctx, bytes, regionCode)
      : importMembers(ctx, bytes);
  });
}
