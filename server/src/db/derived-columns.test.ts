/**
 * Upgrading a database from before migration 0018 (issue 8, rules 9 and 12): the pinyin keys the SQL
 * function made are recomputed by the app, the function and its table are gone, members with an ID
 * number get their birth date from it (sealed at rest: read by the app at start-up), and a band with
 * no birth date behind it is kept with the day it was entered.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { describe, expect, it } from 'vitest';
import { pinyinSortKey } from '../core/pinyin-key.js';
import { useTestDataKey } from '../../test/data-key.js';
import { emptyDatabase } from '../../test/test-db.js';
import { makeIdNumber } from '../modules/registry/registry.factories.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { MIGRATIONS_FOLDER, rowsOf, runMigrations, type Database } from './client.js';
import { fillDerivedColumns } from './derived-columns.js';
import { sealPersonalData } from './seal-personal-data.js';

const BEFORE = '0017_registry_rollup';

/** Applies the migrations up to and including `lastTag`, from a copy of the folder with a shortened journal. */
async function migrateUpTo(database: Database, lastTag: string) {
  const folder = mkdtempSync(path.join(tmpdir(), 'shuniu-migrations-'));
  try {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag === lastTag);
    expect(upTo).toBeGreaterThan(0);
    const entries = journal.entries.slice(0, upTo + 1);
    mkdirSync(path.join(folder, 'meta'));
    writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const { tag } of entries) cpSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), path.join(folder, `${tag}.sql`));
    if (database.engine === 'pglite') await migratePglite(database.db as any, { migrationsFolder: folder });
    else await migratePg(database.db as any, { migrationsFolder: folder });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('upgrading a database from before migration 0018', () => {
  it('recomputes every pinyin key in the app, drops the SQL key, and dates the members', async () => {
    useTestDataKey();
    const database = await emptyDatabase();
    try {
      await migrateUpTo(database, BEFORE);
      const { db } = database;
      const A = await makeRegionTree(db);
      const name = '重庆银行合唱团';
      const [org] = rowsOf<{ id: string; name_sort: string }>(
        await db.execute(sql`insert into registry_organizations (region_code, legal_form, status, name)
          values (${A.street}, 'grassroots_team', 'draft', ${name}) returning id::text as id, name_sort`),
      );
      // The old key, character by character: 重 as zhong, 行 as xing.
      expect(org.name_sort).toBe('zhong qing yin xing he chang tuan');
      const idNumber = makeIdNumber('19661231');
      // Written before sealing existed (plain text), with the band computed at entry as 2026 − 1966.
      await db.execute(sql`insert into registry_members (organization_id, region_code, name, id_number, age_band, created_at)
        values (${org.id}, ${A.street}, '有证号', ${idNumber}, '60_69', now()),
               (${org.id}, ${A.street}, '只有年龄段', null, '70_79', timestamptz '2025-03-01 20:00:00+00')`);

      await runMigrations(database);
      await sealPersonalData(db, { warn: () => undefined });
      expect(await fillDerivedColumns(db)).toEqual({ nameKeys: 1, birthDates: 1 });

      const [after] = rowsOf(await db.execute(sql`select name_sort from registry_organizations where id = ${org.id}`));
      expect(after.name_sort).toBe(pinyinSortKey(name));
      expect(after.name_sort).toBe('chong2 qing4 yin2 hang2 he2 chang4 tuan2');
      const [gone] = rowsOf(
        await db.execute(sql`select to_regclass('public.shuniu_pinyin') as tbl,
                                    (select count(*)::int from pg_proc where proname = 'shuniu_pinyin_key') as fns,
                                    (select collation_name from information_schema.columns
                                      where table_name = 'registry_organizations' and column_name = 'name_sort') as coll`),
      );
      expect(gone).toEqual({ tbl: null, fns: 0, coll: 'C' });
      const members = rowsOf(
        await db.execute(sql`select name, birth_date::text as born, age_band, age_band_entered_on::text as entered
                               from registry_members order by name`),
      );
      expect(members).toEqual(
        [
          { name: '有证号', born: '1966-12-31', age_band: null, entered: null },
          // 2025-03-01 20:00 UTC is 2 March in China.
          { name: '只有年龄段', born: null, age_band: '70_79', entered: '2025-03-02' },
        ].sort((a, b) => (a.name < b.name ? -1 : 1)),
      );
      // The next start-up finds nothing to do.
      expect(await fillDerivedColumns(db)).toEqual({ nameKeys: 0, birthDates: 0 });
    } finally {
      await database.close();
    }
  });
});
