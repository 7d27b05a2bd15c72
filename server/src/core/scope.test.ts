import { sql } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { makeUser } from '../modules/users/users.factories.js';
import { freshDatabase } from '../../test/test-db.js';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import type { Actor } from './actor.js';
import { assignments } from './core.tables.js';
import { homeRegion, readKey, resolveRegion, scopeCovers, scopeCoversRegion, scopeFor } from './scope.js';
import { assignedTo, scopeWhere } from './scope-sql.js';

const actor = (id: string, grants: { role: Role; regionCode: string; organizationId?: string | null }[]): Actor => ({
  id,
  username: id,
  displayName: id,
  grants: grants.map((g, i) => ({ id: `g${i}`, organizationId: null, ...g })),
});

const STREET = '110105001000';
const DISTRICT = '110105000000';
const ORG = '00000000-0000-4000-8000-000000000001';

describe('scope slices', () => {
  it('gives each role its kind of reach: region, its organisation, its own records, its assignments', () => {
    expect(scopeFor(actor('u1', [{ role: 'centre_staff', regionCode: STREET }]), 'registry.read')).toEqual([{ kind: 'region', prefix: '110105001' }]);
    expect(scopeFor(actor('u2', [{ role: 'org_member', regionCode: STREET, organizationId: ORG }]), 'registry.read')).toEqual([
      { kind: 'organization', prefix: '110105001', organizationId: ORG },
    ]);
    expect(scopeFor(actor('u3', [{ role: 'volunteer', regionCode: STREET }]), 'home.read')).toEqual([{ kind: 'own', userId: 'u3' }]);
    expect(scopeFor(actor('u4', [{ role: 'reviewer', regionCode: STREET }]), 'home.read')).toEqual([{ kind: 'assigned', userId: 'u4' }]);
  });

  it('never widens an organisation member without an organisation to its whole region', () => {
    const member = actor('u5', [{ role: 'org_member', regionCode: STREET }]);
    expect(scopeFor(member, 'registry.read')).toEqual([]);
    expect(scopeCovers(scopeFor(member, 'registry.read'), { regionCode: STREET, organizationId: ORG })).toBe(false);
  });

  it('covers own records by owner, and assigned ones only in SQL', () => {
    const own = scopeFor(actor('u6', [{ role: 'volunteer', regionCode: STREET }]), 'home.read');
    expect(scopeCovers(own, { regionCode: STREET, ownerId: 'u6' })).toBe(true);
    expect(scopeCovers(own, { regionCode: STREET, ownerId: 'someone else' })).toBe(false);
    expect(scopeCoversRegion(own, STREET)).toBe(false);
    const assigned = scopeFor(actor('u7', [{ role: 'reviewer', regionCode: STREET }]), 'home.read');
    expect(scopeCovers(assigned, { regionCode: STREET })).toBe(false);
  });
});

describe('resolveRegion and homeRegion', () => {
  it('takes the region asked for, else the widest the permission reaches — not the first grant', () => {
    const both = actor('u8', [
      { role: 'centre_staff', regionCode: STREET },
      { role: 'official', regionCode: DISTRICT },
    ]);
    expect(resolveRegion(both, 'registry.report.read')).toBe(DISTRICT);
    expect(resolveRegion(both, 'registry.report.read', STREET)).toBe(STREET);
    // Only the official's grant can import: the street grant does not count.
    expect(resolveRegion(actor('u9', [{ role: 'centre_staff', regionCode: STREET }]), 'registry.import')).toBe(STREET);
    expect(homeRegion(both)).toBe(DISTRICT);
  });

  it('answers 404 when nothing is asked and no whole region is reached', () => {
    const member = actor('u10', [{ role: 'org_member', regionCode: STREET, organizationId: ORG }]);
    expect(() => resolveRegion(member, 'registry.report.read')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('readKey', () => {
  it('is built from the whole grant list: one more grant, or another user with own records, is another key', () => {
    const one = actor('a', [{ role: 'centre_staff', regionCode: STREET }]);
    const same = actor('b', [{ role: 'centre_staff', regionCode: STREET }]);
    const more = actor('c', [
      { role: 'centre_staff', regionCode: STREET },
      { role: 'centre_staff', regionCode: '110105002000' },
    ]);
    const ctx = (a: Actor) => ({ actor: a, locale: 'zh-CN' });
    expect(readKey(ctx(one), ['registry.read'], 'list')).toBe(readKey(ctx(same), ['registry.read'], 'list'));
    expect(readKey(ctx(one), ['registry.read'], 'list')).not.toBe(readKey(ctx(more), ['registry.read'], 'list'));
    expect(readKey(ctx(one), ['registry.read'], 'list')).not.toBe(readKey({ actor: one, locale: 'en' }, ['registry.read'], 'list'));
    const v1 = actor('v1', [{ role: 'volunteer', regionCode: STREET }]);
    const v2 = actor('v2', [{ role: 'volunteer', regionCode: STREET }]);
    expect(readKey(ctx(v1), ['home.read'])).not.toBe(readKey(ctx(v2), ['home.read']));
  });
});

describe('scopeWhere on a database', () => {
  let database: Database;
  let users: { volunteer: Actor; reviewer: Actor; other: Actor; staff: Actor };

  beforeAll(async () => {
    database = await freshDatabase();
    const tree = await makeRegionTree(database.db);
    const make = async (role: Role, code: string) => {
      const u = await makeUser(database.db, [{ role, regionCode: code }]);
      return actor(u.id, [{ role, regionCode: code }]);
    };
    users = {
      volunteer: await make('volunteer', tree.street),
      reviewer: await make('reviewer', tree.street),
      other: await make('reviewer', tree.street),
      staff: await make('centre_staff', tree.street),
    };
    // A domain table of records with a region, an owner, and assignments.
    await database.db.execute(sql`create table scoped_records (id uuid primary key, region_code text not null, owner_id uuid)`);
    const ids = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a3'];
    await database.db.execute(sql`insert into scoped_records values
      (${ids[0]}, ${tree.street}, ${users.volunteer.id}),
      (${ids[1]}, ${tree.street}, null),
      (${ids[2]}, ${tree.street2}, null)`);
    await database.db.insert(assignments).values({ entityType: 'test.record', entityId: ids[2], userId: users.reviewer.id });
  });
  afterAll(async () => {
    await database?.close();
  });

  const visible = async (a: Actor) => {
    const t = sql.raw('scoped_records');
    const where = scopeWhere(scopeFor(a, 'home.read'), {
      region: sql`region_code`,
      owner: sql`owner_id`,
      assignedTo: assignedTo('test.record', sql`scoped_records.id`),
    });
    return rowsOf<{ id: string }>(await database.db.execute(sql`select id from ${t} where ${where} order by id`)).map((r) => r.id.slice(-2));
  };

  it('shows a volunteer its own record, a reviewer what it is assigned, an unassigned reviewer nothing, staff its street', async () => {
    expect(await visible(users.volunteer)).toEqual(['a1']);
    expect(await visible(users.reviewer)).toEqual(['a3']);
    expect(await visible(users.other)).toEqual([]);
    expect(await visible(users.staff)).toEqual(['a1', 'a2']);
  });

  it('reaches nothing of a table that does not declare the kind', async () => {
    const where = scopeWhere(scopeFor(users.volunteer, 'home.read'), { region: sql`region_code` });
    const rows = rowsOf(await database.db.execute(sql`select id from scoped_records where ${where}`));
    expect(rows).toEqual([]);
  });
});
