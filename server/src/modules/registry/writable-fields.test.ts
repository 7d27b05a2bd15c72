import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeCategory, makeIdNumber, makeOrganization, makeUscc } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';

type Role = 'official' | 'centre_staff' | 'org_member';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let categoryId: string;
let parentId: string;

const rowOf = async (id: string) => rowsOf(await t.db.execute(sql`select * from registry_organizations where id = ${id}`))[0];

/**
 * What each role may set on a team its members still edit (draft). Stated here independently of
 * registry.policy so a change to the policy table shows up as a failing row.
 */
const TEAM_FIELDS: [field: string, value: () => unknown, allowed: Role[]][] = [
  ['name', () => '改过名字的团队', ['official', 'centre_staff', 'org_member']],
  ['activityContent', () => '每周三下午合唱', ['official', 'centre_staff', 'org_member']],
  ['venue', () => '社区活动室', ['official', 'centre_staff', 'org_member']],
  ['leaderName', () => '李四', ['official', 'centre_staff', 'org_member']],
  ['leaderPhone', () => '13900002222', ['official', 'centre_staff', 'org_member']],
  ['leaderIdNumber', () => makeIdNumber('19600505'), ['official', 'centre_staff', 'org_member']],
  ['address', () => '某路 1 号', ['official', 'centre_staff', 'org_member']],
  ['foundedOn', () => '2001-02-03', ['official', 'centre_staff', 'org_member']],
  ['categoryId', () => categoryId, ['official', 'centre_staff', 'org_member']],
  ['businessScope', () => '文体活动', ['official', 'centre_staff', 'org_member']],
  ['regionCode', () => A.community, ['official', 'centre_staff']],
  ['legalForm', () => 'community_org', ['official', 'centre_staff']],
  ['parentId', () => parentId, ['official', 'centre_staff']],
  ['registrationLevel', () => 'street', ['official']],
];

/** Fields only a registered organisation has a use for; a team's own members never edit one. */
const ORG_FIELDS: [field: string, value: () => Record<string, unknown>, allowed: Role[]][] = [
  ['uscc', () => ({ uscc: makeUscc(A.street) }), ['official', 'centre_staff']],
  ['status', () => ({ status: 'suspended' }), ['official']],
  [
    'usccOverrideReason',
    () => {
      const good = makeUscc(A.street);
      return { uscc: good.slice(0, 17) + (good[17] === '0' ? '1' : '0'), usccOverrideReason: '登记证书原文如此' };
    },
    ['official'],
  ],
];

const agents = {} as Record<Role, Agent>;
const teams = {} as Record<string, Record<Role, string>>;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  categoryId = (await makeCategory(t.db, '文体类')).id;
  parentId = (await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '街道文体协会' })).id;
  // A fresh team per field and role, so one accepted change never affects the next case.
  for (const [field] of TEAM_FIELDS) {
    teams[field] = {} as Record<Role, string>;
    for (const role of ['official', 'centre_staff', 'org_member'] as Role[]) {
      teams[field][role] = (await makeOrganization(t.db, A.street, { name: `${field}-${role}` })).id;
    }
  }
  const sign = async (grants: Parameters<typeof makeUser>[1]) => signIn(t.app, (await makeUser(t.db, grants)).username, PASSWORD);
  agents.official = await sign([{ role: 'official', regionCode: A.district }]);
  agents.centre_staff = await sign([{ role: 'centre_staff', regionCode: A.street }]);
  agents.org_member = await sign(
    Object.values(teams).map((byRole) => ({ role: 'org_member' as const, regionCode: A.street, organizationId: byRole.org_member })),
  );
});
afterAll(() => t.close());

async function expectRefused(res: { status: number; json(): any }, field: string, before: unknown, id: string) {
  expect(res.status).toBe(400);
  expect(res.json().error.fields).toEqual([expect.objectContaining({ field, problem: 'field_not_writable' })]);
  expect(await rowOf(id)).toEqual(before);
}

describe('which organisation fields each role may set (registry.policy WRITABLE_FIELDS)', () => {
  for (const [field, value, allowed] of TEAM_FIELDS) {
    for (const role of ['official', 'centre_staff', 'org_member'] as Role[]) {
      const may = allowed.includes(role);
      it(`${role} ${may ? 'sets' : 'may not set'} ${field} on a draft team`, async () => {
        const id = teams[field][role];
        const before = await rowOf(id);
        const res = await agents[role].patch(`/api/registry/organizations/${id}`, { [field]: value() });
        if (may) {
          expect(res.status, res.body).toBe(200);
          expect(await rowOf(id)).not.toEqual(before);
        } else {
          await expectRefused(res, field, before, id);
        }
      });
    }
  }

  for (const [field, body, allowed] of ORG_FIELDS) {
    for (const role of ['official', 'centre_staff'] as Role[]) {
      const may = allowed.includes(role);
      it(`${role} ${may ? 'sets' : 'may not set'} ${field} on a registered organisation`, async () => {
        const { id } = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
        const before = await rowOf(id);
        const res = await agents[role].patch(`/api/registry/organizations/${id}`, body());
        if (may) {
          expect(res.status, res.body).toBe(200);
          expect(await rowOf(id)).not.toEqual(before);
        } else {
          await expectRefused(res, field, before, id);
        }
      });
    }
  }

  it('names the field in the three languages', async () => {
    const id = teams.registrationLevel.org_member;
    const messages: Record<string, string> = { 'zh-CN': '登记级别不能由您修改', en: 'You may not change', 'zh-TW': '不能由您修改' };
    for (const [locale, text] of Object.entries(messages)) {
      const res = await agents.org_member.patch(`/api/registry/organizations/${id}`, { registrationLevel: 'street' }, { 'accept-language': locale });
      expect(res.status).toBe(400);
      expect(res.json().error.fields[0].message).toContain(text);
    }
  });

  it('refuses the whole PATCH when one field is not writable, saving none of it', async () => {
    const { id } = await makeOrganization(t.db, A.street, { name: '混合修改' });
    const member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: id }])).username, PASSWORD);
    const before = await rowOf(id);
    const res = await member.patch(`/api/registry/organizations/${id}`, { venue: '新场地', registrationLevel: 'street', regionCode: A.community });
    expect(res.status).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['regionCode', 'registrationLevel']);
    expect(await rowOf(id)).toEqual(before);
  });

  it('accepts a locked field sent back unchanged, as the edit form sends the whole record', async () => {
    const { id } = await makeOrganization(t.db, A.street, { registrationLevel: 'street' });
    const member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: id }])).username, PASSWORD);
    const res = await member.patch(`/api/registry/organizations/${id}`, { venue: '老地方', registrationLevel: 'street', regionCode: A.street, status: 'draft' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization).toMatchObject({ venue: '老地方', registrationLevel: 'street' });
  });

  it('refuses centre staff creating a record with an official-only field, creating nothing', async () => {
    const body = { regionCode: A.street, legalForm: 'social_group', name: '带登记级别的新社团', uscc: makeUscc(A.street), registrationLevel: 'district' };
    const count = async () => rowsOf(await t.db.execute(sql`select count(*)::int as n from registry_organizations`))[0].n;
    const before = await count();
    const res = await agents.centre_staff.post('/api/registry/organizations', body);
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'registrationLevel', problem: 'field_not_writable' })]);
    expect(await count()).toBe(before);
    const ok = await agents.official.post('/api/registry/organizations', { ...body, uscc: makeUscc(A.street) });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json().organization.registrationLevel).toBe('district');
  });

  it('clears the leader\'s phone and ID number on null, as the edit form\'s "clear" sends', async () => {
    const { id } = await makeOrganization(t.db, A.street, { leaderPhone: '13900003333', leaderIdNumber: makeIdNumber('19700101') });
    const member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: id }])).username, PASSWORD);
    const res = await member.patch(`/api/registry/organizations/${id}`, { leaderPhone: null, leaderIdNumber: null });
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization).toMatchObject({ leaderPhone: null, leaderIdNumber: null });
    expect(await rowOf(id)).toMatchObject({ leader_phone: null, leader_id_number: null, leader_id_number_hash: null });
  });

  it('tells the web app which fields the reader may set, by role and state', async () => {
    const draft = teams.name.org_member;
    const forMember = (await agents.org_member.get(`/api/registry/organizations/${draft}`)).json().abilities.editableFields;
    expect([...forMember].sort()).toEqual(TEAM_FIELDS.filter(([, , r]) => r.includes('org_member')).map(([f]) => f).sort());
    const forStaff = (await agents.centre_staff.get(`/api/registry/organizations/${draft}`)).json().abilities.editableFields;
    expect(forStaff).toContain('regionCode');
    expect(forStaff).not.toContain('registrationLevel');
    const forOfficial = (await agents.official.get(`/api/registry/organizations/${draft}`)).json().abilities.editableFields;
    expect(forOfficial).toEqual(expect.arrayContaining(['registrationLevel', 'status', 'usccOverrideReason']));
    // Grade, stars and stage are no fields of an edit (service/grades.ts, star-ratings.ts, stages.ts).
    expect(forOfficial).not.toEqual(expect.arrayContaining(['grade']));
    expect(forOfficial.filter((f: string) => ['grade', 'gradeValidUntil', 'starRating', 'stage'].includes(f))).toEqual([]);

    // Once the team is filed, its own members change it only through a change filing.
    const filed = await makeOrganization(t.db, A.street, { status: 'filed' });
    const member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: filed.id }])).username, PASSWORD);
    const detail = (await member.get(`/api/registry/organizations/${filed.id}`)).json().abilities;
    expect(detail).toMatchObject({ edit: false, editableFields: [] });
    expect((await member.patch(`/api/registry/organizations/${filed.id}`, { venue: 'x' })).status).toBe(403);
  });
});
