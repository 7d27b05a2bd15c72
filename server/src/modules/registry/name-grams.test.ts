import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed, unseal } from '../../core/personal-data.js';
import { MIGRATIONS_FOLDER, rowsOf, runMigrations, type Database } from '../../db/client.js';
import { sealPersonalData } from '../../db/seal-personal-data.js';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeMember, makeOrganization } from './registry.factories.js';
import { emptyDatabase } from '../../../test/test-db.js';

let t: TestApp;

// The function of migration 0003, kept here to show migration 0007's rewrite returns the same grams.
const QUADRATIC_NAME_GRAMS = `CREATE OR REPLACE FUNCTION quadratic_name_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
    SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, char_length(t)) AS i
    UNION ALL
    SELECT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i
  ) grams
$$`;

beforeAll(async () => {
  t = await buildTestApp();
  await t.db.execute(sql.raw(QUADRATIC_NAME_GRAMS));
});
afterAll(() => t.close());

const grams = async (fn: 'shuniu_name_grams' | 'quadratic_name_grams', name: string | null) =>
  rowsOf<{ g: string[] | null }>(await t.db.execute(sql`select ${sql.raw(fn)}(${name}::text) as g`))[0].g;

describe('shuniu_name_grams (migration 0007)', () => {
  const names = [
    '',
    'a',
    '长',
    'AB',
    'aaaa',
    '哈哈哈哈',
    '静安区老年协会',
    'Abc社区ABC合唱团',
    'abab abab',
    '上海市 静安区 · 2号楼',
    'ＡＢＣ全角',
    '🎵合唱团🎵',
    '长寿路街道'.repeat(20),
  ];

  it.each(names)('gives the same grams as the 0003 function for %j', async (name) => {
    expect(await grams('shuniu_name_grams', name)).toEqual(await grams('quadratic_name_grams', name));
  });

  it('gives no grams for a missing name, as before', async () => {
    expect(await grams('shuniu_name_grams', null)).toEqual(await grams('quadratic_name_grams', null));
  });

  it('keeps the stored grams the search reads', async () => {
    const A = await makeRegionTree(t.db);
    const org = await makeOrganization(t.db, A.street, { name: '静安Abc合唱团' });
    const [row] = rowsOf<{ g: string[] }>(await t.db.execute(sql`select name_grams as g from registry_organizations where id = ${org.id}`));
    expect(row.g).toEqual(await grams('quadratic_name_grams', '静安Abc合唱团'));
  });

  // The 0003 function took 548 s for 200,000 characters (substr walks a multibyte string from its start
  // at every position); 0007's takes well under a second. Timing belongs in a benchmark, so this checks
  // the cause instead: the installed function splits the string once and never calls substr.
  it('splits the name once instead of calling substr at every position', async () => {
    const [fn] = rowsOf<{ body: string }>(await t.db.execute(sql`select prosrc as body from pg_proc where proname = 'shuniu_name_grams'`));
    expect(fn.body).not.toMatch(/substr/i);
    expect(fn.body).toMatch(/string_to_array\(lower\(t\), NULL\)/);
    expect(fn.body).toMatch(/lead\(/);
  });

  it('gives the same grams as the 0003 function on a long name', async () => {
    const name = '静安区老年协会ABC长寿路'.repeat(200);
    expect(await grams('shuniu_name_grams', name)).toEqual(await grams('quadratic_name_grams', name));
  });
});

const violates = (constraint: string) => (e: unknown) => String((e as { cause?: unknown }).cause ?? e).includes(`"${constraint}"`);

describe('name length constraints (migration 0007)', () => {
  it('refuses an organisation name over 100 characters in the database itself', async () => {
    const A = await makeRegionTree(t.db);
    await expect(makeOrganization(t.db, A.street, { name: '长'.repeat(100) })).resolves.toBeTruthy();
    await expect(makeOrganization(t.db, A.street, { name: '长'.repeat(101) })).rejects.toSatisfy(violates('registry_org_name_len'));
  });

  it('refuses a member name over 50 characters in the database itself', async () => {
    const A = await makeRegionTree(t.db);
    const team = await makeOrganization(t.db, A.street, { name: '成员限长队' });
    await expect(makeMember(t.db, team, { name: '王'.repeat(50) })).resolves.toBeTruthy();
    await expect(makeMember(t.db, team, { name: '王'.repeat(51) })).rejects.toSatisfy(violates('registry_members_name_len'));
  });
});

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

describe('upgrading a database whose import stored over-long names (migration 0007)', () => {
  it('shortens them, so the constraints hold for every row and the start-up sealer can rewrite those rows', async () => {
    const database = await emptyDatabase();
    try {
      await migrateUpTo(database, '0006_name_sort_column');
      const { db } = database;
      const A = await makeRegionTree(db);
      const longOrg = '很长的组织名称'.repeat(50);
      const longMember = '很长的成员姓名'.repeat(20);
      const [org] = rowsOf<{ id: string }>(
        await db.execute(sql`insert into registry_organizations (region_code, legal_form, status, name, leader_name, leader_phone)
          values (${A.street}, 'grassroots_team', 'draft', ${longOrg}, '赵建国', '13611112222') returning id::text as id`),
      );
      const [member] = rowsOf<{ id: string }>(
        await db.execute(sql`insert into registry_members (organization_id, region_code, name, phone)
          values (${org.id}, ${A.street}, ${longMember}, '13755556666') returning id::text as id`),
      );

      await runMigrations(database);
      expect((await sealPersonalData(db)).rows).toBe(2);

      const [o] = rowsOf(await db.execute(sql`select name, name_grams, leader_phone from registry_organizations where id = ${org.id}`));
      expect(o.name).toBe(longOrg.slice(0, 100));
      expect(o.name_grams).toContain('很长');
      expect(isSealed(o.leader_phone) && unseal(o.leader_phone)).toBe('13611112222');
      const [m] = rowsOf(await db.execute(sql`select name, phone from registry_members where id = ${member.id}`));
      expect(m.name).toBe(longMember.slice(0, 50));
      expect(unseal(m.phone)).toBe('13755556666');
      const checks = rowsOf<{ conname: string; convalidated: boolean }>(
        await db.execute(sql`select conname, convalidated from pg_constraint where conname in ('registry_org_name_len', 'registry_members_name_len') order by conname`),
      );
      expect(checks).toEqual([
        { conname: 'registry_members_name_len', convalidated: true },
        { conname: 'registry_org_name_len', convalidated: true },
      ]);
    } finally {
      await database.close();
    }
  });
});
