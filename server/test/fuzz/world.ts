/**
 * The fixtures a fuzz run writes against: two region trees (A, where the actors work, and B,
 * outside their scope), organisations in every state the workflow routes care about, members,
 * filings waiting for review, a category, a file, users to administer, the funding pipeline's records
 * (funding-world.ts), the volunteers' (volunteers-world.ts), and one signed-in actor per kind of
 * grant. `Ref`s from the generators resolve into these pools.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { signIn, type Agent, type TestApp } from '../build-app.js';
import { makeRegionTree } from '../../src/modules/regions/regions.factories.js';
import { makeCategory, makeMember, makeOrganization, makeUscc } from '../../src/modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../../src/modules/users/users.factories.js';
import { PNG_BYTES } from '../helpers.js';
import type { PoolName, Ref } from './from-schema.js';
import { buildFundingWorld } from './funding-world.js';
import { buildVolunteersWorld } from './volunteers-world.js';

export interface Actor {
  name: string;
  agent: Agent;
}

export interface World {
  pools: Record<PoolName, string[]>;
  /** Signed in once; the fuzz never sends them a logout or a change to their own account. */
  actors: Actor[];
  regionA: Awaited<ReturnType<typeof makeRegionTree>>;
  /** What went wrong building the fixtures through the API; the suite fails on any. */
  setupProblems: string[];
}

export function resolveRef(world: World, r: Ref): string {
  const pool = world.pools[r.pool];
  return pool[r.index % pool.length];
}

let serial = 0;
const uniq = () => ++serial;

async function submittedFiling(t: TestApp, staff: Agent, regionCode: string) {
  const team = await makeOrganization(t.db, regionCode, { name: `待审团队${uniq()}`, activityContent: '每周练习', venue: '社区活动室', leaderName: '李四' });
  await makeMember(t.db, team, { phone: '13900001111' });
  const res = await staff.post(`/api/registry/organizations/${team.id}/filing/submit`, {});
  expect(res.status, res.body).toBe(200);
  return { team, filingId: res.json().id as string };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const setupProblems: string[] = [];
  const A = await makeRegionTree(t.db);
  const B = await makeRegionTree(t.db);
  const category = await makeCategory(t.db);
  const category2 = await makeCategory(t.db);
  const team = await makeOrganization(t.db, A.street, { activityContent: '合唱', venue: '活动室', leaderName: '赵六', categoryId: category.id });
  const filed = await makeOrganization(t.db, A.street, {
    status: 'filed',
    filingNumber: `${A.street.slice(0, 9)}-2020-${String(uniq()).padStart(4, '0')}`,
    activityContent: '舞蹈',
    venue: '广场',
    leaderName: '钱七',
  });
  const registered = await makeOrganization(t.db, A.district, { legalForm: 'social_group', uscc: makeUscc(A.district) });
  const communityTeam = await makeOrganization(t.db, A.community, { name: `社区团队${uniq()}` });
  const teamB = await makeOrganization(t.db, B.street, { activityContent: 'x', venue: 'y', leaderName: 'z' });
  const members = [];
  for (const owner of [team, team, team, filed, filed, teamB]) members.push((await makeMember(t.db, owner, { phone: '13800000000' })).id);

  const users = {
    official: await makeUser(t.db, [{ role: 'official', regionCode: A.cityLevel }]),
    staff: await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]),
    member: await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: team.id }]),
    admin: await makeUser(t.db, [{ role: 'platform_admin', regionCode: A.city }]),
    // Experts, monitors and evaluators: routes that only an assigned reviewer may call.
    reviewer: await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]),
  };
  const reviewer2 = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  const reviewerB = await makeUser(t.db, [{ role: 'reviewer', regionCode: B.district }]);
  const victims = [
    reviewer2,
    await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street2 }]),
    await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: filed.id }]),
    await makeUser(t.db, [{ role: 'official', regionCode: A.district }]),
    await makeUser(t.db, [{ role: 'official', regionCode: B.district }]),
  ];
  const actors: Actor[] = [];
  for (const [name, user] of Object.entries(users)) actors.push({ name, agent: await signIn(t.app, user.username, PASSWORD) });
  const staff = actors.find((a) => a.name === 'staff')!.agent;

  const pending = [];
  for (let i = 0; i < 4; i++) pending.push(await submittedFiling(t, staff, A.street));
  const staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.street }])).username, PASSWORD);
  const pendingB = await submittedFiling(t, staffB, B.street);
  const upload = await staff.upload(`/api/files?regionCode=${A.street}`, 'file', 'seal.png', PNG_BYTES, 'image/png');
  if (upload.status !== 200) setupProblems.push(`uploading the fixture file: ${upload.status} ${upload.body}`);
  // A photo of the member's own, for the progress reports it sends.
  const photo = await actors.find((a) => a.name === 'member')!.agent.upload('/api/files', 'file', 'activity.png', PNG_BYTES, 'image/png');
  if (photo.status !== 200) setupProblems.push(`uploading the member's photo: ${photo.status} ${photo.body}`);
  const files = [upload, photo].filter((r) => r.status === 200).map((r) => r.json().id as string);

  const other = await makeOrganization(t.db, A.street, { name: `邻居机构${uniq()}`, legalForm: 'social_service_agency', status: 'registered' });
  const funding = await buildFundingWorld(
    t,
    {
      A,
      B,
      team,
      other,
      teamB,
      staff,
      staffB,
      reviewer: { id: users.reviewer.id, agent: actors.find((a) => a.name === 'reviewer')!.agent },
      reviewer2,
      reviewerB,
    },
    setupProblems,
  );

  const volunteers = await buildVolunteersWorld(t, { A, B, team, other, staff }, setupProblems);
  // A volunteer with an ACTIVE record: the routes only a volunteer calls (sign-up, scan, /volunteers/me).
  actors.push({ name: 'volunteer', agent: volunteers.volunteerActor });

  const organizations = [team.id, other.id, filed.id, registered.id, communityTeam.id, teamB.id, ...pending.map((p) => p.team.id), pendingB.team.id];
  const filings = [...pending.map((p) => p.filingId), pendingB.filingId];
  const pools: Record<PoolName, string[]> = {
    region: [A.city, A.cityLevel, A.district, A.street, A.street2, A.community, A.community2],
    foreignRegion: [B.district, B.street, B.community],
    organization: organizations,
    member: members,
    filing: filings,
    user: victims.map((u) => u.id),
    category: [category.id, category2.id],
    file: [...files, ...(files.length ? [] : [randomUUID()])],
    anyId: [],
    orgName: [team.name, filed.name, filed.filingNumber!, registered.uscc!, teamB.name, '不存在的团队'],
    uscc: [makeUscc(A.district), makeUscc(A.street), registered.uscc!, '91310000MA1FL0000X'],
    ...funding,
    ...volunteers.fx,
    // Path parameters of the working-day calendar, and the versions of a proposal.
    date: ['2026-10-01', '2026-10-10', '2027-02-14', '2026-02-30'],
    year: ['2026', '2027', '1999'],
    version: ['1', '2'],
  };
  pools.anyId = [...organizations, ...members, ...filings, ...pools.user, ...pools.category, ...pools.file, ...Object.values(funding).flat(), ...Object.values(volunteers.fx).flat()];
  return { pools, actors, regionA: A, setupProblems };
}
