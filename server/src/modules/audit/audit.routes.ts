import { and, desc, eq, gte, ilike, lte, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZBusinessDate } from '../../../../shared/dates.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { scopeFor, type Ctx } from '../../core/actor.js';
import { auditLog } from '../../core/core.tables.js';
import { auditExport } from '../../core/audit.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { EXPORT_LIMIT, sendSheet, writeSheet, type SheetColumn } from '../../core/xlsx.js';
import { ctxOf } from '../../plugins/session.js';

const ZAuditQuery = z.object({
  /** Narrow to this region's subtree (inside the caller's own scope). */
  regionCode: z.string().regex(/^\d{12}$/).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actorName: z.string().max(64).optional(),
  from: ZBusinessDate.optional(),
  to: ZBusinessDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
type TAuditQuery = z.infer<typeof ZAuditQuery>;

const ZAuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

async function listAudit(ctx: Ctx, q: TAuditQuery) {
  const where = and(
    scopeWhere(scopeFor(ctx.actor, 'audit.read'), auditLog.regionCode),
    q.regionCode ? sql`${auditLog.regionCode} like ${regionPrefix(q.regionCode) + '%'}` : undefined,
    q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
    q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
    q.action ? ilike(auditLog.action, `${q.action}%`) : undefined,
    q.actorName ? ilike(auditLog.actorName, `%${q.actorName}%`) : undefined,
    q.from ? gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)) : undefined,
    q.to ? lte(auditLog.at, new Date(`${q.to}T23:59:59.999+08:00`)) : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where);
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total };
}

const AUDIT_COLUMNS = [
  { key: 'at', header: '时间', width: 20 },
  { key: 'actorName', header: '操作人' },
  { key: 'action', header: '动作', width: 30 },
  { key: 'entityType', header: '对象类型' },
  { key: 'entityId', header: '对象 ID', width: 38 },
  { key: 'regionCode', header: '区划代码', width: 16 },
  { key: 'before', header: '修改前', width: 50 },
  { key: 'after', header: '修改后', width: 50 },
] as const satisfies readonly SheetColumn[];

/** Excel refuses cells longer than 32,767 characters. */
const CELL_MAX = 32_000;
const jsonCell = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v).slice(0, CELL_MAX));
/** Audit times are read by people in China: Beijing time, to the second. */
const beijingTime = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

async function exportAudit(ctx: Ctx, q: Omit<TAuditQuery, 'page' | 'pageSize'>) {
  const { items } = await listAudit(ctx, { ...q, page: 1, pageSize: EXPORT_LIMIT });
  await auditExport(ctx, { action: 'audit.export', regionCode: q.regionCode ?? null, rows: items.length, query: q });
  return writeSheet(
    '审计日志',
    AUDIT_COLUMNS,
    items.map((r) => ({
      at: beijingTime(r.at),
      actorName: r.actorName,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      regionCode: r.regionCode,
      before: jsonCell(r.before),
      after: jsonCell(r.after),
    })),
  );
}

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/export',
    {
      config: { permission: 'audit.read' },
      schema: { tags: ['audit'], querystring: ZAuditQuery.omit({ page: true, pageSize: true }) },
    },
    async (request, reply) => sendSheet(reply, await exportAudit(ctxOf(request), request.query), '审计日志.xlsx'),
  );
  app.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        querystring: ZAuditQuery,
        response: { 200: z.object({ items: z.array(ZAuditEntry), total: z.number() }) },
      },
    },
    async (request) => listAudit(ctxOf(request), request.query),
  );
}
