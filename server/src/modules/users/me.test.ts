/**
 * GET /api/auth/me, which the web app asks on every page load: one prepared statement for the
 * user's language and the names of the grants' regions (auth.service.ts describeMe), permissions
 * worked out once per set of roles. These hold what it answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredPermissions, roleHas } from '../../../../shared/permissions.js';
import type { Role } from '../../../../shared/roles.js';
import { buildTestApp, signIn, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from './users.factories.js';

let t: TestApp;
let regions: Awaited<ReturnType<typeof makeRegionTree>>;

beforeAll(async () => {
  t = await buildTestApp();
  regions = await makeRegionTree(t.db);
});
afterAll(() => t.close());

const permissionsOf = (roles: Role[]) => declaredPermissions().filter((p) => roles.some((r) => roleHas(r, p)));

describe('who am I', () => {
  it('names the region and the organisation of each grant, and the permissions of all its roles together', async () => {
    const team = await makeOrganization(t.db, regions.street2, { name: '乙街道太极队' });
    const user = await makeUser(t.db, [
      { role: 'centre_staff', regionCode: regions.street },
      { role: 'org_member', regionCode: regions.street2, organizationId: team.id },
    ]);
    const agent = await signIn(t.app, user.username, PASSWORD);
    const me = (await agent.get('/api/auth/me')).json().user;
    expect(me.locale).toBe('zh-CN');
    expect(me.grants).toHaveLength(2);
    expect(me.grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'centre_staff', regionCode: regions.street, regionName: expect.stringMatching(/^甲街道/), organizationId: null, organizationName: null }),
        expect.objectContaining({ role: 'org_member', regionCode: regions.street2, regionName: expect.stringMatching(/^乙街道/), organizationId: team.id, organizationName: '乙街道太极队' }),
      ]),
    );
    expect(me.permissions).toEqual(permissionsOf(['centre_staff', 'org_member']));
    // Another set of roles is not answered with the first one's permissions.
    const member = await makeUser(t.db, [{ role: 'org_member', regionCode: regions.street2, organizationId: team.id }]);
    const memberMe = (await (await signIn(t.app, member.username, PASSWORD)).get('/api/auth/me')).json().user;
    expect(memberMe.permissions).toEqual(permissionsOf(['org_member']));
    expect(memberMe.permissions.length).toBeLessThan(me.permissions.length);
  });

  it('answers the language the user chose, at once', async () => {
    const user = await makeUser(t.db, [{ role: 'official', regionCode: regions.district }]);
    const agent = await signIn(t.app, user.username, PASSWORD);
    expect((await agent.put('/api/auth/locale', { locale: 'zh-TW' })).status).toBe(200);
    const me = (await agent.get('/api/auth/me')).json().user;
    expect(me.locale).toBe('zh-TW');
    expect(me.grants[0]).toMatchObject({ regionCode: regions.district, regionName: expect.stringMatching(/^测试区/) });
  });
});
