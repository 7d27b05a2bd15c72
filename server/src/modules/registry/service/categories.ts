import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, notFound } from '../../../errors.js';
import type { TCategoryBody, TUpdateCategoryBody } from '../../../../../shared/registry/categories.js';
import { registryCategories } from '../registry.tables.js';

async function assertCodeFree(tx: DbOrTx, code: string) {
  const [dup] = await tx.select({ id: registryCategories.id }).from(registryCategories).where(eq(registryCategories.code, code));
  if (dup) throw new AppError('conflict', { what: code }, [{ field: 'code', problem: 'taken' }]);
}

export async function listCategories(ctx: Ctx) {
  const rows = await ctx.db.select().from(registryCategories).orderBy(asc(registryCategories.sortOrder), asc(registryCategories.code));
  return { items: rows.map(({ createdAt: _c, ...rest }) => rest) };
}

/** The taxonomy is platform-wide, so it is audited without a region. */
export async function createCategory(ctx: Ctx, input: TCategoryBody) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    await assertCodeFree(tx, input.code);
    const [row] = await tx.insert(registryCategories).values(input).returning();
    await writeAudit(w, { action: 'registry.category.create', entityType: 'category', entityId: row.id, entityName: row.nameZh, after: row });
    const { createdAt: _c, ...rest } = row;
    return rest;
  });
}

export async function updateCategory(ctx: Ctx, id: string, input: TUpdateCategoryBody) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const [before] = await tx.select().from(registryCategories).where(eq(registryCategories.id, id)).for('update');
    if (!before) throw notFound('category');
    if (input.code !== undefined && input.code !== before.code) await assertCodeFree(tx, input.code);
    // An empty PATCH changes nothing (and an empty SET is not SQL).
    if (Object.keys(input).length === 0) {
      const { createdAt: _c, ...rest } = before;
      return rest;
    }
    const [row] = await tx.update(registryCategories).set(input).where(eq(registryCategories.id, id)).returning();
    await writeAudit(w, { action: 'registry.category.update', entityType: 'category', entityId: id, entityName: row.nameZh, before, after: row });
    const { createdAt: _c, ...rest } = row;
    return rest;
  });
}
