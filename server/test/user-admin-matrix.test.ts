/**
 * THE USER-ADMINISTRATION MATRIX: who may change whose account. An account is administered only
 * by an actor who could have given every grant it holds (region inside the actor's user.manage
 * scope, role in GRANTABLE_ROLES) and who manages its home region; never by the account itself.
 * Every refusal must leave the target, its sessions and every table as they were.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRANTABLE_ROLES, ROLES, type Role } from '../../shared/roles.js';
import { roleHas } from '../../shared/permissions.js';
import { regions, userGrants, users } from '../src/core/core.tables.js';
import { rowsOf } from '../src/db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from './build-app.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeOrganization } from '../src/modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';
import { dbSnapshot } from './helpers.js';

type Grant = { role: Role; regionCode: string; organizationId?: string | null };
type ActorKey = 'city' | 'district' | 'street' | 'centre' | 'member';
type TargetKey = 'inside' | 'twoCities' | 'admin' | 'otherDistrict' | 'twoStreets' | 'foreign' | 'homeOutside' | 'peerDistrict';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
/** Regions beside A's: another city of A's province, another district of A's city. */
let otherCity: string;
let otherDistrict: string;
let orgA: string;
let orgB: string;
const actors = {} as Record<ActorKey, { id: string; agent: Agent }>;
const targets = {} as Record<TargetKey, { id: string; username: string; grants: Grant[] }>;
let n = 0;

async function target(home: string, grants: Grant[]) {
  const u = await makeUser(t.db, grants, { username: `target${++n}` });
  if (home !== grants[0].regionCode) await t.db.update(users).set({ homeRegionCode: home }).where(eq(users.id, u.id));
  return { id: u.id, username: u.username, grants };
}

/** Everything a refused call could have changed about one account. */
async function accountState(id: string) {
  const [row] = await t.db.select().from(users).where(eq(users.id, id));
  const grants = await t.db.select().from(userGrants).where(eq(userGrants.userId, id)).orderBy(userGrants.id);
  const [{ sessions }] = rowsOf<{ sessions: number }>(await t.db.execute(sql`select count(*)::int as sessions from sessions where user_id = ${id}`));
  return { row, grants, sessions };
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  otherCity = `${A.city.slice(0, 2)}0200000000`;
  const ownDistrict = A.district.slice(4, 6);
  otherDistrict = `${A.cityLevel.slice(0, 4)}${ownDistrict === '99' ? '98' : '99'}000000`;
  await t.db.insert(regions).values([
    { code: otherCity, parentCode: A.city, name: '邻市', level: 'city' },
    { code: otherDistrict, parentCode: A.cityLevel, name: '邻区', level: 'district' },
  ]);
  orgA = (await makeOrganization(t.db, A.street)).id;
  orgB = (await makeOrganization(t.db, B.street)).id;

  const actorGrants: Record<ActorKey, Grant> = {
    city: { role: 'official', regionCode: A.cityLevel },
    district: { role: 'official', regionCode: A.district },
    street: { role: 'official', regionCode: A.street },
    centre: { role: 'centre_staff', regionCode: A.district },
    member: { role: 'org_member', regionCode: A.street, organizationId: orgA },
  };
  for (const [key, grant] of Object.entries(actorGrants) as [ActorKey, Grant][]) {
    const u = await makeUser(t.db, [grant], { username: `actor.${key}` });
    actors[key] = { id: u.id, agent: await signIn(t.app, u.username, PASSWORD) };
  }

  targets.inside = await target(A.street, [{ role: 'centre_staff', regionCode: A.community }]);
  targets.twoCities = await target(A.street, [
    { role: 'centre_staff', regionCode: A.street },
    { role: 'centre_staff', regionCode: otherCity },
  ]);
  targets.admin = await target(A.street, [{ role: 'platform_admin', regionCode: A.street }]);
  targets.otherDistrict = await target(A.street, [
    { role: 'centre_staff', regionCode: A.street },
    { role: 'volunteer', regionCode: otherDistrict },
  ]);
  targets.twoStreets = await target(A.street, [
    { role: 'volunteer', regionCode: A.street },
    { role: 'volunteer', regionCode: A.street2 },
  ]);
  targets.foreign = await target(B.street, [{ role: 'centre_staff', regionCode: B.street }]);
  targets.homeOutside = await target(B.street, [{ role: 'centre_staff', regionCode: A.street }]);
  targets.peerDistrict = await target(A.street, [{ role: 'official', regionCode: A.district }]);
  // Targets are signed in, so a refused deactivation or reset visibly keeps their sessions.
  for (const key of Object.keys(targets) as TargetKey[]) await signIn(t.app, targets[key].username, PASSWORD);
});
afterAll(() => t.close());

/** Which targets each actor must NOT be able to administer, and the answer it gets. */
const REFUSED: Record<ActorKey, { status: 403 | 404; targets: TargetKey[] }> = {
  city: { status: 404, targets: ['twoCities', 'admin', 'foreign', 'homeOutside'] },
  district: { status: 404, targets: ['twoCities', 'admin', 'otherDistrict', 'foreign', 'homeOutside'] },
  street: { status: 404, targets: ['twoCities', 'admin', 'otherDistrict', 'twoStreets', 'foreign', 'homeOutside', 'peerDistrict'] },
  // Without user.manage, the route itself is refused, whoever the target.
  centre: { status: 403, targets: ['inside', 'twoCities', 'admin', 'otherDistrict', 'twoStreets', 'foreign', 'homeOutside', 'peerDistrict'] },
  member: { status: 403, targets: ['inside', 'twoCities', 'admin', 'otherDistrict', 'twoStreets', 'foreign', 'homeOutside', 'peerDistrict'] },
};

/** Each way of taking over or disabling an account; `grants` narrows it into the actor's own area. */
const OPERATIONS: Record<string, () => Record<string, unknown>> = {
  displayName: () => ({ displayName: '被改名' }),
  password: () => ({ password: 'Takeover99' }),
  deactivate: () => ({ active: false }),
  grants: () => ({ grants: [{ role: 'centre_staff', regionCode: A.street }] }),
  escalate: () => ({ grants: [{ role: 'platform_admin', regionCode: A.street }] }),
};

describe('administering an account beyond one’s reach', () => {
  for (const [actor, { status, targets: refused }] of Object.entries(REFUSED) as [ActorKey, (typeof REFUSED)[ActorKey]][]) {
    it(`${actor}: every operation on ${refused.join(', ')} is ${status} and changes nothing`, async () => {
      const before = await dbSnapshot(t.db);
      for (const key of refused) {
        const state = await accountState(targets[key].id);
        for (const [op, body] of Object.entries(OPERATIONS)) {
          const res = await actors[actor].agent.patch(`/api/users/${targets[key].id}`, body());
          expect(res.status, `${actor} ${op} ${key}: ${res.body}`).toBe(status);
          expect(await accountState(targets[key].id), `${actor} ${op} ${key}`).toEqual(state);
        }
      }
      expect(await dbSnapshot(t.db)).toEqual(before);
      // The refused resets left every password as it was.
      for (const key of refused) expect((await signIn(t.app, targets[key].username, PASSWORD)).csrfToken).toBeTruthy();
    });
  }

  it('officials: their own grants, active flag and password are refused, naming the field', async () => {
    for (const actor of ['city', 'district', 'street'] as const) {
      const { id, agent } = actors[actor];
      const state = await accountState(id);
      for (const [field, body] of [
        ['password', { password: 'Takeover99' }],
        ['active', { active: false }],
        ['grants', { grants: [{ role: 'official', regionCode: A.cityLevel }] }],
      ] as const) {
        const res = await agent.patch(`/api/users/${id}`, body);
        expect(res.status, `${actor} own ${field}`).toBe(400);
        expect(res.json().error.fields).toEqual([expect.objectContaining({ field, problem: 'own_account' })]);
      }
      expect(await accountState(id)).toEqual(state);
    }
  });
});

describe('giving grants beyond one’s reach', () => {
  const ESCALATIONS: { name: string; grants: () => Grant[]; field: string; problem: string; only?: ActorKey[] }[] = [
    { name: 'platform admin', grants: () => [{ role: 'platform_admin', regionCode: A.street }], field: 'grants.0.role', problem: 'role_not_grantable' },
    { name: 'another city', grants: () => [{ role: 'centre_staff', regionCode: otherCity }], field: 'grants.0.regionCode', problem: 'region_out_of_scope' },
    { name: 'another province', grants: () => [{ role: 'volunteer', regionCode: B.street }], field: 'grants.0.regionCode', problem: 'region_out_of_scope' },
    {
      name: 'a second grant outside',
      grants: () => [{ role: 'centre_staff', regionCode: A.street }, { role: 'centre_staff', regionCode: B.district }],
      field: 'grants.1.regionCode',
      problem: 'region_out_of_scope',
    },
    {
      name: 'an organisation outside, under an area inside',
      grants: () => [{ role: 'org_member', regionCode: A.street, organizationId: orgB }],
      field: 'grants.0.organizationId',
      problem: 'organization_unknown',
    },
    {
      name: 'an organisation outside, with its area',
      grants: () => [{ role: 'org_member', regionCode: B.street, organizationId: orgB }],
      field: 'grants.0.regionCode',
      problem: 'region_out_of_scope',
    },
    { name: 'another district', grants: () => [{ role: 'official', regionCode: otherDistrict }], field: 'grants.0.regionCode', problem: 'region_out_of_scope', only: ['district', 'street'] },
    { name: 'above its street', grants: () => [{ role: 'official', regionCode: A.district }], field: 'grants.0.regionCode', problem: 'region_out_of_scope', only: ['street'] },
  ];

  for (const actor of ['city', 'district', 'street', 'centre', 'member'] as const) {
    const manages = actor === 'city' || actor === 'district' || actor === 'street';
    it(`${actor}: PATCH and POST with grants it may not give are ${manages ? 400 : 403} and change nothing`, async () => {
      const { agent } = actors[actor];
      const before = await dbSnapshot(t.db);
      const state = await accountState(targets.inside.id);
      for (const e of ESCALATIONS.filter((x) => !x.only || x.only.includes(actor))) {
        const patch = await agent.patch(`/api/users/${targets.inside.id}`, { grants: e.grants() });
        const post = await agent.post('/api/users', {
          username: `escalated.${actor}.${++n}`,
          displayName: '越权用户',
          password: 'Passw0rd99',
          homeRegionCode: A.street,
          grants: e.grants(),
        });
        for (const [verb, res] of [['PATCH', patch], ['POST', post]] as const) {
          expect(res.status, `${actor} ${verb} ${e.name}: ${res.body}`).toBe(manages ? 400 : 403);
          if (manages) expect(res.json().error.fields, `${actor} ${verb} ${e.name}`).toContainEqual(expect.objectContaining({ field: e.field, problem: e.problem }));
        }
      }
      if (manages) {
        const home = await agent.post('/api/users', {
          username: `escalated.${actor}.${++n}`,
          displayName: '越区用户',
          password: 'Passw0rd99',
          homeRegionCode: B.street,
          grants: [{ role: 'volunteer', regionCode: A.street }],
        });
        expect(home.status).toBe(400);
        expect(home.json().error.fields).toContainEqual(expect.objectContaining({ field: 'homeRegionCode', problem: 'region_out_of_scope' }));
      }
      expect(await accountState(targets.inside.id)).toEqual(state);
      expect(await dbSnapshot(t.db)).toEqual(before);
    });
  }

  it('names the refused role in each language', async () => {
    const body = { grants: [{ role: 'platform_admin', regionCode: A.street }] };
    const expected = { 'zh-CN': /角色：您无权授予该角色/, en: /role: you may not grant this role/i, 'zh-TW': /角色：您無權授予該角色/ };
    for (const [lang, message] of Object.entries(expected)) {
      const res = await actors.district.agent.patch(`/api/users/${targets.inside.id}`, body, { 'accept-language': lang });
      expect(res.status).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'grants.0.role', problem: 'role_not_grantable', message: expect.stringMatching(message) }]);
    }
  });
});

describe('administering an account within reach', () => {
  it('lists every user of the area, marking the ones the actor may change', async () => {
    const res = await actors.street.agent.get('/api/users?pageSize=200');
    expect(res.status).toBe(200);
    const manageable = Object.fromEntries(res.json().items.map((u: { id: string; manageable: boolean }) => [u.id, u.manageable]));
    expect(manageable[targets.inside.id]).toBe(true);
    for (const key of REFUSED.street.targets.filter((k) => k !== 'foreign' && k !== 'homeOutside')) {
      expect(manageable[targets[key].id], key).toBe(false);
    }
    expect(manageable[actors.street.id]).toBe(false);
    expect(manageable[targets.foreign.id]).toBeUndefined();
  });

  it('lets each official edit, re-grant, reset and deactivate an account inside its reach', async () => {
    for (const actor of ['city', 'district', 'street'] as const) {
      const { agent } = actors[actor];
      const u = await target(A.street, [{ role: 'centre_staff', regionCode: A.street }]);
      expect((await agent.patch(`/api/users/${u.id}`, { displayName: '新名字' })).status).toBe(200);
      const regrant = await agent.patch(`/api/users/${u.id}`, { grants: [{ role: 'official', regionCode: A.street }, { role: 'org_member', regionCode: A.street, organizationId: orgA }] });
      expect(regrant.status, regrant.body).toBe(200);
      expect(regrant.json().manageable).toBe(true);
      expect((await agent.patch(`/api/users/${u.id}`, { password: 'NewPassw0rd1' })).status).toBe(200);
      expect((await signIn(t.app, u.username, 'NewPassw0rd1')).csrfToken).toBeTruthy();
      expect((await agent.patch(`/api/users/${u.id}`, { active: false })).status).toBe(200);
    }
    // Reach depends on level: the district reaches both streets, the city a neighbouring district.
    expect((await actors.district.agent.patch(`/api/users/${targets.twoStreets.id}`, { displayName: '区里改名' })).status).toBe(200);
    expect((await actors.city.agent.patch(`/api/users/${targets.otherDistrict.id}`, { displayName: '市里改名' })).status).toBe(200);
    // Its own name (not its grants) an official may change here.
    expect((await actors.street.agent.patch(`/api/users/${actors.street.id}`, { displayName: '街道官员' })).status).toBe(200);
  });

  it('ends an account’s sessions when its grants change, not when it is renamed with the same grants', async () => {
    const { agent } = actors.district;
    const grants: Grant[] = [
      { role: 'centre_staff', regionCode: A.street },
      { role: 'org_member', regionCode: A.street, organizationId: orgA },
    ];
    const u = await target(A.street, grants);
    const session = await signIn(t.app, u.username, PASSWORD);
    const before = await accountState(u.id);
    // The web app used to send the grants with every save: the same set, in another order, is no change.
    const renamed = await agent.patch(`/api/users/${u.id}`, { displayName: '只改名字', grants: [grants[1], { ...grants[0], organizationId: null }] });
    expect(renamed.status, renamed.body).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    const after = await accountState(u.id);
    expect(after.grants).toEqual(before.grants);
    expect(after.sessions).toBe(before.sessions);

    const regranted = await agent.patch(`/api/users/${u.id}`, { grants: [grants[0]] });
    expect(regranted.status, regranted.body).toBe(200);
    expect(regranted.json().grants).toEqual([{ ...grants[0], organizationId: null }]);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await accountState(u.id)).sessions).toBe(0);
  });

  it('lets a platform admin covering both cities administer an account holding grants in both, and make admins', async () => {
    const admin = await makeUser(t.db, [{ role: 'platform_admin', regionCode: A.city }, { role: 'platform_admin', regionCode: B.city }]);
    const agent = await signIn(t.app, admin.username, PASSWORD);
    const res = await agent.patch(`/api/users/${targets.twoCities.id}`, { grants: [...targets.twoCities.grants, { role: 'platform_admin', regionCode: B.street }] });
    expect(res.status, res.body).toBe(200);
    expect(res.json().grants).toHaveLength(3);
  });
});

describe('the grantable-roles table', () => {
  it('lets only roles that manage users grant, and only platform admins make platform admins', () => {
    for (const role of ROLES) {
      if (!roleHas(role, 'user.manage')) expect(GRANTABLE_ROLES[role], role).toEqual([]);
      if (role !== 'platform_admin') expect(GRANTABLE_ROLES[role], role).not.toContain('platform_admin');
    }
    expect(GRANTABLE_ROLES.platform_admin).toEqual(ROLES);
  });
});
