import { and, desc, eq, gte, ilike, inArray, lte, or, sql } from 'drizzle-orm';
import type { TAuditExportQuery, TAuditQuery } from '../../../../shared/audit/schemas.js';
import { regionPrefix } from '../../../../shared/regions.js';
import type { Ctx } from '../../core/actor.js';
import { auditExport } from '../../core/audit.js';
import { auditEventOf, declaredPaths } from '../../core/audit-events.js';
import { auditLog, users } from '../../core/core.tables.js';
import { scopeFor } from '../../core/scope.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { EXPORT_LIMIT, writeSheet, type SheetColumn } from '../../core/xlsx.js';
import { catalogue, type Locale } from '../../i18n/index.js';
import { regionNames } from '../regions/regions.service.js';
import { auditDiff, diffText } from './audit.diff.js';

/** `%` and `_` typed into the search are letters, not wildcards. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(ctx: Ctx, q: TAuditExportQuery) {
  const actor = q.actor ? containing(q.actor) : null;
  return and(
    scopeWhere(scopeFor(ctx.actor, 'audit.read'), { region: auditLog.regionCode }),
    q.regionCode ? sql`${auditLog.regionCode} like ${regionPrefix(q.regionCode) + '%'}` : undefined,
    q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
    q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
    q.action ? ilike(auditLog.action, `${q.action}%`) : undefined,
    // By display name as written, or by the username of the account (which never changes).
    actor
      ? or(ilike(auditLog.actorName, actor), inArray(auditLog.actorId, ctx.db.select({ id: users.id }).from(users).where(ilike(users.username, actor))))
      : undefined,
    q.from ? gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)) : undefined,
    q.to ? lte(auditLog.at, new Date(`${q.to}T23:59:59.999+08:00`)) : undefined,
  );
}

type AuditRow = typeof auditLog.$inferSelect & { actorUsername: string | null };

/** A row as the page shows it: the action and its fields in the reader's language. */
function present(locale: Locale, r: AuditRow) {
  const event = auditEventOf(r.action);
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorName: r.actorName,
    actorUsername: r.actorUsername,
    action: r.action,
    // An action no longer declared (rows outlive the code that wrote them) shows as written.
    actionLabel: event?.label[locale] ?? r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    entityName: r.entityName,
    regionCode: r.regionCode,
    before: r.before,
    after: r.after,
    diff: auditDiff(locale, r.before, r.after, event ? declaredPaths(event) : []),
  };
}

export async function listAudit(ctx: Ctx, q: TAuditQuery) {
  const where = whereOf(ctx, q);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where);
  const rows = await ctx.db
    .select({ row: auditLog, actorUsername: users.username })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(({ row, actorUsername }) => present(ctx.locale, { ...row, actorUsername })), total };
}

const AUDIT_COLUMN_KEYS = ['at', 'actor', 'action', 'entityType', 'entityName', 'entityId', 'region', 'changes'] as const;
type AuditColumn = (typeof AUDIT_COLUMN_KEYS)[number];
const HEADERS: Record<Locale, Record<AuditColumn, string>> = {
  'zh-CN': { at: '时间', actor: '操作人', action: '动作', entityType: '对象类型', entityName: '对象', entityId: '对象 ID', region: '所属区划', changes: '变更内容' },
  en: { at: 'Time', actor: 'By', action: 'Action', entityType: 'Record type', entityName: 'Record', entityId: 'Record ID', region: 'Region', changes: 'Changes' },
  'zh-TW': { at: '時間', actor: '操作人', action: '動作', entityType: '物件類型', entityName: '物件', entityId: '物件 ID', region: '所屬區劃', changes: '變更內容' },
};
const SHEET: Record<Locale, string> = { 'zh-CN': '审计日志', en: 'Audit log', 'zh-TW': '稽核日誌' };
const WIDTHS: Partial<Record<AuditColumn, number>> = { at: 20, action: 24, entityName: 30, entityId: 38, region: 16, changes: 60 };

/** Excel refuses cells longer than 32,767 characters. */
const CELL_MAX = 32_000;
/** Audit times are read by people in China: Beijing time, to the second. */
const beijingTime = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const actorOf = (r: { actorName: string | null; actorUsername: string | null }) =>
  r.actorUsername && r.actorUsername !== r.actorName ? `${r.actorName ?? ''}（${r.actorUsername}）` : r.actorName;

function entityLabel(locale: Locale, type: string) {
  const entities: Record<string, string> = catalogue(locale).entities;
  return Object.hasOwn(entities, type) ? entities[type] : type;
}

/** The rows the page shows for the filter, as the page shows them: names, not codes or JSON. */
export async function exportAudit(ctx: Ctx, q: TAuditExportQuery) {
  const { items } = await listAudit(ctx, { ...q, page: 1, pageSize: EXPORT_LIMIT });
  await auditExport(ctx, { action: 'audit.export', regionCode: q.regionCode ?? null, rows: items.length, query: q });
  const names = await regionNames(ctx.db, items.flatMap((r) => (r.regionCode ? [r.regionCode] : [])));
  const headers = HEADERS[ctx.locale];
  const columns = AUDIT_COLUMN_KEYS.map((key) => ({ key, header: headers[key], width: WIDTHS[key] })) satisfies SheetColumn[];
  return writeSheet(
    SHEET[ctx.locale],
    columns,
    items.map((r) => ({
      at: beijingTime(r.at),
      actor: actorOf(r),
      action: r.actionLabel,
      entityType: entityLabel(ctx.locale, r.entityType),
      entityName: r.entityName,
      entityId: r.entityId,
      region: r.regionCode ? (names.get(r.regionCode) ?? r.regionCode) : null,
      changes: diffText(ctx.locale, r.diff).slice(0, CELL_MAX) || null,
    })),
  );
}
