import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { registryOrganizations } from './registry.tables.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;
/** An official over two cities, so over a district in each. */
let twoCities: Agent;
let nearParent: { id: string; name: string };
let farParent: { id: string; name: string };
const url = (id: string) => `/api/registry/organizations/${id}`;
const rowOf = async (id: string) => rowsOf(await t.db.execute(sql`select * from registry_organizations where id = ${id}`))[0];

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  // Same district, but the other street: outside the street staff's scope.
  nearParent = await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '甲街道体育总会' });
  farParent = await makeOrganization(t.db, A.street2, { legalForm: 'social_group', name: '乙街道秘密联合会' });
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  B = await makeRegionTree(t.db);
  const overBoth = await makeUser(t.db, [
    { role: 'official', regionCode: A.cityLevel },
    { role: 'official', regionCode: B.cityLevel },
  ]);
  twoCities = await signIn(t.app, overBoth.username, PASSWORD);
});
afterAll(() => t.close());

describe('the parent organisation (parentId)', () => {
  it('refuses a parent outside the actor\'s scope, naming parentId, revealing nothing and saving nothing', async () => {
    const team = await makeOrganization(t.db, A.street);
    const before = await rowOf(team.id);
    const res = await staff.patch(url(team.id), { parentId: farParent.id });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'parentId', problem: 'organization_unknown' })]);
    expect(res.body).not.toContain(farParent.name);
    expect(await rowOf(team.id)).toEqual(before);

    const created = await staff.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'grassroots_team', name: '借名团队', parentId: farParent.id });
    expect(created.status).toBe(400);
    expect(created.json().error.fields[0].field).toBe('parentId');
    expect(created.body).not.toContain(farParent.name);
  });

  it('accepts a parent in scope and shows its name', async () => {
    const team = await makeOrganization(t.db, A.street);
    const res = await staff.patch(url(team.id), { parentId: nearParent.id });
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization).toMatchObject({ parentId: nearParent.id, parentName: nearParent.name });
    // The official's district covers both streets.
    const wide = await official.patch(url(team.id), { parentId: farParent.id });
    expect(wide.status, wide.body).toBe(200);
    expect(wide.json().organization.parentName).toBe(farParent.name);
  });

  it('hides the name of a parent the reader cannot see, and keeps that parent through other edits', async () => {
    // As after a record moved between streets: its parent stayed behind, out of the staff's scope.
    const team = await makeOrganization(t.db, A.street, { parentId: farParent.id });
    const detail = await staff.get(url(team.id));
    expect(detail.status).toBe(200);
    expect(detail.json().organization).toMatchObject({ parentId: farParent.id, parentName: null });
    expect(detail.body).not.toContain(farParent.name);
    const renamed = await staff.patch(url(team.id), { name: '改名后的团队' });
    expect(renamed.status, renamed.body).toBe(200);
    expect(renamed.json().organization).toMatchObject({ parentId: farParent.id, parentName: null });
    expect((await official.get(url(team.id))).json().organization.parentName).toBe(farParent.name);
  });

  it('refuses the record itself or one of its descendants as its parent', async () => {
    const upper = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    const lower = await makeOrganization(t.db, A.street, { parentId: upper.id });
    const self = await official.patch(url(upper.id), { parentId: upper.id });
    expect(self.status).toBe(400);
    expect(self.json().error.fields[0]).toMatchObject({ field: 'parentId', problem: 'organization_unknown' });
    const cycle = await official.patch(url(upper.id), { parentId: lower.id });
    expect(cycle.status).toBe(400);
    expect(cycle.json().error.fields[0].field).toBe('parentId');
    const [row] = await t.db.select({ parentId: registryOrganizations.parentId }).from(registryOrganizations).where(eq(registryOrganizations.id, upper.id));
    expect(row.parentId).toBeNull();
  });
});

describe('a parent and its children stay in one district', () => {
  it('refuses moving a record to another district with its parent left behind, naming parentId and changing nothing', async () => {
    const child = await makeOrganization(t.db, A.street, { parentId: nearParent.id });
    const before = await rowOf(child.id);
    // The edit form sends the unchanged parent along; an API client may leave it out.
    for (const body of [{ regionCode: B.street }, { regionCode: B.street, parentId: nearParent.id }]) {
      const res = await twoCities.patch(url(child.id), body);
      expect(res.status, res.body).toBe(400);
      expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'parentId', problem: 'parent_other_district' })]);
    }
    expect(await rowOf(child.id)).toEqual(before);
    const messages: Record<string, string> = { 'zh-CN': '上级组织须与本组织在同一区县', en: 'Parent organisation must be in the same district', 'zh-TW': '上級組織須與本組織在同一區縣' };
    for (const [locale, text] of Object.entries(messages)) {
      const res = await twoCities.patch(url(child.id), { regionCode: B.street }, { 'accept-language': locale });
      expect(res.json().error.fields[0].message).toContain(text);
    }

    const moved = await twoCities.patch(url(child.id), { regionCode: B.street, parentId: null });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json().organization).toMatchObject({ regionCode: B.street, parentId: null });
  });

  it('refuses setting a parent in another district, as it refuses keeping one', async () => {
    const team = await makeOrganization(t.db, B.street);
    const res = await twoCities.patch(url(team.id), { parentId: nearParent.id });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'parentId', problem: 'parent_other_district' })]);
    expect((await rowOf(team.id)).parent_id).toBeNull();
  });

  it('refuses moving a parent away from its children, naming regionCode', async () => {
    const upper = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    await makeOrganization(t.db, A.street2, { parentId: upper.id });
    const before = await rowOf(upper.id);
    const res = await twoCities.patch(url(upper.id), { regionCode: B.street });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'regionCode', problem: 'children_other_district' })]);
    expect(await rowOf(upper.id)).toEqual(before);
    // Within its district it moves, children and all.
    expect((await twoCities.patch(url(upper.id), { regionCode: A.street2 })).status).toBe(200);
  });

  it('keeps a parent the actor cannot read when the record moves within the district', async () => {
    // Community-level grants: the street-level parent is outside this worker's scope.
    const worker = await makeUser(t.db, [
      { role: 'centre_staff', regionCode: A.community },
      { role: 'centre_staff', regionCode: A.community2 },
    ]);
    const agent = await signIn(t.app, worker.username, PASSWORD);
    const team = await makeOrganization(t.db, A.community, { parentId: nearParent.id });
    const res = await agent.patch(url(team.id), { regionCode: A.community2 });
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization).toMatchObject({ regionCode: A.community2, parentId: nearParent.id, parentName: null });
  });

  it('lets only one of two simultaneous parent changes that together make a cycle through', async () => {
    // b is under c, d under a; the two edits would close a → b → c → d → a. Neither edit touches the
    // other's new parent, so no row lock of the foreign key check happens to order them.
    const a = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    const c = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    const b = await makeOrganization(t.db, A.street, { legalForm: 'social_group', parentId: c.id });
    const d = await makeOrganization(t.db, A.street, { legalForm: 'social_group', parentId: a.id });
    const edits = async () => Promise.all([official.patch(url(a.id), { parentId: b.id }), official.patch(url(c.id), { parentId: d.id })]);
    let results: Awaited<ReturnType<typeof edits>>;
    if (t.database.engine === 'postgres') {
      // Both edits are held just before they commit (their audit row) until both are under way, so
      // each checks for a cycle before the other commits unless parent changes are serialised.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = t.db.transaction(async (tx) => {
        await tx.execute(sql`lock table audit_log in share mode`);
        locked();
        await released;
      });
      await isLocked;
      const running = edits();
      try {
        await waitForLockWaits(2);
      } finally {
        release();
        await holder;
      }
      results = await running;
    } else {
      // The embedded database runs one transaction at a time.
      results = await edits();
    }
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(results.find((r) => r.status === 400)!.json().error.fields[0].field).toBe('parentId');
    const parents = new Map<string, string | null>();
    for (const o of [a, b, c, d]) parents.set(o.id, (await rowOf(o.id)).parent_id);
    let at: string | null | undefined = a.id;
    for (let step = 0; at && step < 4; step++) at = parents.get(at);
    expect(at ?? null).toBeNull();
  });
});

/** Waits until `count` backends of this database wait for a lock (PostgreSQL only). */
async function waitForLockWaits(count: number) {
  for (let tries = 0; tries < 200; tries++) {
    const [row] = rowsOf(
      await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
    );
    if (row.n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} requests came to wait for a lock`);
}
