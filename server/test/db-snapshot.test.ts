/**
 * dbSnapshot is what every refusal check means by "nothing changed": a hash of every row of every
 * table. These guard its blind spots: a digest kept from an earlier call must not hide a change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRegionTree, type RegionTree } from '../src/modules/regions/regions.factories.js';
import { makeCategory } from '../src/modules/registry/registry.factories.js';
import { makeUser } from '../src/modules/users/users.factories.js';
import { buildTestApp, type TestApp } from './build-app.js';
import { changedTables, dbSnapshot, RECORDED_READS, withoutRecordedReads } from './helpers.js';

let t: TestApp;
let A: RegionTree;
let userId: string;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  userId = (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).id;
});
afterAll(() => t.close());

const changedSince = async (before: Record<string, string>) => changedTables(before, await dbSnapshot(t.db));

describe('dbSnapshot', () => {
  it('names the table whose rows changed, in any column, and forgets a change undone', async () => {
    const before = await dbSnapshot(t.db);
    await t.db.execute(sql`update regions set name = name || '改' where code = ${A.street}`);
    expect(await changedSince(before)).toEqual(['regions']);
    await t.db.execute(sql`update regions set name = left(name, -1) where code = ${A.street}`);
    expect(await changedSince(before)).toEqual([]);
  });

  it('sees a change to a reference table, which no request of a refusal check writes', async () => {
    await makeCategory(t.db);
    const before = await dbSnapshot(t.db);
    const first = sql`(select min(code) from registry_categories)`;
    await t.db.execute(sql`update registry_categories set name_en = name_en || 'x' where code = ${first}`);
    expect(await changedSince(before)).toEqual(['registry_categories']);
    await t.db.execute(sql`update registry_categories set name_en = left(name_en, -1) where code = ${first}`);
    expect(await changedSince(before)).toEqual([]);
  });

  it('sees a row deleted and another inserted in its place', async () => {
    const before = await dbSnapshot(t.db);
    await t.db.execute(sql`delete from regions where code = ${A.community2}`);
    await t.db.execute(sql`insert into regions (code, parent_code, name, level) values (${`${A.street2.slice(0, 9)}099`}, ${A.street2}, '替身社区', 'community')`);
    expect(await changedSince(before)).toEqual(['regions']);
  });

  it('takes sessions into account, and leaves out only what a refused sign-in writes', async () => {
    let before = await dbSnapshot(t.db);
    await t.db.execute(sql`update users set failed_logins = failed_logins + 1, locked_until = now() where id = ${userId}`);
    await t.db.execute(sql`insert into login_attempts (ip, username, success) values ('203.0.113.9', 'nobody', false)`);
    expect(await changedSince(before)).toEqual([]);
    await t.db.execute(sql`insert into sessions (id, user_id, csrf_token, expires_at) values ('s1', ${userId}, 'c', now() + interval '1 hour')`);
    expect(await changedSince(before)).toEqual(['sessions']);
    before = await dbSnapshot(t.db);
    await t.db.execute(sql`update users set display_name = '改名' where id = ${userId}`);
    expect(await changedSince(before)).toEqual(['users']);
  });

  it('keeps the recorded reads of the audit log apart, for a check after an answered read', async () => {
    const before = await dbSnapshot(t.db);
    await t.db.execute(sql`insert into audit_log (action, entity_type) values ('registry.organization.export', 'export')`);
    const after = await dbSnapshot(t.db);
    expect(changedTables(before, after)).toEqual([RECORDED_READS]);
    expect(withoutRecordedReads(after)).toEqual(withoutRecordedReads(before));
    await t.db.execute(sql`insert into audit_log (action, entity_type) values ('registry.organization.update', 'organization')`);
    expect(await changedSince(after)).toEqual(['audit_log']);
  });
});
