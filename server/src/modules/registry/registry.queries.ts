import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { FILED_LEGAL_FORMS } from '../../../../shared/registry.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { scopeFor, type Ctx } from '../../core/actor.js';
import { regions } from '../../core/core.tables.js';
import { scopeWhere } from '../../core/scope-sql.js';
import type { DbOrTx } from '../../db/client.js';
import { notFound } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { registryCategories, registryOrganizations as org } from './registry.tables.js';
import type { TOrganizationListQuery } from './registry.schemas.js';

/** Totals past this are reported as "more than", so a list never counts 200,000 rows to show 20. */
export const COUNT_CAP = 10_000;

export function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The character pairs of a search term (or the one character), as `shuniu_name_grams` stores them. */
export function nameGrams(term: string): string[] {
  const chars = Array.from(term.toLowerCase());
  if (chars.length === 1) return chars;
  return [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
}

export function categoryNameColumn(locale: Locale) {
  return locale === 'en' ? registryCategories.nameEn : locale === 'zh-TW' ? registryCategories.nameZhTw : registryCategories.nameZh;
}

export function organizationFilters(ctx: Ctx, q: Omit<TOrganizationListQuery, 'sort' | 'order' | 'page' | 'pageSize'>): SQL {
  const conditions: (SQL | undefined)[] = [scopeWhere(scopeFor(ctx.actor, 'registry.read'), org.regionCode, org.id)];
  if (q.regionCode) conditions.push(sql`${org.regionCode} like ${regionPrefix(q.regionCode) + '%'}`);
  if (q.q) {
    const term = q.q.trim();
    conditions.push(
      or(
        and(
          sql`${org.nameGrams} @> ARRAY[${sql.join(nameGrams(term).map((g) => sql`${g}`), sql`, `)}]::text[]`,
          sql`${org.name} ilike ${'%' + escapeLike(term) + '%'}`,
        ),
        eq(org.uscc, term.toUpperCase()),
        eq(org.filingNumber, term),
      ),
    );
  }
  if (q.legalForm) conditions.push(eq(org.legalForm, q.legalForm));
  if (q.kind === 'team') conditions.push(eq(org.legalForm, 'grassroots_team'));
  if (q.kind === 'org') conditions.push(sql`${org.legalForm} <> 'grassroots_team'`);
  if (q.categoryId) conditions.push(eq(org.categoryId, q.categoryId));
  if (q.status) conditions.push(eq(org.status, q.status));
  if (q.stage) conditions.push(eq(org.stage, q.stage));
  if (q.grade) conditions.push(eq(org.grade, q.grade));
  return and(...conditions)!;
}

const SORT_COLUMNS = {
  name: org.name,
  updatedAt: org.updatedAt,
  createdAt: org.createdAt,
  foundedOn: org.foundedOn,
  memberCount: org.memberCount,
};

export function listColumns(locale: Locale) {
  return {
    id: org.id,
    name: org.name,
    legalForm: org.legalForm,
    regionCode: org.regionCode,
    regionName: regions.name,
    categoryId: org.categoryId,
    categoryName: categoryNameColumn(locale),
    status: org.status,
    stage: org.stage,
    grade: org.grade,
    starRating: org.starRating,
    memberCount: org.memberCount,
    leaderName: org.leaderName,
    leaderPhone: org.leaderPhone,
    uscc: org.uscc,
    filingNumber: org.filingNumber,
    foundedOn: org.foundedOn,
    updatedAt: org.updatedAt,
  };
}

export async function findOrganizations(ctx: Ctx, q: TOrganizationListQuery, limit: number, offset: number) {
  const where = organizationFilters(ctx, q);
  const sortCol = SORT_COLUMNS[q.sort];
  const direction = q.order === 'asc' ? asc : desc;
  return ctx.db
    .select(listColumns(ctx.locale))
    .from(org)
    .leftJoin(regions, eq(regions.code, org.regionCode))
    .leftJoin(registryCategories, eq(registryCategories.id, org.categoryId))
    .where(where)
    .orderBy(direction(sortCol), direction(org.id))
    .limit(limit)
    .offset(offset);
}

/** Exact up to COUNT_CAP; beyond it the caller shows "10000+". */
export async function countOrganizations(ctx: Ctx, q: TOrganizationListQuery) {
  const where = organizationFilters(ctx, q);
  const inner = ctx.db.select({ one: sql`1` }).from(org).where(where).limit(COUNT_CAP + 1);
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(inner.as('capped'));
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/** One organisation inside the actor's read scope, or 404. */
export async function findOrganizationInScope(ctx: Ctx, db: DbOrTx, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(org)
    .where(and(eq(org.id, id), scopeWhere(scopeFor(ctx.actor, 'registry.read'), org.regionCode, org.id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('organization');
  return row;
}

export async function organizationNames(db: DbOrTx, ids: string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, string>();
  const rows = await db.select({ id: org.id, name: org.name }).from(org).where(inArray(org.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const isTeamForm = (legalForm: string) => (FILED_LEGAL_FORMS as readonly string[]).includes(legalForm);
