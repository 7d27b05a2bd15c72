import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/test-db.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import type { Database } from '../db/client.js';
import { createRegion, getRegion } from '../modules/regions/regions.service.js';
import { createCategory } from '../modules/registry/service/categories.js';
import { registryCategories } from '../modules/registry/registry.tables.js';
import type { Actor, Ctx } from './actor.js';
import { auditLog } from './core.tables.js';
import { afterCommit, leavesReadCaches, mutate, type WriteSink } from './write-unit.js';

/** A sink that remembers each announcement, and whether the unit's rows were visible to others by then. */
function recordingSink(database: Database, probe: () => Promise<boolean>) {
  const announced: { prefixes: readonly string[] | null; committed: boolean }[] = [];
  const sink: WriteSink = {
    async committed(prefixes) {
      announced.push({ prefixes, committed: await probe() });
    },
  };
  return { sink, announced, database };
}

describe('the write unit', () => {
  let database: Database;
  let tree: Awaited<ReturnType<typeof makeRegionTree>>;
  let admin: Actor;
  const suffix = () => String(Math.floor(Math.random() * 1e6));

  beforeAll(async () => {
    database = await freshDatabase();
    tree = await makeRegionTree(database.db);
    admin = { id: '', username: 'test', displayName: '测试', grants: [{ id: 'g', role: 'platform_admin', regionCode: '000000000000', organizationId: null }] };
  });
  afterAll(async () => {
    await database.close();
  });

  const ctxWith = (writes: WriteSink): Ctx => ({ db: database.db, actor: admin, locale: 'zh-CN', requestId: `unit-${suffix()}`, writes });
  const communityCode = (n: number) => `${tree.street.slice(0, 9)}${String(100 + n)}`;

  it('composes services of two domains into one transaction and announces once, after COMMIT', async () => {
    const code = communityCode(1);
    const categoryCode = `unit_${suffix()}`;
    const seen = recordingSink(database, async () => (await getRegion(database.db, code)) !== null);
    const order: string[] = [];
    const result = await mutate(ctxWith(seen.sink), async (w) => {
      const region = await createRegion(w, { code, parentCode: tree.street, name: '合成社区' });
      const category = await createCategory(w, { code: categoryCode, nameZh: '合成', nameEn: 'Composed', nameZhTw: '合成', sortOrder: 0, active: true });
      afterCommit(w, () => void order.push('after-commit step'));
      order.push('body done');
      return { region, category };
    });
    expect(result.region.code).toBe(code);
    // One announcement for the whole unit, made when the rows were already visible to other connections;
    // the category has no region, so the unit may have changed anything.
    expect(seen.announced).toEqual([{ prefixes: null, committed: true }]);
    expect(order).toEqual(['body done', 'after-commit step']);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, code));
    expect(audit.map((a) => a.action)).toEqual(['region.create']);
  });

  it('rolls both services back together, announces nothing and skips the after-commit steps', async () => {
    const code = communityCode(2);
    const categoryCode = `unit_${suffix()}`;
    const seen = recordingSink(database, async () => true);
    let stepRan = false;
    const failure = await mutate(ctxWith(seen.sink), async (w) => {
      await createRegion(w, { code, parentCode: tree.street, name: '回滚社区' });
      await createCategory(w, { code: categoryCode, nameZh: '回滚', nameEn: 'Rolled back', nameZhTw: '回滾', sortOrder: 0, active: true });
      afterCommit(w, () => void (stepRan = true));
      throw new Error('a later step failed');
    }).catch((e: Error) => e.message);
    expect(failure).toBe('a later step failed');
    expect(await getRegion(database.db, code)).toBeNull();
    expect(await database.db.select().from(registryCategories).where(eq(registryCategories.code, categoryCode))).toEqual([]);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.entityId, code))).toEqual([]);
    expect(seen.announced).toEqual([]);
    expect(stepRan).toBe(false);
  });

  it('names the regions its audit rows touched, so only caches covering them are dropped', async () => {
    const code = communityCode(3);
    const seen = recordingSink(database, async () => true);
    await createRegion(ctxWith(seen.sink), { code, parentCode: tree.street, name: '单独社区' });
    expect(seen.announced).toEqual([{ prefixes: [code], committed: true }]);
  });

  it("lets a part that joined the unit leave the caches for its own writes only, never silencing the caller's", async () => {
    const code = communityCode(4);
    const seen = recordingSink(database, async () => true);
    await mutate(ctxWith(seen.sink), async (w) => {
      await createRegion(w, { code, parentCode: tree.street, name: '加入社区' });
      // A record of a read joins the caller's unit and says it changes nothing cached.
      await mutate(w, async (part) => leavesReadCaches(part));
    });
    expect(seen.announced).toEqual([{ prefixes: [code], committed: true }]);

    const quiet = recordingSink(database, async () => true);
    await mutate(ctxWith(quiet.sink), async (w) => leavesReadCaches(w));
    expect(quiet.announced).toEqual([]);
  });
});
