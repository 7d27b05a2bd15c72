import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeMember, makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { maskPayload } from './registry.present.js';
import { registryOrganizations } from './registry.tables.js';

let t: TestApp;
let staff: Agent;
let official: Agent;
let member: Agent;
let teamId: string;
const OLD_PHONE = '13812345678';
const NEW_PHONE = '13987654321';

beforeAll(async () => {
  t = await buildTestApp();
  const A = await makeRegionTree(t.db);
  teamId = (
    await makeOrganization(t.db, A.street, {
      status: 'filed',
      filingNumber: `${A.street.slice(0, 9)}-2022-0001`,
      leaderName: '赵队长',
      leaderPhone: OLD_PHONE,
      // A filed team is 三清 (three-clear.test.ts): a change filing is checked against the rule.
      activityContent: '广场舞',
      venue: '社区广场',
    })
  ).id;
  await makeMember(t.db, { id: teamId, regionCode: A.street });
  const sign = async (grant: Parameters<typeof makeUser>[1][number]) => signIn(t.app, (await makeUser(t.db, [grant])).username, PASSWORD);
  staff = await sign({ role: 'centre_staff', regionCode: A.street });
  official = await sign({ role: 'official', regionCode: A.district });
  member = await sign({ role: 'org_member', regionCode: A.street, organizationId: teamId });
});
afterAll(() => t.close());

const expectNoWholePhone = (body: string, where: string) => {
  expect(body, where).not.toContain(OLD_PHONE);
  expect(body, where).not.toContain(NEW_PHONE);
};

describe('personal data in a change filing', () => {
  it('masks the old and new phone wherever the filing is shown, and still applies the whole number', async () => {
    const res = await member.post(`/api/registry/organizations/${teamId}/filing/change`, { changes: { leaderPhone: NEW_PHONE }, comment: '换负责人电话' });
    expect(res.status, res.body).toBe(200);
    expectNoWholePhone(res.body, 'change response');
    expect(res.json().payload).toEqual({ changes: { leaderPhone: '139****4321' }, current: { leaderPhone: '138****5678' } });
    const filingId = res.json().id;

    for (const [who, agent] of [['staff', staff], ['member', member], ['official', official]] as const) {
      for (const url of [
        `/api/registry/organizations/${teamId}`,
        '/api/registry/filings',
        '/api/registry/filings?state=submitted',
        `/api/registry/filings/${filingId}`,
      ]) {
        const read = await agent.get(url);
        expect(read.status, `${who} ${url}`).toBe(200);
        expectNoWholePhone(read.body, `${who} ${url}`);
      }
    }

    const approved = await official.post(`/api/registry/filings/${filingId}/approve`, {});
    expect(approved.status, approved.body).toBe(200);
    expectNoWholePhone(approved.body, 'approve response');
    expect(approved.json().organization.leaderPhone).toBe('139****4321');
    // Masking is for the way out only: the record takes the number the team asked for.
    const [row] = await t.db.select({ phone: registryOrganizations.leaderPhone }).from(registryOrganizations).where(eq(registryOrganizations.id, teamId));
    expect(row.phone).toBe(NEW_PHONE);
  });

  it('masks phones and ID numbers at any depth of a payload', () => {
    expect(
      maskPayload({
        changes: { leaderIdNumber: '310107195001011234', name: '新名' },
        members: [{ phone: '13700001111', idNumber: '31010719500101123X' }],
        reason: '停止活动',
      }),
    ).toEqual({
      changes: { leaderIdNumber: '310***********1234', name: '新名' },
      members: [{ phone: '137****1111', idNumber: '310***********123X' }],
      reason: '停止活动',
    });
  });
});
