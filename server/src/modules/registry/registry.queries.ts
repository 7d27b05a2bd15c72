import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { todayInChina } from '../../../../shared/dates.js';
import { FILED_LEGAL_FORMS } from '../../../../shared/registry.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { type Ctx } from '../../core/actor.js';
import { readKey, scopeFor, scopePrefixes } from '../../core/scope.js';
import { regions } from '../../core/core.tables.js';
import { unsealPersonalFields } from '../../core/personal-data.js';
import { scopeWhere } from '../../core/scope-sql.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { compileRead, type CompiledRead } from '../../db/compiled-read.js';
import { notFound } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { registryCategories, registryFilings, registryOrganizations as org } from './registry.tables.js';
import type { TOrganizationListQuery } from '../../../../shared/registry/organizations.js';

/**
 * Totals past this are reported as "more than" (the list shows 共 2000+ 条): a hundred pages of 20,
 * more than anyone pages through before narrowing the filter, so counting further would only cost
 * time (counting 10,001 rows took ten to twenty times as long as the page itself).
 */
export const COUNT_CAP = 2_000;
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

/** A street's division-code prefix: 9 digits, shared by its communities. */
const STREET_PREFIX = 9;

/**
 * How a street's rows are found. `prefix`: region_code LIKE, served by the (…, region_code) indexes:
 * right for counting and for gathering a few matches. `street`: the same rows said as
 * left(region_code, 9), served by registry_org_street_updated_idx, which yields them newest-first:
 * a page of a large street without sorting it (a street of 27,000 records: 0.2 ms instead of 60).
 */
type RegionAccess = 'prefix' | 'street';

export function organizationFilters(
  ctx: Ctx,
  q: Omit<TOrganizationListQuery, 'sort' | 'order' | 'page' | 'pageSize'>,
  bind: Bind = inline,
  nameAccess: NameAccess = 'index',
  region: RegionAccess = 'prefix',
): SQL {
  const conditions: (SQL | undefined)[] = [scopeWhere(scopeFor(ctx.actor, 'registry.read'), { region: org.regionCode, organization: org.id })];
  if (q.regionCode) {
    const prefix = regionPrefix(q.regionCode);
    conditions.push(
      region === 'street' && prefix.length === STREET_PREFIX
        ? sql`left(${org.regionCode}, ${sql.raw(String(STREET_PREFIX))}) = ${bind('street', prefix)}`
        : sql`${org.regionCode} like ${bind('regionPrefix', prefix + '%')}`,
    );
  }
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
  // An expired grade no longer counts (民政部令第39号: valid five years): it matches no grade filter.
  if (q.grade) conditions.push(sql`${org.grade} = ${bind('grade', q.grade)} and ${org.gradeValidUntil} >= ${bind('today', todayInChina())}`);
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

export function listColumns(locale: Locale, withLeaderPhone: boolean) {
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
    gradeValidUntil: org.gradeValidUntil,
    starRating: org.starRating,
    memberCount: org.memberCount,
    leaderName: org.leaderName,
    // Not asked for, not read: no sealed value to open.
    leaderPhone: withLeaderPhone ? org.leaderPhone : sql<string | null>`null`,
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
  if (q.sort !== 'updatedAt' || matches === undefined) return 'planner';
  if (q.q) return matches >= DENSE_SEARCH_MATCHES ? 'walk' : 'gather';
  // Without a search, fewer matches than the cap (a small street, a rare category) are gathered and
  // sorted at once rather than found by walking the whole register newest-first; past the cap the
  // planner walks (a street of 27,000 records sorted whole took 60 ms, walked under 1 ms).
  return matches < COUNT_CAP ? 'gather' : 'planner';
}

function organizationListQuery(ctx: Ctx, q: TOrganizationListQuery, bind: Bind, plan: ReturnType<typeof searchPlan>) {
  const sortCol = SORT_COLUMNS[q.sort];
  const direction = q.order === 'asc' ? asc : desc;
  // updated_at and id are never null, so the NULLS clause changes nothing but the plan: the
  // (updated_at, id) index only yields the default null order, so it can no longer be walked.
  const nulls = sql.raw(q.order === 'asc' ? 'nulls first' : 'nulls last');
  // Equal pinyin keys (同音: 长宁 and 常宁 both read chang2 ning2) fall back on the name itself.
  const ties = q.sort === 'name' ? [org.name] : [];
  const order =
    plan === 'gather'
      ? [sql`${sortCol} ${sql.raw(q.order)} ${nulls}`, ...ties.map((c) => sql`${c} ${sql.raw(q.order)}`), sql`${org.id} ${sql.raw(q.order)} ${nulls}`]
      : [direction(sortCol), ...ties.map(direction), direction(org.id)];
  return ctx.db
    .select(listColumns(ctx.locale, q.include === 'leaderPhone'))
    .from(org)
    .leftJoin(regions, eq(regions.code, org.regionCode))
    .leftJoin(registryCategories, eq(registryCategories.id, org.categoryId))
    .where(organizationFilters(ctx, q, bind, plan === 'walk' ? 'walk' : 'index', plan === 'gather' ? 'prefix' : 'street'))
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
  organizationFilters(ctx, q, bind, nameAccess, plan === 'gather' ? 'prefix' : 'street');
  const shape = JSON.stringify([
    ctx.locale,
    scopeFor(ctx.actor, 'registry.read'),
    q.sort,
    q.order,
    q.kind ?? null,
    q.include ?? null,
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

function organizationCountQuery(ctx: Ctx, q: TOrganizationListQuery, bind: Bind) {
  const inner = ctx.db
    .select({ one: sql`1` })
    .from(org)
    .where(organizationFilters(ctx, q, bind))
    .limit(sql.placeholder('limit') as unknown as number);
  return ctx.db.select({ n: sql<number>`count(*)::int` }).from(inner.as('capped'));
}

type PreparedCount = ReturnType<ReturnType<typeof organizationCountQuery>['prepare']>;
const preparedCounts = new WeakMap<object, Map<string, PreparedCount>>();

/** Exact up to COUNT_CAP (SEARCH_COUNT_CAP for a name search); beyond it the caller shows "2000+". */
export async function countOrganizations(ctx: Ctx, q: TOrganizationListQuery): Promise<{ total: number; capped: boolean }> {
  const cap = q.q ? SEARCH_COUNT_CAP : COUNT_CAP;
  const values: Record<string, unknown> = { limit: cap + 1 };
  const bind: Bind = (name, value) => {
    values[name] = value;
    return sql.placeholder(name);
  };
  organizationFilters(ctx, q, bind);
  // As for the page: built once per shape (scope, kind, the filters present), then reused.
  const shape = JSON.stringify([scopeFor(ctx.actor, 'registry.read'), q.kind ?? null, Object.keys(values).sort()]);
  let byShape = preparedCounts.get(ctx.db);
  if (!byShape) preparedCounts.set(ctx.db, (byShape = new Map()));
  let prepared = byShape.get(shape);
  if (!prepared) {
    if (byShape.size >= PREPARED_LIST_LIMIT) byShape.clear();
    prepared = organizationCountQuery(ctx, q, bind).prepare('');
    byShape.set(shape, prepared);
  }
  const [{ n }] = await prepared.execute(values);
  return { total: Math.min(n, cap), capped: n > cap };
}

type FilingRow = typeof registryFilings.$inferSelect;
/** A filing as the statement below answers it: times as the database writes them in JSON, the payload still sealed. */
type FilingDoc = Omit<FilingRow, 'submittedAt' | 'decidedAt' | 'createdAt' | 'updatedAt'> & {
  submittedAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

function organizationFilingsQuery(db: DbOrTx) {
  const f = registryFilings;
  const doc = sql<FilingDoc[] | string>`coalesce(json_agg(json_build_object(
    'id', ${f.id}, 'organizationId', ${f.organizationId}, 'regionCode', ${f.regionCode}, 'kind', ${f.kind},
    'state', ${f.state}, 'payload', ${f.payload}, 'submittedAt', ${f.submittedAt}, 'decidedAt', ${f.decidedAt},
    'createdBy', ${f.createdBy}, 'createdAt', ${f.createdAt}, 'updatedAt', ${f.updatedAt})
    order by ${f.createdAt} desc), '[]'::json)`;
  return db.select({ doc: doc.as('doc') }).from(f).where(eq(f.organizationId, sql.placeholder('id')));
}
const compiledFilings = new WeakMap<object, CompiledRead<{ id: string }, { doc: FilingDoc[] | string }>>();

const dateOf = (value: string | null) => (value === null ? null : new Date(value));

/**
 * An organisation's filings, newest first, as rows: one JSON value compiled once per database, as
 * its page reads them on every view.
 */
export async function organizationFilingRows(ctx: Ctx, id: string): Promise<FilingRow[]> {
  let compiled = compiledFilings.get(ctx.db);
  if (!compiled) compiledFilings.set(ctx.db, (compiled = compileRead(ctx.db as Db, 'registry_org_filings', organizationFilingsQuery(ctx.db))));
  const [{ doc }] = (await compiled.run({ id })).rows;
  // node-postgres parses json; the embedded driver may hand it over as text.
  const docs = typeof doc === 'string' ? (JSON.parse(doc) as FilingDoc[]) : doc;
  return docs.map((f) => ({
    ...f,
    payload: unsealPersonalFields(f.payload),
    submittedAt: dateOf(f.submittedAt),
    decidedAt: dateOf(f.decidedAt),
    createdAt: new Date(f.createdAt),
    updatedAt: new Date(f.updatedAt),
  }));
}

const parentOrg = alias(org, 'parent_org');

/**
 * A timestamp as Date.toISOString() writes it (UTC, milliseconds truncated as JavaScript does),
 * whatever the session's time zone.
 */
const isoUtc = (column: SQLWrapper) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The record as its page shows it, built by the database as one JSON value: only the columns the
 * page needs (not the search and sort keys), names joined in, and nothing for the driver and the
 * query builder to map column by column on every view. Personal values stay sealed here; the
 * presenter opens and masks them.
 */
function organizationDetailQuery(ctx: Ctx) {
  const scope = scopeFor(ctx.actor, 'registry.read');
  const doc = sql<OrganizationDetailDoc | string>`json_build_object(
    'id', ${org.id}, 'name', ${org.name}, 'legalForm', ${org.legalForm}, 'regionCode', ${org.regionCode},
    'regionName', ${regions.name}, 'categoryId', ${org.categoryId}, 'categoryName', ${categoryNameColumn(ctx.locale)},
    'status', ${org.status}, 'stage', ${org.stage}, 'grade', ${org.grade}, 'gradeValidUntil', ${org.gradeValidUntil},
    'starRating', ${org.starRating}, 'memberCount', ${org.memberCount}, 'leaderName', ${org.leaderName},
    'leaderPhone', ${org.leaderPhone}, 'uscc', ${org.uscc}, 'filingNumber', ${org.filingNumber},
    'foundedOn', ${org.foundedOn}, 'updatedAt', ${isoUtc(org.updatedAt)}, 'registrationLevel', ${org.registrationLevel},
    'usccOverrideReason', ${org.usccOverrideReason}, 'parentId', ${org.parentId}, 'parentName', ${parentOrg.name},
    'leaderIdNumber', ${org.leaderIdNumber}, 'address', ${org.address},
    'activityContent', ${org.activityContent}, 'venue', ${org.venue}, 'businessScope', ${org.businessScope},
    'filedAt', ${isoUtc(org.filedAt)}, 'createdAt', ${isoUtc(org.createdAt)})`;
  return ctx.db
    .select({ doc: doc.as('doc') })
    .from(org)
    .leftJoin(regions, eq(regions.code, org.regionCode))
    .leftJoin(registryCategories, eq(registryCategories.id, org.categoryId))
    // A record moved since may have a parent the reader cannot see: its id stays, its name does not.
    .leftJoin(parentOrg, and(eq(parentOrg.id, org.parentId), scopeWhere(scope, { region: parentOrg.regionCode, organization: parentOrg.id })))
    .where(and(eq(org.id, sql.placeholder('id')), scopeWhere(scope, { region: org.regionCode, organization: org.id })));
}

/** What the detail statement answers: the presented record's fields, personal values still sealed. */
export interface OrganizationDetailDoc {
  id: string;
  name: string;
  legalForm: string;
  regionCode: string;
  regionName: string | null;
  categoryId: string | null;
  categoryName: string | null;
  status: string;
  stage: string | null;
  grade: string | null;
  gradeValidUntil: string | null;
  starRating: number | null;
  memberCount: number;
  leaderName: string | null;
  leaderPhone: string | null;
  uscc: string | null;
  filingNumber: string | null;
  foundedOn: string | null;
  updatedAt: string;
  registrationLevel: string | null;
  usccOverrideReason: string | null;
  parentId: string | null;
  parentName: string | null;
  leaderIdNumber: string | null;
  address: string | null;
  activityContent: string | null;
  venue: string | null;
  businessScope: string | null;
  filedAt: string | null;
  createdAt: string;
}

type CompiledDetail = CompiledRead<{ id: string }, { doc: OrganizationDetailDoc | string }>;
const compiledDetails = new WeakMap<object, Map<string, CompiledDetail>>();

/**
 * One organisation inside the actor's read scope, as its page shows it, in one round trip, or 404.
 * A named statement per scope shape and language: the server parses and plans it once per
 * connection, and a lookup by primary key loses nothing to a generic plan.
 */
export async function findOrganizationDetail(ctx: Ctx, id: string): Promise<OrganizationDetailDoc> {
  const shape = JSON.stringify([ctx.locale, scopeFor(ctx.actor, 'registry.read')]);
  let byShape = compiledDetails.get(ctx.db);
  if (!byShape) compiledDetails.set(ctx.db, (byShape = new Map()));
  let compiled = byShape.get(shape);
  if (!compiled) {
    if (byShape.size >= PREPARED_LIST_LIMIT) byShape.clear();
    const name = 'registry_org_detail_' + createHash('sha1').update(shape).digest('hex').slice(0, 16);
    compiled = compileRead(ctx.db as Db, name, organizationDetailQuery(ctx));
    byShape.set(shape, compiled);
  }
  const [found] = (await compiled.run({ id })).rows;
  if (!found) throw notFound('organization');
  // node-postgres parses json; the embedded driver may hand it over as text.
  return typeof found.doc === 'string' ? (JSON.parse(found.doc) as OrganizationDetailDoc) : found.doc;
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
  const { sort: _sort, order: _order, page: _page, pageSize: _pageSize, include: _include, ...filters } = q;
  // A grade filter's matches change at midnight, when a grade expires.
  return readKey(ctx, ['registry.read'], 'registry.organizations', q.grade ? { ...filters, day: todayInChina() } : filters);
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
  // The day is part of it: a page shows which grades have expired, and a grade expires at midnight.
  return readKey(ctx, ['registry.read'], 'registry.organizations.page', { ...q, day: todayInChina() });
}
