import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeIdNumber, makeUscc } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { readWorkbook } from '../../../test/helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;
let officialUser: Awaited<ReturnType<typeof makeUser>>;
let orgId: string;
const LEADER_ID = makeIdNumber('19600101');
const PHONE = '13812345678';
const NEW_PHONE = '13987654321';

const auditOf = async (action: string, entityId: string) =>
  rowsOf<{ before: any; after: any; entity_name: string | null }>(
    await t.db.execute(sql`select before, after, entity_name from audit_log where action = ${action} and entity_id = ${entityId}`),
  );

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const s = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }], { username: `lin.staff${Date.now() % 100000}` });
  officialUser = await makeUser(t.db, [{ role: 'official', regionCode: A.district }], { username: `zhou.official${Date.now() % 100000}` });
  // Names of their own: the factory's overlap when usernames are given.
  await t.db.execute(sql`update users set display_name = '林晓梅' where id = ${s.id}`);
  await t.db.execute(sql`update users set display_name = '周正' where id = ${officialUser.id}`);
  officialUser.displayName = '周正';
  staff = await signIn(t.app, s.username, PASSWORD);
  official = await signIn(t.app, officialUser.username, PASSWORD);
  const created = await staff.post('/api/registry/organizations', {
    regionCode: A.street,
    legalForm: 'social_group',
    name: '长寿路街道书画协会',
    uscc: makeUscc(A.street),
    leaderName: '王建国',
    leaderPhone: PHONE,
    leaderIdNumber: LEADER_ID,
  });
  expect(created.status, created.body).toBe(200);
  orgId = created.json().organization.id;
  const edited = await official.patch(`/api/registry/organizations/${orgId}`, { name: '长寿路街道书画研究会', leaderPhone: NEW_PHONE });
  expect(edited.status, edited.body).toBe(200);
});
afterAll(() => t.close());

describe('what the log keeps of a change', () => {
  it('stores the organisation with its leader masked and redacted, the derived columns dropped, and its name', async () => {
    const [created] = await auditOf('registry.organization.create', orgId);
    expect(created.after).toMatchObject({ name: '长寿路街道书画协会', leaderPhone: '138****5678', leaderIdNumber: '[redacted]', leaderIdNumberHash: '[redacted]' });
    expect(created.after).not.toHaveProperty('nameGrams');
    expect(created.after).not.toHaveProperty('nameSort');
    expect(created.entity_name).toBe('长寿路街道书画协会');
    const [updated] = await auditOf('registry.organization.update', orgId);
    expect(updated.entity_name).toBe('长寿路街道书画研究会');
    const log = JSON.stringify(rowsOf(await t.db.execute(sql`select * from audit_log`)));
    for (const secret of [LEADER_ID, PHONE, NEW_PHONE]) expect(log).not.toContain(secret);
  });
});

describe('the audit page', () => {
  const rowOf = async (agent: Agent, action: string, headers?: Record<string, string>) => {
    const res = await agent.get(`/api/audit?regionCode=${A.district}&entityId=${orgId}&action=${action}`, headers);
    expect(res.status, res.body).toBe(200);
    return res.json().items[0];
  };

  it('shows the action in words, the record by name and the change as a field table', async () => {
    const row = await rowOf(official, 'registry.organization.update');
    expect(row).toMatchObject({ actionLabel: '修改组织', entityName: '长寿路街道书画研究会', actorUsername: officialUser.username });
    const byField = Object.fromEntries(row.diff.map((d: any) => [d.field, d]));
    expect(byField.name).toEqual({ field: 'name', label: '名称', before: '长寿路街道书画协会', after: '长寿路街道书画研究会', changed: true });
    expect(byField.leaderPhone).toMatchObject({ label: '负责人电话', before: '138****5678', after: '139****4321', changed: true });
    expect(byField.leaderName).toMatchObject({ before: '王建国', after: '王建国', changed: false });
    expect(byField.leaderIdNumber).toMatchObject({ before: '[redacted]', changed: false });
    // In the order the organisation declares its fields, not jsonb's.
    expect(row.diff.map((d: any) => d.field).slice(0, 4)).toEqual(['id', 'regionCode', 'legalForm', 'name']);
  });

  it('answers in the reader language', async () => {
    const en = await rowOf(official, 'registry.organization.update', { 'accept-language': 'en' });
    expect(en.actionLabel).toBe('Organisation edited');
    expect(en.diff.find((d: any) => d.field === 'name').label).toBe('Name');
    const tw = await rowOf(official, 'registry.organization.create', { 'accept-language': 'zh-TW' });
    expect(tw.actionLabel).toBe('新增組織');
  });

  it('finds an actor by username as well as by display name, wildcards taken as letters', async () => {
    const find = async (actor: string) =>
      (await official.get(`/api/audit?regionCode=${A.district}&actor=${encodeURIComponent(actor)}&pageSize=200`)).json().items;
    const byUsername = await find(officialUser.username.slice(0, 8).toUpperCase());
    expect(byUsername.map((r: any) => r.action)).toContain('registry.organization.update');
    expect(byUsername.every((r: any) => r.actorUsername === officialUser.username || r.actorName?.includes(officialUser.username.slice(0, 8)))).toBe(true);
    const byName = await find(officialUser.displayName);
    expect(byName.map((r: any) => r.action)).toContain('registry.organization.update');
    expect(byName.some((r: any) => r.action === 'registry.organization.create')).toBe(false);
    expect(await find('%')).toEqual([]);
    expect(await find('zhou_official')).toEqual([]);
  });

  it('names a user by display name and username', async () => {
    const res = await official.get(`/api/audit?entityType=user&entityId=${officialUser.id}&action=auth.login`);
    expect(res.json().items[0]).toMatchObject({ actionLabel: '登录', entityName: `${officialUser.displayName} (${officialUser.username})` });
  });

  it('exports what the page shows: the action and record in words, the change as text', async () => {
    const res = await official.get(`/api/audit/export?regionCode=${A.district}&entityId=${orgId}`);
    expect(res.status).toBe(200);
    const [header, ...rows] = await readWorkbook(res.rawPayload);
    expect(header).toEqual(['时间', '操作人', '动作', '对象类型', '对象', '对象 ID', '所属区划', '变更内容']);
    const updated = rows.find((r) => r[2] === '修改组织')!;
    expect(updated[1]).toBe(`${officialUser.displayName}（${officialUser.username}）`);
    expect(updated[4]).toBe('长寿路街道书画研究会');
    expect(updated[6]).toMatch(/街道/);
    expect(updated[7]).toContain('名称：长寿路街道书画协会 → 长寿路街道书画研究会');
    expect(updated[7]).toContain('负责人电话：138****5678 → 139****4321');
    expect(updated[7]).not.toContain('负责人姓名');
    expect(JSON.stringify(rows)).not.toContain(LEADER_ID);
  });
});
