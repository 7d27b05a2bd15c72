import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, readWorkbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeApplication, makeCall, makeNeed } from './funding.factories.js';

/** The front's lists as staff use them: sorted and exported calls and applications, topics renamed, closed and paged, a need's history. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let staffB: Agent;
let member: Agent;
let submitter: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const org = await makeOrganization(t.db, A.street);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: org.id }])).username, PASSWORD);
  submitter = await signIn(t.app, (await makeUser(t.db, [{ role: 'volunteer', regionCode: A.street }])).username, PASSWORD);
});
afterAll(() => t.close());

const titles = (res: { json(): { items: { title: string }[] } }) => res.json().items.map((i) => i.title);

describe('calls: sort and export', () => {
  it('sorts by budget and by deadline either way, and exports the same rows in the same order in China time', async () => {
    const region = A.district;
    const soon = new Date(Date.now() + 2 * 86_400_000);
    await makeCall(t.db, region, { title: '排序征集甲', budgetFen: 30_000_000, capFen: null, deadline: new Date(soon.getTime() + 3_000) });
    await makeCall(t.db, region, { title: '排序征集乙', budgetFen: 10_000_000, capFen: null, deadline: new Date(soon.getTime() + 1_000) });
    await makeCall(t.db, region, { title: '排序征集丙', budgetFen: 20_000_000, capFen: null, deadline: new Date(soon.getTime() + 2_000) });
    const ours = (list: string[]) => list.filter((x) => x.startsWith('排序征集'));
    expect(ours(titles(await staff.get(`/api/funding/calls?region=${region}&sort=budgetFen&pageSize=100`)))).toEqual(['排序征集乙', '排序征集丙', '排序征集甲']);
    expect(ours(titles(await staff.get(`/api/funding/calls?region=${region}&sort=-budgetFen&pageSize=100`)))).toEqual(['排序征集甲', '排序征集丙', '排序征集乙']);
    expect(ours(titles(await staff.get(`/api/funding/calls?region=${region}&sort=deadline&pageSize=100`)))).toEqual(['排序征集乙', '排序征集丙', '排序征集甲']);

    const res = await staff.get(`/api/funding/calls/export?region=${region}&sort=-budgetFen`);
    expect(res.status, res.body).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_MIME);
    const sheet = await readWorkbook(res.rawPayload);
    expect(sheet[0]).toEqual(['项目征集', '征集类型', '区划', '年度', '状态', '当前阶段', '总预算（元）', '单个项目资助上限（元）', '申报开始时间（北京时间）', '申报截止时间（北京时间）', '发布时间（北京时间）', '课题']);
    const rows = sheet.slice(1).filter((r) => r[0]!.startsWith('排序征集'));
    expect(rows.map((r) => r[0])).toEqual(['排序征集甲', '排序征集丙', '排序征集乙']);
    expect(rows[0]).toMatchObject({ 1: '公益创投', 4: '已发布', 5: '项目征集', 6: '300000' });
    // The deadline is written as a China wall-clock time, never as UTC.
    const china = new Date(soon.getTime() + 3_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(rows[0]![9]).toBe(china);
    const [audit] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log where action = 'funding.call.export'`));
    expect(audit.n).toBeGreaterThan(0);
  });

  it('refuses an unknown sort, naming the field, and gives another district an empty workbook', async () => {
    const bad = await staff.get(`/api/funding/calls?sort=title`);
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'sort' });
    const other = await staffB.get(`/api/funding/calls/export?region=${A.district}`);
    expect(other.status).toBe(200);
    expect(await readWorkbook(other.rawPayload)).toHaveLength(1);
  });
});

describe('applications: sort and export', () => {
  it("sorts by organisation in pinyin and by amount, and exports in the list's order", async () => {
    const call = await makeCall(t.db, A.district, { title: '申报排序征集' });
    // 长 reads chang2 in 长寿, so 阿 (a1) < 长 (chang2) < 中 (zhong1) — not their code points (中 < 长 < 阿).
    const zhong = await makeOrganization(t.db, A.street, { name: `中心社工服务社${Date.now()}` });
    const chang = await makeOrganization(t.db, A.street, { name: `长寿关爱协会${Date.now()}` });
    const a = await makeOrganization(t.db, A.street, { name: `阿姨互助队${Date.now()}` });
    await makeApplication(t.db, call, zhong, { title: '中的申报', amountFen: 2_000_000 });
    await makeApplication(t.db, call, chang, { title: '长的申报', amountFen: 3_000_000 });
    await makeApplication(t.db, call, a, { title: '阿的申报', amountFen: 1_000_000 });
    expect(titles(await staff.get(`/api/funding/applications?callId=${call.id}&sort=organization`))).toEqual(['阿的申报', '长的申报', '中的申报']);
    expect(titles(await staff.get(`/api/funding/applications?callId=${call.id}&sort=-amountFen`))).toEqual(['长的申报', '中的申报', '阿的申报']);

    const res = await staff.get(`/api/funding/applications/export?callId=${call.id}&sort=organization`, { 'accept-language': 'en' });
    expect(res.status, res.body).toBe(200);
    const sheet = await readWorkbook(res.rawPayload);
    expect(sheet[0]).toEqual(['Project', 'Organisation', 'Call', 'Status', 'Amount asked (yuan)', 'Beneficiaries', 'Submitted (China time)', 'Last changed (China time)']);
    expect(sheet.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['阿的申报', 'Submitted', '10000'],
      ['长的申报', 'Submitted', '30000'],
      ['中的申报', 'Submitted', '20000'],
    ]);
  });

  it("exports an organisation's own applications only, drafts included, and staff only submitted ones", async () => {
    const call = await makeCall(t.db, A.district, { title: '导出范围征集' });
    const own = await makeOrganization(t.db, A.street);
    const ownMember = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: own.id }])).username, PASSWORD);
    await makeApplication(t.db, call, own, { title: '自己的草稿', status: 'draft', submittedAt: null });
    await makeApplication(t.db, call, await makeOrganization(t.db, A.street), { title: '别家的申报' });
    const mine = await readWorkbook((await ownMember.get(`/api/funding/applications/export?callId=${call.id}`)).rawPayload);
    expect(mine.slice(1).map((r) => r[0])).toEqual(['自己的草稿']);
    const staffs = await readWorkbook((await staff.get(`/api/funding/applications/export?callId=${call.id}`)).rawPayload);
    expect(staffs.slice(1).map((r) => r[0])).toEqual(['别家的申报']);
  });
});

describe('topics: rename, close, pages', () => {
  it('renames a topic and keeps its needs; an empty title is refused by name and changes nothing', async () => {
    const need = await makeNeed(t.db, A.street);
    const topic = (await staff.post('/api/funding/topics', { regionCode: A.district, title: '社区助老', needIds: [need.id] })).json();
    const res = await staff.patch(`/api/funding/topics/${topic.id}`, { title: '社区助老服务', description: '助餐与探访' });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: '社区助老服务', description: '助餐与探访', status: 'open', needs: [{ id: need.id }] });
    expect((await member.get(`/api/funding/needs/${need.id}`)).status).toBe(404);
    const before = await dbSnapshot(t.db);
    const empty = await staff.patch(`/api/funding/topics/${topic.id}`, { title: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.json().error.fields[0]).toMatchObject({ field: 'title', message: expect.stringContaining('标题') });
    expect((await staffB.patch(`/api/funding/topics/${topic.id}`, { title: '别区改名' })).status).toBe(404);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('closes a topic with a reason: it keeps its needs and calls, takes no more needs, and no new call is given it', async () => {
    const inside = await makeNeed(t.db, A.street);
    const later = await makeNeed(t.db, A.street);
    const topic = (await staff.post('/api/funding/topics', { regionCode: A.district, title: '文体活动', needIds: [inside.id] })).json();
    const draft = (
      await staff.post('/api/funding/calls', {
        callType: 'venture',
        regionCode: A.district,
        year: 2030,
        title: '关闭前的征集',
        budgetFen: 1_000_000,
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        topicIds: [topic.id],
      })
    ).json();

    expect((await staff.post(`/api/funding/topics/${topic.id}/close`, { reason: '' })).json().error.fields[0]).toMatchObject({ field: 'reason' });
    const closed = await staff.post(`/api/funding/topics/${topic.id}/close`, { reason: '已并入全区文体课题' });
    expect(closed.status, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closeReason: '已并入全区文体课题', needs: [{ id: inside.id }] });
    expect(closed.json().closedAt).toEqual(expect.any(String));

    const before = await dbSnapshot(t.db);
    const add = await staff.post(`/api/funding/topics/${topic.id}/needs`, { needIds: [later.id] });
    expect(add.status).toBe(400);
    expect(add.json().error.fields[0]).toMatchObject({ field: 'needIds', problem: 'topic_closed', message: expect.stringContaining('文体活动') });
    const call = await staff.post('/api/funding/calls', {
      callType: 'venture',
      regionCode: A.district,
      year: 2030,
      title: '关闭后的征集',
      budgetFen: 1_000_000,
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      topicIds: [topic.id],
    });
    expect(call.status).toBe(400);
    expect(call.json().error.fields[0]).toMatchObject({ field: 'topicIds.0', problem: 'topic_closed' });
    expect((await staff.post(`/api/funding/topics/${topic.id}/close`, { reason: '再关一次' })).status).toBe(409);
    expect(await dbSnapshot(t.db)).toEqual(before);
    // The draft that funded it before it closed keeps it through an edit.
    const edit = await staff.patch(`/api/funding/calls/${draft.id}`, { title: '关闭前的征集（修订）', topicIds: [topic.id] });
    expect(edit.status, edit.body).toBe(200);
    expect(edit.json().topics).toEqual([{ id: topic.id, title: '文体活动' }]);
    const audit = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_log where entity_id = ${topic.id} order by id`));
    expect(audit.map((r) => r.action)).toEqual(['funding.topic.create', 'funding.topic.close']);
  });

  it('pages topics, open ones first, filters by status and searches', async () => {
    const region = B.district;
    for (let i = 1; i <= 5; i++) await staffB.post('/api/funding/topics', { regionCode: region, title: `分页课题${i}` });
    const first = (await staffB.get(`/api/funding/topics?region=${region}&pageSize=2`)).json();
    const toClose = first.items[0].id;
    await staffB.post(`/api/funding/topics/${toClose}/close`, { reason: '不再开展' });
    const page1 = (await staffB.get(`/api/funding/topics?region=${region}&pageSize=2`)).json();
    expect(page1.total).toBe(5);
    expect(page1.items).toHaveLength(2);
    expect(page1.items.map((i: { status: string }) => i.status)).toEqual(['open', 'open']);
    const page3 = (await staffB.get(`/api/funding/topics?region=${region}&pageSize=2&page=3`)).json();
    expect(page3.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[toClose, 'closed']]);
    expect((await staffB.get(`/api/funding/topics?region=${region}&status=open`)).json().total).toBe(4);
    expect((await staffB.get(`/api/funding/topics?region=${region}&status=closed`)).json().items.map((i: { id: string }) => i.id)).toEqual([toClose]);
    expect((await staffB.get(`/api/funding/topics?region=${region}&q=${encodeURIComponent('课题3')}`)).json().items.map((i: { title: string }) => i.title)).toEqual(['分页课题3']);
  });
});

describe("a need's history", () => {
  it('shows its submitter every step: submitted, put in a topic, taken out, closed with the reason', async () => {
    const need = (await submitter.post('/api/funding/needs', { regionCode: A.street, source: 'resident', title: '楼道照明', description: '夜里太黑' })).json();
    const topic = (await staff.post('/api/funding/topics', { regionCode: A.district, title: '平安社区', needIds: [need.id] })).json();
    await staff.delete(`/api/funding/topics/${topic.id}/needs/${need.id}`);
    await staff.post(`/api/funding/needs/${need.id}/close`, { reason: '已由物业修好' });
    const detail = await submitter.get(`/api/funding/needs/${need.id}`);
    expect(detail.status, detail.body).toBe(200);
    expect(detail.json().history.map((h: { action: string; toState: string; comment: string | null }) => [h.action, h.toState, h.comment])).toEqual([
      ['create', 'open', null],
      ['add_to_topic', 'in_topic', '平安社区'],
      ['remove_from_topic', 'open', '平安社区'],
      ['close', 'closed', '已由物业修好'],
    ]);
    expect(detail.json().history[1].actorName).toEqual(expect.any(String));
  });
});

describe('a region rule names the region', () => {
  it('reads "located within <name>" on the call and in the screening reason, never the bare code', async () => {
    const [{ name }] = rowsOf<{ name: string }>(await t.db.execute(sql`select name from regions where code = ${A.district}`));
    const call = await makeCall(t.db, A.district, { eligibility: [{ kind: 'region_within', code: A.district }] });
    const detail = (await staff.get(`/api/funding/calls/${call.id}`)).json();
    expect(detail.eligibility[0].label).toBe(`组织位于${name}范围内`);
    const app = await makeApplication(t.db, call, await makeOrganization(t.db, A.street));
    expect((await staff.post(`/api/funding/calls/${call.id}/screen`)).status).toBe(200);
    const screened = (await staff.get(`/api/funding/applications/${app.id}`, { 'accept-language': 'en' })).json();
    expect(screened.screening.results[0]).toMatchObject({ label: `Located within ${name}`, reason: `Located within ${name}` });
  });
});
