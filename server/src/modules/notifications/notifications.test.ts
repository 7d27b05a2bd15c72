import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { dbSnapshot } from '../../../test/helpers.js';
import type { Ctx } from '../../core/actor.js';
import { FakeClock } from '../../core/jobs/clock.js';
import { jobActor, runJobOnce } from '../../core/jobs/scheduler.js';
import { jobRuns } from '../../core/jobs/jobs.tables.js';
import { mutate } from '../../core/write-unit.js';
import { registryMonthlyReports, registryOrganizations } from '../registry/registry.tables.js';
import { notify, notifyFiling } from './notifications.service.js';
import { notifications } from './notifications.tables.js';
import { gradeExpiryJob, reportReminderJob } from './reminder-jobs.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let ctx: Ctx;
const users = {} as Record<'me' | 'other' | 'streetStaff' | 'districtStaff' | 'staffB' | 'official' | 'member' | 'member2' | 'otherTeamMember' | 'inactive', { id: string; username: string }>;
let team: typeof registryOrganizations.$inferSelect;
let otherTeam: typeof registryOrganizations.$inferSelect;
let me: Agent;
let other: Agent;

const inbox = async (userId: string) =>
  t.db
    .select({ kind: notifications.kind, params: notifications.params, link: notifications.link, dedupeKey: notifications.dedupeKey })
    .from(notifications)
    .where(eq(notifications.recipientId, userId))
    .orderBy(notifications.createdAt, notifications.id);
/** Who got a job's notices of a kind (the rows the route tests put in by hand carry no key). */
const recipientsOf = async (kind: string) =>
  new Set(
    (await t.db.select({ id: notifications.recipientId }).from(notifications).where(and(eq(notifications.kind, kind), isNotNull(notifications.dedupeKey)))).map(
      (r) => r.id,
    ),
  );

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  team = await makeOrganization(t.db, A.community, { name: '甲一社区合唱团', status: 'filed' });
  otherTeam = await makeOrganization(t.db, A.community, { name: '甲一社区舞蹈队', status: 'filed' });
  users.me = await makeUser(t.db, [{ role: 'volunteer', regionCode: A.street }]);
  users.other = await makeUser(t.db, [{ role: 'volunteer', regionCode: A.street }]);
  users.streetStaff = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
  users.districtStaff = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  users.staffB = await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.street }]);
  users.official = await makeUser(t.db, [{ role: 'official', regionCode: A.district }]);
  users.member = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: team.id }]);
  users.member2 = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: team.id }]);
  users.otherTeamMember = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: otherTeam.id }]);
  users.inactive = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: team.id }]);
  await t.db.execute(sql`update users set active = false where id = ${users.inactive.id}`);
  me = await signIn(t.app, users.me.username, PASSWORD);
  other = await signIn(t.app, users.other.username, PASSWORD);
  ctx = { db: t.db, actor: jobActor('test'), locale: 'zh-CN', requestId: 'test', writes: t.app.writes };
});
afterAll(() => t.close());

describe('my notifications (routes)', () => {
  let mine: string[];
  let theirs: string;

  beforeAll(async () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 4, 1, 8, minutes));
    const rows = await t.db
      .insert(notifications)
      .values([
        { recipientId: users.me.id, kind: 'filing.approved', params: { organizationName: '一号', filingKind: 'initial' }, link: '/registry/x', createdAt: at(1) },
        { recipientId: users.me.id, kind: 'filing.approved', params: { organizationName: '二号', filingKind: 'initial' }, link: '/registry/y', createdAt: at(2) },
        { recipientId: users.me.id, kind: 'report.reminder', params: { organizationName: '三号', month: '2026-05' }, link: null, createdAt: at(3) },
        { recipientId: users.other.id, kind: 'report.reminder', params: { organizationName: '别人的', month: '2026-05' }, link: null, createdAt: at(4) },
      ])
      .returning({ id: notifications.id });
    mine = rows.slice(0, 3).map((r) => r.id);
    theirs = rows[3].id;
  });

  it('lists only my own, newest first, with my unread count', async () => {
    const res = await me.get('/api/notifications');
    expect(res.status, res.body).toBe(200);
    const body = res.json();
    expect(body.items.map((n: { id: string }) => n.id)).toEqual([mine[2], mine[1], mine[0]]);
    expect(body).toMatchObject({ total: 3, unread: 3 });
    expect(body.items[0]).toEqual({
      id: mine[2],
      kind: 'report.reminder',
      params: { organizationName: '三号', month: '2026-05' },
      link: null,
      createdAt: '2026-05-01T08:03:00.000Z',
      readAt: null,
    });
    expect(JSON.stringify(body)).not.toContain('别人的');
  });

  it('marks one read; lists unread ones first or alone; pages', async () => {
    const res = await me.post(`/api/notifications/${mine[2]}/read`);
    expect(res.status, res.body).toBe(200);
    expect(res.json().readAt).toEqual(expect.any(String));
    // Marking it again changes nothing and keeps the first time.
    const again = await me.post(`/api/notifications/${mine[2]}/read`);
    expect(again.json().readAt).toBe(res.json().readAt);

    const unreadFirst = (await me.get('/api/notifications?order=unreadFirst')).json();
    expect(unreadFirst.items.map((n: { id: string }) => n.id)).toEqual([mine[1], mine[0], mine[2]]);
    expect(unreadFirst.unread).toBe(2);
    const unreadOnly = (await me.get('/api/notifications?unreadOnly=true')).json();
    expect(unreadOnly).toMatchObject({ total: 2, unread: 2 });
    const page2 = (await me.get('/api/notifications?pageSize=2&page=2')).json();
    expect(page2.items.map((n: { id: string }) => n.id)).toEqual([mine[0]]);
    expect(page2.total).toBe(3);
  });

  it("answers 404 for someone else's notification and changes nothing", async () => {
    const before = await dbSnapshot(t.db);
    const res = await me.post(`/api/notifications/${theirs}/read`);
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect(res.json().error.message).toContain('通知');
    expect(await dbSnapshot(t.db)).toEqual(before);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.id, theirs));
    expect(row.readAt).toBeNull();
  });

  it('refuses a malformed id or query with a 400 naming the field', async () => {
    const res = await me.post('/api/notifications/not-a-uuid/read');
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0].field).toBe('id');
    const bad = await me.get('/api/notifications?pageSize=1000');
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('pageSize');
  });

  it("marks all of mine read, no one else's", async () => {
    const res = await me.post('/api/notifications/read-all');
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2, unread: 0 });
    expect((await me.get('/api/notifications')).json().unread).toBe(0);
    expect((await other.get('/api/notifications')).json()).toMatchObject({ total: 1, unread: 1 });
    expect((await me.post('/api/notifications/read-all')).json()).toEqual({ updated: 0, unread: 0 });
  });
});

describe('notifications of workflow steps', () => {
  const facts = () => ({ filingId: '00000000-0000-4000-8000-000000000001', filingKind: 'initial', organizationId: team.id, organizationName: team.name, regionCode: team.regionCode });

  it('tells the centre workers whose region holds the team of a submission, leaving out the one who submitted', async () => {
    const asStaff: Ctx = { ...ctx, actor: { id: users.districtStaff.id, username: 'x', displayName: 'x', grants: [] } };
    expect(await mutate(asStaff, (w) => notifyFiling(w, 'submitted', facts()))).toBe(1);
    expect(await inbox(users.streetStaff.id)).toEqual([
      { kind: 'filing.submitted', params: { organizationName: '甲一社区合唱团', filingKind: 'initial' }, link: `/filings/${facts().filingId}`, dedupeKey: null },
    ]);
    for (const u of [users.districtStaff, users.staffB, users.official, users.member]) expect(await inbox(u.id), u.username).toEqual([]);
  });

  it('leaves out a centre worker whose grant is narrowed to another organisation of the region', async () => {
    const narrowed = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street, organizationId: otherTeam.id }]);
    const asStaff: Ctx = { ...ctx, actor: { id: users.districtStaff.id, username: 'x', displayName: 'x', grants: [] } };
    await mutate(asStaff, (w) => notifyFiling(w, 'submitted', facts()));
    expect(await inbox(narrowed.id)).toEqual([]);
  });

  it("tells the team's active members of a return, with the reasons, and of an approval", async () => {
    await mutate(ctx, (w) => notifyFiling(w, 'returned', { ...facts(), comment: '请补充成员名单' }));
    await mutate(ctx, (w) => notifyFiling(w, 'approved', facts()));
    const got = await inbox(users.member.id);
    expect(got.map((n) => [n.kind, n.params.comment ?? null, n.link])).toEqual([
      ['filing.returned', '请补充成员名单', `/registry/${team.id}`],
      ['filing.approved', null, `/registry/${team.id}`],
    ]);
    expect(await inbox(users.member2.id)).toHaveLength(2);
    for (const u of [users.inactive, users.otherTeamMember, users.streetStaff]) {
      expect((await inbox(u.id)).filter((n) => n.kind !== 'filing.submitted'), u.username).toEqual([]);
    }
  });

  it('sends nothing when the step rolls back', async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(notifications);
    await expect(
      mutate(ctx, async (w) => {
        await notify(w, [users.member.id], { kind: 'filing.approved', params: {}, link: null });
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    expect(await t.db.select({ n: sql<number>`count(*)::int` }).from(notifications)).toEqual(before);
  });
});

describe('notifications from the filing workflow itself', () => {
  it('reaches the street centre worker when a team member submits, and the team when the worker returns it', async () => {
    const draft = await makeOrganization(t.db, A.community, { name: '甲一社区书画社', status: 'draft' });
    const leader = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: draft.id }]);
    const leaderAgent = await signIn(t.app, leader.username, PASSWORD);
    const staff = await signIn(t.app, users.streetStaff.username, PASSWORD);
    expect((await leaderAgent.post(`/api/registry/organizations/${draft.id}/members`, { name: '王五', phone: '13900002222' })).status).toBe(200);
    expect((await leaderAgent.patch(`/api/registry/organizations/${draft.id}`, { activityContent: '每周书画练习', venue: '社区活动室', leaderName: '王五' })).status).toBe(200);
    const submitted = await leaderAgent.post(`/api/registry/organizations/${draft.id}/filing/submit`, {});
    expect(submitted.status, submitted.body).toBe(200);
    const filingId = submitted.json().id as string;

    const staffInbox = (await staff.get('/api/notifications')).json();
    expect(staffInbox.items.map((n: { kind: string; link: string }) => [n.kind, n.link])).toContainEqual(['filing.submitted', `/filings/${filingId}`]);
    expect((await leaderAgent.get('/api/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'filing.submitted')).toEqual([]);

    expect((await staff.post(`/api/registry/filings/${filingId}/return`, { comment: '请补充活动照片' })).status).toBe(200);
    const leaderInbox = (await leaderAgent.get('/api/notifications')).json();
    expect(leaderInbox.items.map((n: { kind: string }) => n.kind)).toContain('filing.returned');
    expect(leaderInbox.unread).toBeGreaterThan(0);
  });
});

describe('reminder jobs', () => {
  it('reminds each filed team without its 六个一 report for the month, once, whoever runs it again', async () => {
    const reported = await makeOrganization(t.db, A.community, { name: '已报月报的团队', status: 'filed' });
    const draft = await makeOrganization(t.db, A.community, { name: '草稿团队', status: 'draft' });
    const reportedMember = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: reported.id }]);
    const draftMember = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: draft.id }]);
    await t.db.insert(registryMonthlyReports).values({
      organizationId: reported.id,
      regionCode: reported.regionCode,
      month: '2026-05-01',
      responsiblePerson: true,
      flag: true,
      venuePermit: true,
      meetingHeld: true,
      trainingHeld: true,
    });
    // An April report does not count for May.
    await t.db.insert(registryMonthlyReports).values({
      organizationId: team.id,
      regionCode: team.regionCode,
      month: '2026-04-01',
      responsiblePerson: true,
      flag: true,
      venuePermit: true,
      meetingHeld: true,
      trainingHeld: true,
    });
    const clock = new FakeClock('2026-06-03T01:00:00Z'); // 3 June 09:00 in Shanghai: May is over and owed
    const deps = { db: t.db, writes: t.app.writes, clock };
    expect(await runJobOnce(deps, reportReminderJob)).toBe('ran');
    const reminders = (await inbox(users.member.id)).filter((n) => n.kind === 'report.reminder');
    expect(reminders).toEqual([
      {
        kind: 'report.reminder',
        params: { organizationName: '甲一社区合唱团', month: '2026-05' },
        link: `/registry/${team.id}?tab=reports`,
        dedupeKey: `report.reminder:${team.id}:2026-05`,
      },
    ]);
    expect(await recipientsOf('report.reminder')).toEqual(new Set([users.member.id, users.member2.id, users.otherTeamMember.id]));
    for (const u of [reportedMember, draftMember, users.inactive]) expect(await inbox(u.id)).toEqual([]);

    // The period has run: nothing more, here or elsewhere.
    expect(await runJobOnce(deps, reportReminderJob)).toBe('done');
    // Even forced to run the period again (its run record gone), it adds no second reminder.
    await t.db.delete(jobRuns).where(and(eq(jobRuns.job, reportReminderJob.name), eq(jobRuns.period, '2026-06')));
    expect(await runJobOnce(deps, reportReminderJob)).toBe('ran');
    expect((await inbox(users.member.id)).filter((n) => n.kind === 'report.reminder')).toHaveLength(1);
    const [run] = await t.db.select().from(jobRuns).where(and(eq(jobRuns.job, reportReminderJob.name), eq(jobRuns.period, '2026-06')));
    expect(run.result).toEqual({ month: '2026-05', teams: 2, notices: 0 });
  });

  it('tells an organisation and its centre workers once that its grade runs out within 90 days, and again for a renewed grade', async () => {
    const soon = await makeOrganization(t.db, A.street, { name: '快到期的协会', legalForm: 'social_group', grade: '4A', gradeValidUntil: '2026-07-01' });
    await makeOrganization(t.db, A.street, { name: '还早的协会', legalForm: 'social_group', grade: '3A', gradeValidUntil: '2026-10-01' });
    await makeOrganization(t.db, A.street, { name: '已注销的协会', legalForm: 'social_group', status: 'dissolved', grade: '3A', gradeValidUntil: '2026-06-15' });
    const soonMember = await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: soon.id }]);
    const clock = new FakeClock('2026-05-25T00:00:00Z'); // 08:00 in Shanghai
    const deps = { db: t.db, writes: t.app.writes, clock };
    expect(await runJobOnce(deps, gradeExpiryJob)).toBe('ran');
    const expected = {
      kind: 'grade.expiring',
      params: { organizationName: '快到期的协会', grade: '4A', validUntil: '2026-07-01' },
      link: `/registry/${soon.id}`,
      dedupeKey: `grade.expiring:${soon.id}:2026-07-01`,
    };
    expect(await inbox(soonMember.id)).toEqual([expected]);
    // The street's and the district's centre workers; not area B's, not an official.
    expect(await recipientsOf('grade.expiring')).toEqual(new Set([soonMember.id, users.streetStaff.id, users.districtStaff.id]));

    // The next day's run finds the same organisation and tells no one twice.
    await clock.advance(24 * 3600_000);
    expect(await runJobOnce(deps, gradeExpiryJob)).toBe('ran');
    expect(await inbox(soonMember.id)).toEqual([expected]);

    // A renewed grade (a new date), running out in its turn: told again.
    await t.db.update(registryOrganizations).set({ gradeValidUntil: '2026-08-01' }).where(eq(registryOrganizations.id, soon.id));
    await clock.advance(24 * 3600_000);
    expect(await runJobOnce(deps, gradeExpiryJob)).toBe('ran');
    expect((await inbox(soonMember.id)).map((n) => n.params.validUntil)).toEqual(['2026-07-01', '2026-08-01']);
  });
});
