/**
 * What every domain's matrix fragment works in: two region trees (A, where the records are, and B),
 * A's team, signed-in actors of every role over A's district, and the outsiders of each kind. A
 * fragment adds its own records in its `setup`.
 */
import { expect } from 'vitest';
import { ROLE_REACH, ROLES, type Role } from '../../../shared/roles.js';
import { makeRegionTree, type RegionTree } from '../../src/modules/regions/regions.factories.js';
import { makeMember, makeOrganization } from '../../src/modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../../src/modules/users/users.factories.js';
import { signIn, type Agent, type TestApp } from '../build-app.js';
import type { Outsider, OutsiderKind } from './types.js';

type Organization = Awaited<ReturnType<typeof makeOrganization>>;
type User = Awaited<ReturnType<typeof makeUser>>;

export interface MatrixWorld {
  t: TestApp;
  A: RegionTree;
  B: RegionTree;
  /** A team of A's street: the organisation A's org_member belongs to. */
  team: Organization;
  /** Another team of A's street, with a filing: its member is the sibling outsider. */
  siblingTeam: { id: string; name: string };
  /** Signed-in actors of every role, each granted A's district (the org_member narrowed to `team`). */
  agents: Record<Role, Agent>;
  users: Record<Role, User>;
  /** Centre staff of A's district who builds records through the API (not one of `agents`). */
  staff: Agent;
  outsiders: Record<OutsiderKind, Outsider[]>;
  /** A number no other call returned: for names and codes that must be unique. */
  uniq(): number;
  /** A draft team of A's street, completed and submitted for filing through the API by `staff`. */
  submittedFiling(name: string, attachmentIds?: string[]): Promise<{ filingId: string; teamId: string }>;
}

let serial = 0;

export async function buildMatrixWorld(t: TestApp): Promise<MatrixWorld> {
  const A = await makeRegionTree(t.db);
  const B = await makeRegionTree(t.db);
  const signInAs = async (grant: { role: Role; regionCode: string; organizationId?: string | null }) => {
    const user = await makeUser(t.db, [grant]);
    return { user, agent: await signIn(t.app, user.username, PASSWORD) };
  };
  const staff = (await signInAs({ role: 'centre_staff', regionCode: A.district })).agent;

  async function submittedFiling(name: string, attachmentIds: string[] = []) {
    const team = await makeOrganization(t.db, A.street, { name });
    expect((await staff.post(`/api/registry/organizations/${team.id}/members`, { name: '张三', phone: '13900001111' })).status).toBe(200);
    const patch = await staff.patch(`/api/registry/organizations/${team.id}`, { activityContent: '每周练习', venue: '社区活动室', leaderName: '李四' });
    expect(patch.status, patch.body).toBe(200);
    const res = await staff.post(`/api/registry/organizations/${team.id}/filing/submit`, { attachmentIds });
    expect(res.status, res.body).toBe(200);
    return { filingId: res.json().id as string, teamId: team.id };
  }

  const team = await makeOrganization(t.db, A.street, { name: '甲街道合唱团', activityContent: '合唱', venue: '活动室', leaderName: '赵六' });
  await makeMember(t.db, team);
  const agents = {} as Record<Role, Agent>;
  const users = {} as Record<Role, User>;
  for (const role of ROLES) {
    const { user, agent } = await signInAs({ role, regionCode: A.district, organizationId: role === 'org_member' ? team.id : null });
    agents[role] = agent;
    users[role] = user;
  }

  const outsider = async (kind: OutsiderKind, label: string, role: Role, regionCode: string, organizationId: string | null = null): Promise<Outsider> => {
    const { user, agent } = await signInAs({ role, regionCode, organizationId });
    return { kind, label, role, agent, userId: user.id, regionCode, reachesRegion: ROLE_REACH[role] === 'region', organizationId };
  };
  const teamB = await makeOrganization(t.db, B.street, { name: '乙区团队' });
  const region: Outsider[] = [];
  for (const role of ROLES) {
    // A platform admin works over a whole province: B's.
    const regionCode = role === 'platform_admin' ? B.city : B.district;
    region.push(await outsider('region', `${role}@B`, role, regionCode, role === 'org_member' ? teamB.id : null));
  }
  // The sibling's grant spans A's whole district like A's own member's: only the narrowing to its
  // team keeps A's team away. Its team has a filing, so its lists are not empty.
  const sibling = await submittedFiling('甲街道兄弟团队');
  const siblingOutsider = await outsider('sibling', 'org_member of a sibling team in A', 'org_member', A.district, sibling.teamId);
  const unassigned: Outsider[] = [];
  for (const role of ROLES.filter((r) => ROLE_REACH[r] === 'assigned')) {
    unassigned.push(await outsider('unassigned', `${role}@A with nothing assigned`, role, A.district));
  }

  return {
    t,
    A,
    B,
    team,
    siblingTeam: { id: sibling.teamId, name: '甲街道兄弟团队' },
    agents,
    users,
    staff,
    outsiders: { region, sibling: [siblingOutsider], unassigned },
    uniq: () => ++serial,
    submittedFiling,
  };
}
