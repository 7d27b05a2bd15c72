/** Users' phone numbers leave the server masked, as people's phones do in the registry. */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from './users.factories.js';
import { dbSnapshot, readWorkbook } from '../../../test/helpers.js';
import { users } from '../../core/core.tables.js';
import { rowsOf } from '../../db/client.js';

const PHONE = '13912345678';
const MASKED = '139****5678';
let t: TestApp;
let official: Agent;
let userId: string;

const storedPhone = async () => (await t.db.select({ phone: users.phone }).from(users).where(eq(users.id, userId)))[0].phone;

beforeAll(async () => {
  t = await buildTestApp();
  const A = await makeRegionTree(t.db);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  const created = await official.post('/api/users', {
    username: 'phone.holder',
    displayName: '有电话的人',
    password: 'Passw0rd99',
    phone: PHONE,
    homeRegionCode: A.street,
    grants: [{ role: 'centre_staff', regionCode: A.street }],
  });
  expect(created.status, created.body).toBe(200);
  expect(created.json().phone).toBe(MASKED);
  userId = created.json().id;
});
afterAll(() => t.close());

describe('phones of users', () => {
  it('are masked in the list, its export and the audit log', async () => {
    const list = await official.get('/api/users?q=phone.holder');
    expect(list.json().items).toEqual([expect.objectContaining({ id: userId, phone: MASKED })]);
    expect(list.body).not.toContain(PHONE);
    const sheet = await readWorkbook((await official.get('/api/users/export')).rawPayload);
    expect(sheet.flat().some((cell) => cell.includes(PHONE))).toBe(false);
    const audit = rowsOf(await t.db.execute(sql`select before, after from audit_log where entity_id = ${userId}`));
    expect(JSON.stringify(audit)).not.toContain(PHONE);
  });

  it('are masked in an update response and kept when the update does not name them', async () => {
    const res = await official.patch(`/api/users/${userId}`, { displayName: '改了名字' });
    expect(res.status).toBe(200);
    expect(res.json().phone).toBe(MASKED);
    expect(await storedPhone()).toBe(PHONE);
  });

  it('refuse the masked value sent back as a new number, naming the field, and take a real one', async () => {
    const before = await dbSnapshot(t.db);
    const masked = await official.patch(`/api/users/${userId}`, { phone: MASKED });
    expect(masked.status).toBe(400);
    expect(masked.json().error.fields).toEqual([expect.objectContaining({ field: 'phone', problem: 'phone' })]);
    expect(await storedPhone()).toBe(PHONE);
    expect(await dbSnapshot(t.db)).toEqual(before);
    const changed = await official.patch(`/api/users/${userId}`, { phone: '13800001111' });
    expect(changed.status).toBe(200);
    expect(changed.json().phone).toBe('138****1111');
    expect(await storedPhone()).toBe('13800001111');
  });
});
