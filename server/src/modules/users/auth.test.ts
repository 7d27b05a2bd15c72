import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from './users.factories.js';
import { dbSnapshot, readWorkbook } from '../../../test/helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Agent;
let outsider: Agent;
const HAN = /[\u4e00-\u9fff]/;

const login = (username: string, password: string, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
const auditActions = async (action: string) =>
  rowsOf(await t.db.execute(sql`select * from audit_log where action = ${action} order by id`));

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  outsider = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: B.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('signing in and out', () => {
  it('signs in with the right password and refuses a wrong one in Chinese', async () => {
    const u = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
    const ok = await login(u.username, PASSWORD, '10.0.0.1');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe(u.username);
    expect(ok.json().csrfToken).toBeTruthy();
    const bad = await login(u.username, 'wrong-password', '10.0.0.1');
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toMatchObject({ code: 'login_failed', message: '用户名或密码错误' });
    const nobody = await login('no-such-user', 'x', '10.0.0.1');
    expect(nobody.statusCode).toBe(401);
    expect(nobody.json().error.message).toBe(bad.json().error.message);
  });

  it('locks an account for the failing address after 5 failures (423 with minutes), refusing even the right password from there', async () => {
    const u = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
    for (let i = 1; i <= 4; i++) expect((await login(u.username, 'bad', '10.0.0.2')).statusCode).toBe(401);
    const fifth = await login(u.username, 'bad', '10.0.0.2');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('login_locked');
    expect(fifth.json().error.message).toContain('15 分钟');
    const right = await login(u.username, PASSWORD, '10.0.0.2');
    expect(right.statusCode).toBe(423);
    expect(right.json().error.message).toMatch(/\d+ 分钟/);
  });

  it('rate-limits an address after 20 failures with 429', async () => {
    const u = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
    for (let i = 0; i < 20; i++) {
      const res = await login(`ghost${i}`, 'bad', '10.0.0.3');
      expect(res.statusCode).toBe(401);
    }
    const limited = await login(u.username, PASSWORD, '10.0.0.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    // Another address is not affected.
    expect((await login(u.username, PASSWORD, '10.0.0.4')).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const u = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
    // Signing in leaves the read caches be; signing out must drop the cached session.
    const generation = t.app.writeGeneration.value;
    const agent = await signIn(t.app, u.username, PASSWORD);
    expect(t.app.writeGeneration.value).toBe(generation);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await agent.post('/api/auth/logout')).status).toBe(200);
    expect(t.app.writeGeneration.value).toBeGreaterThan(generation);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
    expect((await agent.get('/api/registry/organizations')).status).toBe(401);
  });

  it('keeps the read caches through refused writes, so nobody can keep them cold', async () => {
    const generation = t.app.writeGeneration.value;
    const anon = await t.app.inject({ method: 'POST', url: '/api/registry/organizations', payload: { name: 'x' } });
    expect(anon.statusCode).toBe(401);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/registry/organizations', payload: {}, headers: { cookie: official.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect((await official.post('/api/registry/organizations', { name: '' })).status).toBe(400);
    expect((await official.post('/api/no-such-route', {})).status).toBe(404);
    expect(t.app.writeGeneration.value).toBe(generation);
  });
});

describe('password and language', () => {
  it('changes the password: weak and wrong-current name their fields; other sessions end', async () => {
    const u = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
    const first = await signIn(t.app, u.username, PASSWORD);
    const second = await signIn(t.app, u.username, PASSWORD);
    const weak = await first.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.json().error.fields[0].field).toBe('newPassword');
    expect(weak.json().error.fields[0].message).toContain('新密码');
    const wrong = await first.post('/api/auth/password', { currentPassword: 'not-it-1', newPassword: 'NewPassw0rd' });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('currentPassword');
    expect((await second.get('/api/auth/me')).status).toBe(200);
    const ok = await first.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'NewPassw0rd' });
    expect(ok.status).toBe(200);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    expect((await login(u.username, PASSWORD)).statusCode).toBe(401);
    expect((await login(u.username, 'NewPassw0rd')).statusCode).toBe(200);
  });

  it('answers in the user chosen language even when the browser asks for Chinese', async () => {
    const u = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
    const agent = await signIn(t.app, u.username, PASSWORD);
    expect((await agent.put('/api/auth/locale', { locale: 'en' })).status).toBe(200);
    const res = await agent.post('/api/auth/password', { currentPassword: 'not-it-1', newPassword: 'NewPassw0rd' }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(res.status).toBe(400);
    expect(res.json().error.message).not.toMatch(HAN);
    expect(res.json().error.fields[0].message).toMatch(/not correct/);
    expect((await agent.get('/api/auth/me')).json().user.locale).toBe('en');
  });
});

describe('user administration', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    username: `staff.${Math.random().toString(36).slice(2, 8)}`,
    displayName: '新同事',
    password: 'Passw0rd99',
    homeRegionCode: A.street,
    grants: [{ role: 'centre_staff', regionCode: A.street }],
    ...over,
  });

  it('lets an official create a user in its region, audited', async () => {
    const res = await official.post('/api/users', body());
    expect(res.status, res.body).toBe(200);
    const audit = await auditActions('user.create');
    expect(audit.map((a) => a.entity_id)).toContain(res.json().id);
    expect(JSON.stringify(audit)).not.toContain('Passw0rd99');
  });

  it('refuses a grant outside its region or of platform_admin, writing nothing', async () => {
    const before = await dbSnapshot(t.db);
    const outside = await official.post('/api/users', body({ grants: [{ role: 'centre_staff', regionCode: B.street }] }));
    expect(outside.status).toBe(400);
    expect(outside.json().error.fields.map((f: any) => f.field)).toContain('grants.0.regionCode');
    const admin = await official.post('/api/users', body({ grants: [{ role: 'platform_admin', regionCode: A.street }] }));
    expect(admin.status).toBe(400);
    expect(admin.json().error.fields.map((f: any) => f.field)).toContain('grants.0.role');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('ends the sessions of a user it deactivates', async () => {
    const created = await official.post('/api/users', body());
    const agent = await signIn(t.app, created.json().username, 'Passw0rd99');
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    const res = await official.patch(`/api/users/${created.json().id}`, { active: false });
    expect(res.status).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
    expect((await login(created.json().username, 'Passw0rd99')).statusCode).toBe(401);
  });
});

describe('regions and audit log', () => {
  it('refuses a malformed code and one not extending its parent, naming field code in Chinese', async () => {
    const before = await dbSnapshot(t.db);
    const malformed = await official.post('/api/regions', { code: '12345', parentCode: A.street, name: '坏代码' });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.fields[0].field).toBe('code');
    expect(malformed.json().error.fields[0].message).toMatch(HAN);
    const foreign = `${A.street2.slice(0, 9)}009`; // under street2, not under street
    const res = await official.post('/api/regions', { code: foreign, parentCode: A.street, name: '错位社区' });
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0].field).toBe('code');
    expect(res.json().error.fields[0].message).toContain('上级区划');
    expect(await dbSnapshot(t.db)).toEqual(before);
    const good = await official.post('/api/regions', { code: `${A.street.slice(0, 9)}009`, parentCode: A.street, name: '新建社区' });
    expect(good.status, good.body).toBe(200);
    expect(good.json().level).toBe('community');
  });

  it('audits a rename with the old and new names', async () => {
    const res = await official.patch(`/api/regions/${A.community}`, { name: '更名后的社区' });
    expect(res.status).toBe(200);
    const [audit] = await auditActions('region.rename');
    expect(audit.entity_id).toBe(A.community);
    expect(audit.after).toEqual({ name: '更名后的社区' });
    expect(audit.before.name).toMatch(/甲一社区/);
  });

  it('lists only in-scope audit rows; the outsider official sees none of area A', async () => {
    const prefix = A.district.slice(0, 6);
    const mine = await official.get(`/api/audit?regionCode=${A.district}&pageSize=200`);
    expect(mine.status).toBe(200);
    expect(mine.json().total).toBeGreaterThan(3);
    for (const row of mine.json().items) expect(row.regionCode.startsWith(prefix)).toBe(true);
    const theirs = await outsider.get('/api/audit?pageSize=200');
    expect(theirs.status).toBe(200);
    expect(theirs.json().items.some((r: any) => r.regionCode?.startsWith(prefix))).toBe(false);
    const narrowed = await outsider.get(`/api/audit?regionCode=${A.district}`);
    expect(narrowed.json().total).toBe(0);
  });
});

describe('exports of users and the audit log', () => {
  it('exports the users and audit rows the screens show, and nothing of another region', async () => {
    const users = await readWorkbook((await official.get('/api/users/export')).rawPayload);
    expect(users[0]).toEqual(['用户名', '姓名/名称', '角色与区域', '状态']);
    expect(users.length - 1).toBe((await official.get('/api/users?pageSize=200')).json().total);
    expect(users.slice(1).every((r) => r[2].includes('测试区') || r[2].includes('街道') || r[2].includes('社区'))).toBe(true);
    const theirUsers = await readWorkbook((await outsider.get('/api/users/export')).rawPayload);
    const mineNames = new Set(users.slice(1).map((r) => r[0]));
    expect(theirUsers.slice(1).some((r) => mineNames.has(r[0]))).toBe(false);

    const listed = (await official.get(`/api/audit?regionCode=${A.district}`)).json().total;
    const audit = await readWorkbook((await official.get(`/api/audit/export?regionCode=${A.district}`)).rawPayload);
    expect(audit[0].slice(0, 3)).toEqual(['时间', '操作人', '动作']);
    expect(audit.length - 1).toBe(listed);
    expect(audit[1][0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Every download leaves a trail: who, which list, how many rows.
    const trail = (await official.get(`/api/audit?regionCode=${A.district}&action=audit.export`)).json().items;
    expect(trail).toEqual([expect.objectContaining({ action: 'audit.export', entityType: 'export', after: { rows: listed, query: { regionCode: A.district } } })]);
    expect((await official.get(`/api/audit?regionCode=${A.district}&action=user.export`)).json().items[0].after.rows).toBe(users.length - 1);
    // The audit page sends calendar days.
    const wide = await official.get(`/api/audit?regionCode=${A.district}&from=2000-01-01&to=2100-12-31`);
    expect(wide.json().total).toBe(listed + 1);
    expect((await official.get(`/api/audit?regionCode=${A.district}&to=2000-01-01`)).json().total).toBe(0);
    const theirAudit = await readWorkbook((await outsider.get(`/api/audit/export?regionCode=${A.district}`)).rawPayload);
    expect(theirAudit).toHaveLength(1);
    // The outsider's attempt is on the outsider's own record, not in area A's log.
    expect((await official.get(`/api/audit?regionCode=${A.district}&action=audit.export`)).json().total).toBe(1);
    expect((await outsider.get(`/api/audit?regionCode=${B.district}&action=audit.export`)).json().total).toBe(1);
  });
});
