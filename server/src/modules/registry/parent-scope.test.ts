import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeOrganization, makeRegionTree, makeUser, PASSWORD } from '../../../test/factories.js';
import { registryOrganizations } from './registry.tables.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;
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
