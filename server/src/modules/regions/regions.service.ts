import { asc, eq, inArray, sql } from 'drizzle-orm';
import { extendsParent, isRegionCode, regionLevel, regionPrefix } from '../../../../shared/regions.js';
import { type Ctx } from '../../core/actor.js';
import { scopeCoversRegion, scopeFor, workRegions } from '../../core/scope.js';
import { writeAudit } from '../../core/audit.js';
import { mutate } from '../../core/write-unit.js';
import { regions } from '../../core/core.tables.js';
import { scopeWhere } from '../../core/scope-sql.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, invalidField, notFound } from '../../errors.js';

/** Codes of every ancestor of `code` that the padding scheme allows (province, city, district, street). */
export function ancestorCodes(code: string): string[] {
  const prefix = regionPrefix(code);
  return [2, 4, 6, 9]
    .filter((n) => n < prefix.length)
    .map((n) => prefix.slice(0, n).padEnd(12, '0'));
}

/** Regions the actor can reach, plus their ancestors (marked out of scope) so the tree has its roots. */
export async function listRegions(ctx: Ctx) {
  const inScopeRows = await ctx.db
    .select()
    .from(regions)
    .where(scopeWhere(workRegions(ctx.actor, 'region.read'), { region: regions.code }))
    .orderBy(asc(regions.code));
  const have = new Set(inScopeRows.map((r) => r.code));
  const wanted = [...new Set(inScopeRows.flatMap((r) => ancestorCodes(r.code)))].filter((c) => !have.has(c));
  const ancestors = wanted.length ? await ctx.db.select().from(regions).where(inArray(regions.code, wanted)) : [];
  return [
    ...ancestors.map((r) => ({ ...r, inScope: false })),
    ...inScopeRows.map((r) => ({ ...r, inScope: true })),
  ]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => ({ code: r.code, parentCode: r.parentCode, name: r.name, level: r.level, inScope: r.inScope }));
}

export async function regionNames(db: DbOrTx, codes: string[]) {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map<string, string>();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, unique));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function getRegion(db: DbOrTx, code: string) {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row ?? null;
}

/** Direct children of a region, for roll-ups one level down. */
export async function childRegions(db: DbOrTx, code: string) {
  return db.select().from(regions).where(eq(regions.parentCode, code)).orderBy(asc(regions.code));
}

export async function createRegion(ctx: Ctx, input: { code: string; parentCode: string; name: string }) {
  if (!isRegionCode(input.code)) throw invalidField('code', 'region_code');
  const manage = scopeFor(ctx.actor, 'region.manage');
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const parent = await getRegion(tx, input.parentCode);
    if (!parent || !scopeCoversRegion(manage, parent.code)) throw invalidField('parentCode', 'region_unknown');
    if (!extendsParent(input.code, parent.code)) {
      throw invalidField('code', 'region_parent', { parent: `${parent.name} ${parent.code}` });
    }
    if (await getRegion(tx, input.code)) throw new AppError('conflict', { what: input.code });
    const [row] = await tx
      .insert(regions)
      .values({ code: input.code, parentCode: parent.code, name: input.name, level: regionLevel(input.code) })
      .returning();
    await writeAudit(w, { action: 'region.create', entityType: 'region', entityId: row.code, entityName: row.name, regionCode: row.code, after: row });
    return { code: row.code, parentCode: row.parentCode, name: row.name, level: row.level, inScope: true };
  });
}

export async function renameRegion(ctx: Ctx, code: string, name: string) {
  const manage = scopeFor(ctx.actor, 'region.manage');
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const row = await getRegion(tx, code);
    if (!row || !scopeCoversRegion(manage, code)) throw notFound('region');
    const [updated] = await tx
      .update(regions)
      .set({ name, updatedAt: sql`now()` })
      .where(eq(regions.code, code))
      .returning();
    await writeAudit(w, {
      action: 'region.rename',
      entityType: 'region',
      entityId: code,
      entityName: name,
      regionCode: code,
      before: { name: row.name },
      after: { name },
    });
    return { code: updated.code, parentCode: updated.parentCode, name: updated.name, level: updated.level, inScope: true };
  });
}
