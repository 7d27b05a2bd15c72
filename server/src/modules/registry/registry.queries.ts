import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { FILED_LEGAL_FORMS } from '../../../../shared/registry.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { type Ctx } from '../../core/actor.js';
import { readKey, scopeFor, scopePrefixes } from '../../core/scope.js';
import { regions } from '../../core/core.tables.js';
import { scopeWhere } from '../../core/scope-sql.js';
import type { DbOrTx } from '../../db/client.js';
import { notFound } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { registryCategories, registryOrganizations as org } from './registry.tables.js';
import type { TOrganizationListQuery } from '../../../../shared/registry/organizations.js';

/** Totals past this are reported as "more than", so a list never counts 200,000 rows to show 20. */
export const COUNT_CAP = 10_000;
/**
 * A name search stops counting sooner: past a thousand matches the search is refined, not paged,
 * and counting ten times fewer rows is what keeps a search fast right after a write.
 */
export const SEARCH_COUNT_CAP = 1_000;

/** The character pairs of a search term (or the one character), as `shuniu_name_grams` stores them. */
export function nameGrams(term: string): string[] {
  const chars = Array.from(term.toLowerCase());
  if (chars.length === 1) return chars;
  return [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
}

export function categoryNameColumn(locale: Locale) {
  return locale === 'en' ? registryCategories.nameEn : locale === 'zh-TW' ? registryCategories.nameZhTw : registryCategories.nameZh;
}

/**
 * How a filter value enters the SQL: inline for a one-off query, or as a named placeholder of a
 * statement prepared once per filter shape (see findOrganizations).
 */
type Bind = (name: string, value: unknown) => unknown;
// sql.param keeps an array one parameter; a bare array in a template becomes a list.
const inline: Bind = (_name, value) => sql.param(value);

/**
 * How a name search reaches its rows. `index`: through the character-pair index, the usual way.
 * `walk`: no name index at all, so the newest-first index is walked and each row checked; when
 * matches are dense that finds a page after a few hundred rows.
 */
type NameAccess = 'index' | 'walk';

export function organizationFilters(
  ctx: Ctx,
  q: Omit<TOrganizationListQuery, 'sort' | 'order' | 'page' | 'pageSize'>,
  bind: Bind = inline,
  nameAccess: NameAccess = 'index',
): SQL {
  const conditions: (SQL | undefined)[] = [scopeWhere(scopeFor(ctx.actor, 'registry.read'), { region: org.regionCode, organization: org.id })];
  if (q.regionCode) conditions.push(sql`${org.regionCode} like ${bind('regionPrefix', regionPrefix(q.regionCode) + '%')}`);
  if (q.q) {
    const term = q.q.trim();
    // strpos, not ILIKE: the planner estimates ILIKE '%…%' as far rarer than it is, then sorts
    // thousands of matches where walking the newest-first index would stop after a page.
    const contains = sql`strpos(lower(${org.name}), lower(${bind('needle', term.toLowerCase())})) > 0`;
    conditions.push(
      or(
        nameAccess === 'walk'
          ? contains
          : // The GIN index on the character pairs narrows the rows; strpos then checks the order.
            and(sql`${org.nameGrams} @> ${bind('grams', nameGrams(term))}::text[]`, contains),
        sql`${org.uscc} = ${bind('uscc', term.toUpperCase())}`,
        sql`${org.filingNumber} = ${bind('term', term)}`,
      ),
    );
  }
  if (q.legalForm) conditions.push(sql`${org.legalForm} = ${bind('legalForm', q.legalForm)}`);
  if (q.kind === 'team') conditions.push(eq(org.legalForm, 'grassroots_team'));
  if (q.kind === 'org') conditions.push(sql`${org.legalForm} <> 'grassroots_team'`);
  if (q.categoryId) conditions.push(sql`${org.categoryId} = ${bind('categoryId', q.categoryId)}`);
  if (q.status) conditions.push(sql`${org.status} = ${bind('status', q.status)}`);
  if (q.stage) conditions.push(sql`${org.stage} = ${bind('stage', q.stage)}`);
  if (q.grade) conditions.push(sql`${org.grade} = ${bind('grade', q.grade)}`);
  return and(...conditions)!;
}

const SORT_COLUMNS = {
  // By pinyin, not by code point (which reads as random to a Chinese user).
  name: org.nameSort,
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

/** Below this many matches a search gathers and sorts them; above, it walks newest-first. */
export const DENSE_SEARCH_MATCHES = SEARCH_COUNT_CAP;

/**
 * A name search sorted by last update has two good plans, and the planner, misjudging how common
 * a Chinese term is, picks the wrong one often enough to matter (a 400 ms walk for a term with 3
 * matches, a 30 ms sort of 3,000 for a common one). The capped count, computed anyway for the
 * pager, says which plan is right; this forces it.
 */
function searchPlan(q: TOrganizationListQuery, matches: number | undefined): 'planner' | 'walk' | 'gather' {
  if (!q.q || q.sort !== 'updatedAt' || matches === undefined) return 'planner';
  return matches >= DENSE_SEARCH_MATCHES ? 'walk' : 'gather';
}

function organizationListQuery(ctx: Ctx, q: TOrganizationListQuery, bind: Bind, plan: ReturnType<typeof searchPlan>) {
  const sortCol = SORT_COLUMNS[q.sort];
  const direction = q.order === 'asc' ? asc : desc;
  // updated_at and id are never null, so the NULLS clause changes nothing but the plan: the
  // (updated_at, id) index only yields the default null order, so it can no longer be walked.
  const nulls = sql.raw(q.order === 'asc' ? 'nulls first' : 'nulls last');
  const order = plan === 'gather' ? [sql`${sortCol} ${sql.raw(q.order)} ${nulls}`, sql`${org.id} ${sql.raw(q.order)} ${nulls}`] : [direction(sortCol), direction(org.id)];
  return ctx.db
    .select(listColumns(ctx.locale))
    .from(org)
    .leftJoin(regions, eq(regions.code, org.regionCode))
    .leftJoin(registryCategories, eq(registryCategories.id, org.categoryId))
    .where(organizationFilters(ctx, q, bind, plan === 'walk' ? 'walk' : 'index'))
    .orderBy(...order)
    .limit(sql.placeholder('limit') as unknown as number)
    .offset(sql.placeholder('offset') as unknown as number);
}

type PreparedList = ReturnType<ReturnType<typeof organizationListQuery>['prepare']>;

/** Prepared list statements per database, by filter shape. */
const preparedLists = new WeakMap<object, Map<string, PreparedList>>();
const PREPARED_LIST_LIMIT = 500;

/**
 * One page of the list. Building a Drizzle query costs about as much as running it on the
 * embedded database, so the statement is built once per shape and reused with new values. The
 * shape is what the SQL text depends on: the conditions actually emitted (the names the filters
 * bound: an empty search binds none), the fixed ones (scope, kind), the plan, the sort, the language.
 */
export async function findOrganizations(ctx: Ctx, q: TOrganizationListQuery, limit: number, offset: number, matches?: number) {
  const plan = searchPlan(q, matches);
  const values: Record<string, unknown> = { limit, offset };
  const bind: Bind = (name, value) => {
    values[name] = value;
    return sql.placeholder(name);
  };
  const nameAccess = plan === 'walk' ? 'walk' : 'index';
  organizationFilters(ctx, q, bind, nameAccess);
  const shape = JSON.stringify([
    ctx.locale,
    scopeFor(ctx.actor, 'registry.read'),
    q.sort,
    q.order,
    q.kind ?? null,
    plan,
    Object.keys(values).sort(),
  ]);
  let byShape = preparedLists.get(ctx.db);
  if (!byShape) preparedLists.set(ctx.db, (byShape = new Map()));
  let prepared = byShape.get(shape);
  if (!prepared) {
    if (byShape.size >= PREPARED_LIST_LIMIT) byShape.clear();
    // Unnamed: on a PostgreSQL server a named statement would stay on every pooled connection, and
    // after five runs could switch to a generic plan that cannot use the region prefix index.
    prepared = organizationListQuery(ctx, q, bind, plan).prepare('');
    byShape.set(shape, prepared);
  }
  return prepared.execute(values);
}

/** Exact up to COUNT_CAP (SEARCH_COUNT_CAP for a name search); beyond it the caller shows "10000+". */
export async function countOrganizations(ctx: Ctx, q: TOrganizationListQuery): Promise<{ total: number; capped: boolean }> {
  const where = organizationFilters(ctx, q);
  const cap = q.q ? SEARCH_COUNT_CAP : COUNT_CAP;
  const inner = ctx.db.select({ one: sql`1` }).from(org).where(where).limit(cap + 1);
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(inner.as('capped'));
  return { total: Math.min(n, cap), capped: n > cap };
}

/** One organisation inside the actor's read scope, or 404. */
export async function findOrganizationInScope(ctx: Ctx, db: DbOrTx, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(org)
    .where(and(eq(org.id, id), scopeWhere(scopeFor(ctx.actor, 'registry.read'), { region: org.regionCode, organization: org.id })));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('organization');
  return row;
}

export async function organizationNames(db: DbOrTx, ids: string[]) {
  const places = await organizationPlaces(db, ids);
  return new Map([...places].map(([id, p]) => [id, p.name]));
}

/**
 * Where organisations are, by id: their name and region, for other domains that hold an
 * organisation's id (a grant, a file) and must not read the registry's tables.
 */
export async function organizationPlaces(db: DbOrTx, ids: string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, { name: string; regionCode: string }>();
  const rows = await db.select({ id: org.id, name: org.name, regionCode: org.regionCode }).from(org).where(inArray(org.id, unique));
  return new Map(rows.map((r) => [r.id, { name: r.name, regionCode: r.regionCode }]));
}

export const isTeamForm = (legalForm: string) => (FILED_LEGAL_FORMS as readonly string[]).includes(legalForm);

/** What a list count depends on: the reader's scope and the filters, not the page or the order. */
export function organizationCountKey(ctx: Ctx, q: TOrganizationListQuery) {
  const { sort: _sort, order: _order, page: _page, pageSize: _pageSize, ...filters } = q;
  return readKey(ctx, ['registry.read'], 'registry.organizations', filters);
}

/**
 * The regions a list's rows can come from: its region filter, else the reader's scope. A write
 * elsewhere cannot change the list, so it leaves the cached list be.
 */
export function organizationCovers(ctx: Ctx, q: TOrganizationListQuery): string[] | undefined {
  return q.regionCode ? [regionPrefix(q.regionCode)] : (scopePrefixes(scopeFor(ctx.actor, 'registry.read')) ?? undefined);
}

/** What one page of the list depends on: the reader's scope, the language of the names, the query. */
export function organizationPageKey(ctx: Ctx, q: TOrganizationListQuery) {
  return readKey(ctx, ['registry.read'], 'registry.organizations.page', q);
}
