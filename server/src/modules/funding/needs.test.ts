import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeCall, makeNeed } from './funding.factories.js';

/** F1: the needs pool — submitted within one's reach, merged without chains, curated into topics, and followed by its submitter. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let staffB: Agent;
let volunteer: Agent;
let member: Agent;

const needBody = (over: Record<string, unknown> = {}) => ({ regionCode: A.street, source: 'resident', title: '老人助餐', description: '社区老人吃饭难', ...over });

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const org = await makeOrganization(t.db, A.street);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  volunteer = await signIn(t.app, (await makeUser(t.db, [{ role: 'volunteer', regionCode: A.street }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: org.id }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('submitting', () => {
  it("takes a need in the submitter's own region and refuses one outside it, naming the field", async () => {
    expect((await volunteer.post('/api/funding/needs', needBody())).status).toBe(200);
    const before = await dbSnapshot(t.db);
    const res = await volunteer.post('/api/funding/needs', needBody({ regionCode: B.street }));
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'regionCode', message: '所属区划不在您的管辖范围内' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses an empty title and a description beyond 5,000 characters', async () => {
    const res = await member.post('/api/funding/needs', needBody({ title: ' ', description: 'x'.repeat(5001) }));
    expect(res.status).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['description', 'title']);
  });
});

describe('merging duplicates', () => {
  it('points the duplicate at the need kept; refuses merging into a merged need, merging a kept need away, and self', async () => {
    const kept = await makeNeed(t.db, A.street);
    const dup = await makeNeed(t.db, A.street);
    const third = await makeNeed(t.db, A.street);
    const res = await staff.post(`/api/funding/needs/${dup.id}/merge`, { intoId: kept.id, reason: '同一诉求' });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'merged', mergedInto: { id: kept.id } });

    const before = await dbSnapshot(t.db);
    const intoMerged = await staff.post(`/api/funding/needs/${third.id}/merge`, { intoId: dup.id });
    expect(intoMerged.status).toBe(400);
    expect(intoMerged.json().error.fields[0]).toMatchObject({ field: 'intoId', problem: 'need_merge_into_merged' });
    const keptAway = await staff.post(`/api/funding/needs/${kept.id}/merge`, { intoId: third.id });
    expect(keptAway.json().error.fields[0]).toMatchObject({ field: 'intoId', problem: 'need_has_merged' });
    const self = await staff.post(`/api/funding/needs/${third.id}/merge`, { intoId: third.id });
    expect(self.json().error.fields[0]).toMatchObject({ field: 'intoId', problem: 'need_merge_self' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('makes chains impossible in the database too, whatever writes the rows', async () => {
    const a = await makeNeed(t.db, A.street);
    const b = await makeNeed(t.db, A.street);
    const c = await makeNeed(t.db, A.street);
    await t.db.execute(sql`update funding_needs set status = 'merged', merged_into_id = ${b.id} where id = ${a.id}`);
    await expect(t.db.execute(sql`update funding_needs set status = 'merged', merged_into_id = ${c.id} where id = ${b.id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`update funding_needs set status = 'merged', merged_into_id = ${a.id} where id = ${c.id}`)).rejects.toThrow();
  });

  it("is staff work inside their region: another region's need is a 404", async () => {
    const a = await makeNeed(t.db, A.street);
    const b = await makeNeed(t.db, A.street);
    expect((await staffB.post(`/api/funding/needs/${a.id}/merge`, { intoId: b.id })).status).toBe(404);
    expect((await volunteer.post(`/api/funding/needs/${a.id}/close`, { reason: 'x' })).status).toBe(403);
  });
});

describe('what became of a need, as its submitter sees it', () => {
  it('shows the submitter its own needs only: merged into which, in which topic, funded by which call, closed and why', async () => {
    const submitted = async (title: string) => (await volunteer.post('/api/funding/needs', needBody({ title }))).json();
    const merged = await submitted('助餐（重复）');
    const inTopic = await submitted('老人助餐点');
    const closed = await submitted('修路');
    const someoneElses = await makeNeed(t.db, A.street, { title: '别人的需求' });

    await staff.post(`/api/funding/needs/${merged.id}/merge`, { intoId: inTopic.id });
    const topic = (await staff.post('/api/funding/topics', { regionCode: A.district, title: '社区助老', needIds: [inTopic.id] })).json();
    expect(topic.needs.map((n: { id: string }) => n.id)).toEqual([inTopic.id]);
    const call = await makeCall(t.db, A.district, { title: '2027 助老服务征集' });
    await t.db.execute(sql`insert into funding_call_topics (call_id, topic_id) values (${call.id}, ${topic.id})`);
    await staff.post(`/api/funding/needs/${closed.id}/close`, { reason: '属市政工程，已转交街道城管科' });

    const mine = (await volunteer.get('/api/funding/needs?pageSize=100')).json();
    const byId = new Map(mine.items.map((n: { id: string }) => [n.id, n]));
    expect(byId.has(someoneElses.id)).toBe(false);
    expect(byId.get(merged.id)).toMatchObject({ status: 'merged', mergedInto: { id: inTopic.id, title: '老人助餐点' }, topic: { title: '社区助老' } });
    expect(byId.get(inTopic.id)).toMatchObject({ status: 'in_topic', topic: { id: topic.id }, calls: [{ id: call.id, title: '2027 助老服务征集', status: 'published' }] });
    expect(byId.get(closed.id)).toMatchObject({ status: 'closed', closeReason: '属市政工程，已转交街道城管科' });
    expect((await volunteer.get(`/api/funding/needs/${someoneElses.id}`)).status).toBe(404);

    // Taken out of the topic, the need is open again.
    const removed = await staff.delete(`/api/funding/topics/${topic.id}/needs/${inTopic.id}`);
    expect(removed.json().needs).toEqual([]);
    expect((await volunteer.get(`/api/funding/needs/${inTopic.id}`)).json()).toMatchObject({ status: 'open', topic: null, calls: [] });
    // Each step is in the workflow history, with who and why.
    const steps = rowsOf<{ entity: string; action: string; comment: string | null }>(
      await t.db.execute(sql`select entity_id as entity, action, comment from workflow_history where workflow = 'funding.need' and entity_id in (${inTopic.id}, ${closed.id}) order by workflow_history.id`),
    );
    expect(steps.filter((s) => s.entity === inTopic.id).map((s) => s.action)).toEqual(['create', 'add_to_topic', 'remove_from_topic']);
    expect(steps.filter((s) => s.entity === closed.id).map((s) => [s.action, s.comment])).toEqual([['create', null], ['close', '属市政工程，已转交街道城管科']]);
  });

  it('lets staff search, filter and sort the pool, and export it', async () => {
    await makeNeed(t.db, A.street, { title: '青少年课后托管', source: 'department', sourceName: '区教委' });
    const found = (await staff.get(`/api/funding/needs?region=${A.district}&q=${encodeURIComponent('课后')}&source=department`)).json();
    expect(found.items.map((n: { title: string }) => n.title)).toEqual(['青少年课后托管']);
    const sorted = (await staff.get(`/api/funding/needs?region=${A.district}&sort=createdAt&pageSize=100`)).json();
    const times = sorted.items.map((n: { createdAt: string }) => n.createdAt);
    expect(times.length).toBeGreaterThan(5);
    expect(times).toEqual([...times].sort());
    const sheet = await staff.get(`/api/funding/needs/export?region=${A.district}`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers['content-type']).toBe(XLSX_MIME);
    expect((await staffB.get(`/api/funding/needs?region=${A.district}`)).json().total).toBe(0);
  });
});
