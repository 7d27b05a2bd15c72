import type { Role } from '../../../../shared/roles.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { THomeCard } from '../../../../shared/home/schemas.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeMember, makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { lastCompleteMonth } from '../registry/service/reports.js';
import { registryMonthlyReports, registryOrganizations } from '../registry/registry.tables.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let teamId: string;
let draftTeamId: string;
const agentOf = async (role: Role, regionCode: string, organizationId?: string) =>
  signIn(t.app, (await makeUser(t.db, [{ role, regionCode, organizationId }])).username, PASSWORD);
const home = async (agent: Agent) => {
  const res = await agent.get('/api/home');
  expect(res.status, res.body).toBe(200);
  return res.json().cards as THomeCard[];
};
const SIX_ONES = { responsiblePerson: true, flag: true, venuePermit: true, meetingHeld: true, trainingHeld: true };

/** A draft team made complete and submitted by A's street centre, as a team would. */
async function submitted(name: string) {
  const team = await makeOrganization(t.db, A.community, { name, activityContent: '每周排练', venue: '社区活动室', leaderName: '李四' });
  await makeMember(t.db, team);
  const res = await staff.post(`/api/registry/organizations/${team.id}/filing/submit`, {});
  expect(res.status, res.body).toBe(200);
  return { teamId: team.id, filingId: res.json().id as string };
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staff = await agentOf('centre_staff', A.street);
  // Filed teams in A's street: one reported for the last complete month, two not; one in B, not reported.
  const month = lastCompleteMonth();
  const filed = [];
  for (const region of [A.community, A.community, A.street, B.street]) filed.push(await makeOrganization(t.db, region, { status: 'filed' }));
  await t.db.insert(registryMonthlyReports).values({ organizationId: filed[0].id, regionCode: filed[0].regionCode, month: `${month}-01`, ...SIX_ONES });
  teamId = filed[1].id;
  draftTeamId = (await makeOrganization(t.db, A.community, { name: '还在草稿的团队' })).id;
  // Two submissions waiting in A, one of them returned below; one waiting in B.
  await submitted('等待审核的团队');
  const toReturn = await submitted('被退回的团队');
  const res = await staff.post(`/api/registry/filings/${toReturn.filingId}/return`, { comment: '请补充活动场地的使用证明' });
  expect(res.status, res.body).toBe(200);
  const teamB = await makeOrganization(t.db, B.street, { activityContent: '练拳', venue: '广场', leaderName: '王五' });
  await makeMember(t.db, teamB);
  const staffB = await agentOf('centre_staff', B.street);
  expect((await staffB.post(`/api/registry/organizations/${teamB.id}/filing/submit`, {})).status).toBe(200);
});
afterAll(() => t.close());

describe('the home page of each role', () => {
  it('shows a centre worker its review queue and the teams of its region behind on their monthly report', async () => {
    expect(await home(staff)).toEqual([
      { kind: 'filingsToReview', count: 1, link: '/filings' },
      { kind: 'overdueReports', month: lastCompleteMonth(), count: 2, teams: 3, link: '/compliance' },
    ]);
  });

  it("shows an official its region's figures", async () => {
    const cards = await home(await agentOf('official', A.district));
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      kind: 'regionFigures',
      regionCode: A.district,
      regionName: expect.stringContaining('测试区'),
      teams: 3,
      filingQueue: 1,
      complianceMonth: lastCompleteMonth(),
      complianceRate: 33.3,
      link: '/dashboard',
    });
  });

  it('answers an official whose grant is narrowed to one organisation with no region figures, not a 404', async () => {
    const [team] = await t.db.select().from(registryOrganizations).where(eq(registryOrganizations.regionCode, A.community)).limit(1);
    const cards = await home(await agentOf('official', A.district, team.id));
    expect(cards.filter((c) => c.kind === 'regionFigures')).toEqual([]);
  });

  it("shows a team member the report of the month just over, then that it is in", async () => {
    const member = await agentOf('org_member', A.community, teamId);
    const month = lastCompleteMonth();
    const [card] = await home(member);
    expect(card).toMatchObject({ kind: 'teamReport', organizationId: teamId, month, submitted: false, link: `/registry/${teamId}?tab=reports` });
    // 一人负责 is not ticked in a report: it comes from the roster (undefined is left out of the body).
    const body = { month, ...SIX_ONES, responsiblePerson: undefined, reportForm: true, meetingDate: `${month}-10` };
    const res = await member.post(`/api/registry/organizations/${teamId}/reports`, body);
    expect(res.status, res.body).toBe(200);
    expect((await home(member))[0]).toMatchObject({ kind: 'teamReport', submitted: true });
  });

  it("shows a team member its returned filing with the centre's reasons, and a draft team what to do", async () => {
    const [returnedTeam] = await t.db.select().from(registryOrganizations).where(eq(registryOrganizations.name, '被退回的团队'));
    const member = await agentOf('org_member', A.community, returnedTeam.id);
    const cards = await home(member);
    expect(cards).toEqual([
      {
        kind: 'returnedFilings',
        organizationId: returnedTeam.id,
        organizationName: '被退回的团队',
        filings: [{ id: expect.any(String), kind: 'initial', reason: '请补充活动场地的使用证明' }],
        link: `/registry/${returnedTeam.id}?tab=filings`,
      },
    ]);
    // Nothing of any other team.
    expect(JSON.stringify(cards)).not.toContain('等待审核的团队');
    const draftMember = await agentOf('org_member', A.community, draftTeamId);
    expect(await home(draftMember)).toEqual([
      { kind: 'teamFiling', organizationId: draftTeamId, organizationName: '还在草稿的团队', status: 'draft', link: `/registry/${draftTeamId}` },
    ]);
  });

  it('tells a unit in words what it will do here, naming its region; a volunteer, whose work is built, gets no such card', async () => {
    expect(await home(await agentOf('unit', A.street))).toEqual([{ kind: 'roleIntro', role: 'unit', regionName: expect.stringContaining('甲街道') }]);
    expect((await home(await agentOf('volunteer', A.street))).map((c) => c.kind)).not.toContain('roleIntro');
  });

  it('tells a reviewer with nothing assigned that its work will appear here (the funding card, empty)', async () => {
    expect(await home(await agentOf('reviewer', A.street))).toEqual([{ kind: 'fundingReviewerWork', panels: [], contracts: [], contractCount: 0 }]);
  });

  it('shows a new filing in the review queue at once (the cached home is dropped by the write)', async () => {
    expect((await home(staff))[0]).toMatchObject({ kind: 'filingsToReview', count: 1 });
    await submitted('刚提交的团队');
    expect((await home(staff))[0]).toMatchObject({ kind: 'filingsToReview', count: 2 });
  });
});
