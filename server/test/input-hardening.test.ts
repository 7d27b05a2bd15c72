/**
 * Input the database cannot hold, routes reached through an encoded path, and races on unique
 * keys: each is refused with a 4xx naming the field, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../src/errors.js';
import { fromDatabaseError } from '../src/plugins/errors.js';
import { sameToken } from '../src/plugins/session.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from './build-app.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';
import { dbSnapshot } from './helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const u = await makeUser(t.db, [{ role: 'official', regionCode: A.city }]);
  official = await signIn(t.app, u.username, PASSWORD);
});
afterAll(() => t.close());

describe('characters PostgreSQL cannot store', () => {
  it('refuses a NUL in a query string, naming the parameter', async () => {
    const res = await official.get('/api/registry/organizations?q=a%00b');
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'q', problem: 'invalid_characters' });
    expect(res.json().error.fields[0].message).toContain('含有不允许的字符');
  });

  it.each([
    ['a NUL', '社区\u0000活动'],
    ['a lone high surrogate', '社区\ud800'],
    ['a lone low surrogate', '\udc00社区'],
  ])('refuses %s in an audited body and writes nothing', async (_, name) => {
    const before = await dbSnapshot(t.db);
    const res = await official.patch(`/api/regions/${A.community}`, { name });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'name', problem: 'invalid_characters' })]);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('accepts a real pair of surrogates (an emoji or a rare CJK character)', async () => {
    const res = await official.patch(`/api/regions/${A.community}`, { name: '𠀀社区😀' });
    expect(res.status, res.body).toBe(200);
  });

  it('names a nested field', async () => {
    const res = await official.post('/api/users', {
      username: 'nul.user',
      displayName: '新用户',
      password: 'Passw0rd99',
      homeRegionCode: A.street,
      grants: [{ role: 'centre_staff', regionCode: `${A.street}\u0000` }],
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'grants.0.regionCode', problem: 'invalid_characters' });
  });
});

describe('dates PostgreSQL refuses', () => {
  it('refuses year 0000 in the audit filter', async () => {
    const res = await official.get(`/api/audit?from=0000-01-01&regionCode=${A.city}`);
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0].field).toBe('from');
  });
});

describe('the auth gate follows the route, not the raw URL', () => {
  it.each([
    '/%61pi/registry/import/templates/members',
    '/%61pi/users',
    '/api/%72egistry/organizations',
    '/%2561pi/users',
  ])('anonymous GET %s is refused', async (url) => {
    const res = await anonymous(t.app).get(url);
    expect([401, 404]).toContain(res.status);
    expect(res.status).not.toBe(200);
  });

  it('an encoded path still needs the CSRF token for a write', async () => {
    const before = await dbSnapshot(t.db);
    const res = await official.patch(`/%61pi/regions/${A.community}`, { name: '改名' }, { 'x-csrf-token': 'wrong' });
    expect(res.status).toBe(403);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('an encoded path reaches the handler for a signed-in caller with the permission', async () => {
    const res = await official.get('/%61pi/regions');
    expect(res.status).toBe(200);
  });

  it('guards the HEAD twin of every GET route as the GET itself', async () => {
    for (const url of ['/api/regions', '/api/users', '/api/registry/organizations', '/api/registry/organizations/export']) {
      const res = await t.app.inject({ method: 'HEAD', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.body, url).toBe('');
    }
    const signedIn = await t.app.inject({ method: 'HEAD', url: '/api/regions', headers: { cookie: official.cookie } });
    expect(signedIn.statusCode).toBe(200);
  });
});

describe('unique keys under concurrency', () => {
  it('concurrent creates of one username give one 200 and clear refusals, never a 500', async () => {
    const body = (i: number) => ({
      username: 'race.user',
      displayName: `竞争${i}`,
      password: 'Passw0rd99',
      homeRegionCode: A.street,
      grants: [{ role: 'centre_staff', regionCode: A.street }],
    });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => official.post('/api/users', body(i))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect([400, 409], r.body).toContain(r.status);
      expect(r.json().error.fields[0].field).toBe('username');
    }
  });

  it('maps a unique violation that slipped past a check to 409 naming the field', () => {
    const raced = Object.assign(new Error('Failed query: insert … params: 13912345678'), {
      cause: Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', constraint: 'registry_org_uscc_unique' }),
    });
    const err = fromDatabaseError('zh-CN', raced)!;
    expect(err.status).toBe(ERROR_STATUS.conflict);
    expect(err.fields).toEqual([{ field: 'uscc', problem: 'uscc_duplicate' }]);
    expect(err.params.what).toBe('统一社会信用代码');
  });

  it('maps a value the column cannot hold to 400 and leaves other errors to the 500 path', () => {
    expect(fromDatabaseError('en', { code: '22008', column: 'founded_on' })?.status).toBe(400);
    expect(fromDatabaseError('en', { code: '23503', constraint: 'files_region_code_regions_code_fk' })?.fields[0]).toMatchObject({
      field: 'regionCode',
      problem: 'region_unknown',
    });
    expect(fromDatabaseError('en', { code: '57014' })).toBeNull();
    // A deadlock or serialisation failure between two writes: send it again, nothing was saved.
    expect(fromDatabaseError('zh-CN', { code: '40P01' })).toMatchObject({ code: 'write_conflict', status: 409 });
    expect(fromDatabaseError('zh-CN', { code: '40001' })).toMatchObject({ code: 'write_conflict', status: 409 });
    expect(fromDatabaseError('en', new TypeError('x is undefined'))).toBeNull();
  });
});

describe('CSRF token comparison', () => {
  it('accepts only the same token, whatever the lengths', () => {
    const token = 'kq3W2x9m_Qy7Zp0aB1cD2eF3gH4iJ5kL6mN7oP8qR9s';
    expect(sameToken(token, token)).toBe(true);
    expect(sameToken(token.slice(0, -1), token)).toBe(false);
    expect(sameToken(`${token}x`, token)).toBe(false);
    expect(sameToken('', token)).toBe(false);
  });
});
