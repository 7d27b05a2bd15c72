import { and, desc, eq, gte, ilike, lte, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { regionPrefix } from '../../../../shared/regions.js';
import { scopeFor, type Ctx } from '../../core/actor.js';
import { auditLog } from '../../core/core.tables.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { ctxOf } from '../../plugins/session.js';

const ZAuditQuery = z.object({
  /** Narrow to this region's subtree (inside the caller's own scope). */
  regionCode: z.string().regex(/^\d{12}$/).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actorName: z.string().max(64).optional(),
  from: z.string().date().optional(),
  to: z.string().date().optional(),
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

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
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
