import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import { makeMember, makeOrganization, makeRegionTree } from '../../../test/factories.js';

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

  // The 0003 function took 548 s for 200,000 characters; linear, it takes well under a second.
  it('handles 200,000 characters in linear time', async () => {
    const started = performance.now();
    const result = await grams('shuniu_name_grams', '静安区老年协会ABC长寿路'.repeat(15_000).slice(0, 200_000));
    expect(result!.length).toBeGreaterThan(10);
    expect(performance.now() - started).toBeLessThan(15_000);
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
