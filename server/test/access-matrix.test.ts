/**
 * THE REFUSAL MATRIX: one entry per route the app registers, checked against ROLE_PERMISSIONS,
 * region scope and CSRF. A route added without an entry here fails the completeness test.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { lastCompleteMonth } from '../src/modules/registry/service/reports.js';
import { ROLES, roleHas, type Permission, type Role } from '../../shared/roles.js';
import { agentFor, anonymous, buildTestApp, signIn, type Agent, type Response, type TestApp } from './build-app.js';
import {
  makeCategory,
  makeIdNumber,
  makeMember,
  makeOrganization,
  makeRegionTree,
  makeUser,
  makeUserWithoutGrants,
  PASSWORD,
} from './factories.js';
import { dbSnapshot, PNG_BYTES, readWorkbook, registeredRoutes, send, workbook, XLSX_MIME, type ApiRequest } from './helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
const w = {} as Record<
  'team' | 'filed' | 'filed2' | 'org' | 'user' | 'category' | 'member' | 'spareMember' | 'file' | 'fApprove' | 'fReturn' | 'fWithdraw' | 'passwordUser',
  string
>;
const agents = {} as Record<Role, Agent>;
let staffA: Agent;
let outsiders: { role: Role; agent: Agent }[];
/** Organisation members of other teams: one in A's own street, one in area B. */
let siblings: { label: string; agent: Agent; teamId: string; teamName: string; sawOwnTeam: number }[];
/** Refusal requests actually sent, per kind of caller: the size of the matrix, printed at the end. */
const sent = { anonymous: 0, 'wrong role': 0, 'area B': 0, 'sibling organisation': 0, unassigned: 0, CSRF: 0 };
let n = 0;
const uniq = () => ++n;

/** A draft team, completed and submitted through the API by A's centre staff. */
async function submittedFiling(staff: Agent, name: string) {
  const team = await makeOrganization(t.db, A.street, { name });
  expect((await staff.post(`/api/registry/organizations/${team.id}/members`, { name: '张三', phone: '13900001111' })).status).toBe(200);
  const patch = await staff.patch(`/api/registry/organizations/${team.id}`, { activityContent: '每周练习', venue: '社区活动室', leaderName: '李四' });
  expect(patch.status).toBe(200);
  const res = await staff.post(`/api/registry/organizations/${team.id}/filing/submit`, {});
  expect(res.status, res.body).toBe(200);
  return { filingId: res.json().id as string, teamId: team.id };
}

type Outsider = 'notFound' | 'refused' | 'empty';
/**
 * notFound: 404; refused: 400, 403 or 404; ownOnly: 200 naming nothing of any other organisation
 * (the caller does see its own team); ownAccount: acts on the caller's own account and names no one
 * else's, so there is nothing of A's to reach — not sent.
 */
type Sibling = 'notFound' | 'refused' | 'ownOnly' | 'ownAccount';
interface Entry {
  permission: Permission | 'public';
  req: () => ApiRequest;
  /** What an actor of the right role in area B gets for A's entity or region. */
  outsider?: Outsider;
  /** What a member of another organisation (in A's street, or in area B) gets; required when org_member holds the permission. */
  sibling?: Sibling;
}

const org = (id: () => string, rest = '') => () => `/api/registry/organizations/${id()}${rest}`;
const ROUTES: Record<string, Entry> = {
  'GET /api/health': { permission: 'public', req: () => ({ method: 'GET', url: '/api/health' }) },
  'POST /api/auth/login': { permission: 'public', req: () => ({ method: 'POST', url: '/api/auth/login', body: { username: 'x', password: 'y' } }) },
  'POST /api/auth/logout': { permission: 'public', req: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  'GET /api/auth/me': { permission: 'public', req: () => ({ method: 'GET', url: '/api/auth/me' }) },
  'POST /api/auth/password': {
    permission: 'account.self',
    sibling: 'ownAccount',
    req: () => ({ method: 'POST', url: '/api/auth/password', body: { currentPassword: PASSWORD, newPassword: 'Changed123' } }),
  },
  'PUT /api/auth/locale': { permission: 'account.self', sibling: 'ownAccount', req: () => ({ method: 'PUT', url: '/api/auth/locale', body: { locale: 'zh-CN' } }) },
  'GET /api/users': { permission: 'user.read', req: () => ({ method: 'GET', url: '/api/users' }) },
  'GET /api/users/export': { permission: 'user.read', req: () => ({ method: 'GET', url: '/api/users/export' }) },
  'POST /api/users': {
    permission: 'user.manage',
    outsider: 'refused',
    req: () => ({
      method: 'POST',
      url: '/api/users',
      body: { username: `new.user${uniq()}`, displayName: '新用户', password: 'Passw0rd99', homeRegionCode: A.street, grants: [{ role: 'centre_staff', regionCode: A.street }] },
    }),
  },
  'PATCH /api/users/:id': { permission: 'user.manage', outsider: 'notFound', req: () => ({ method: 'PATCH', url: `/api/users/${w.user}`, body: { displayName: '改名' } }) },
  'GET /api/regions': { permission: 'region.read', sibling: 'ownOnly', req: () => ({ method: 'GET', url: '/api/regions' }) },
  'POST /api/regions': {
    permission: 'region.manage',
    outsider: 'refused',
    req: () => ({ method: 'POST', url: '/api/regions', body: { code: `${A.street2.slice(0, 9)}${String(100 + uniq())}`, parentCode: A.street2, name: '新社区' } }),
  },
  'PATCH /api/regions/:code': { permission: 'region.manage', outsider: 'notFound', req: () => ({ method: 'PATCH', url: `/api/regions/${A.community}`, body: { name: '改名社区' } }) },
  'GET /api/audit/export': { permission: 'audit.read', outsider: 'empty', req: () => ({ method: 'GET', url: `/api/audit/export?regionCode=${A.district}` }) },
  'GET /api/audit': { permission: 'audit.read', outsider: 'empty', req: () => ({ method: 'GET', url: `/api/audit?regionCode=${A.district}` }) },
  // A member files uploads under its own organisation only: naming A's team is a 400 on organizationId.
  'POST /api/files': {
    permission: 'file.upload',
    outsider: 'refused',
    sibling: 'refused',
    req: () => ({ method: 'POST', url: `/api/files?regionCode=${A.street}&organizationId=${w.team}`, upload: { field: 'file', filename: 'a.png', bytes: PNG_BYTES, mime: 'image/png' } }),
  },
  'GET /api/files/:id': { permission: 'file.read', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'GET', url: `/api/files/${w.file}` }) },
  'GET /api/dashboard/summary': { permission: 'dashboard.read', outsider: 'refused', req: () => ({ method: 'GET', url: `/api/dashboard/summary?regionCode=${A.district}` }) },
  'GET /api/registry/categories': { permission: 'registry.read', sibling: 'ownOnly', req: () => ({ method: 'GET', url: '/api/registry/categories' }) },
  'POST /api/registry/categories': {
    permission: 'registry.category.manage',
    req: () => ({ method: 'POST', url: '/api/registry/categories', body: { code: `c_${uniq()}`, nameZh: '新类', nameEn: 'New', nameZhTw: '新類' } }),
  },
  'PATCH /api/registry/categories/:id': {
    permission: 'registry.category.manage',
    req: () => ({ method: 'PATCH', url: `/api/registry/categories/${w.category}`, body: { nameZh: '改名类' } }),
  },
  'GET /api/registry/organizations': { permission: 'registry.read', outsider: 'empty', sibling: 'ownOnly', req: () => ({ method: 'GET', url: `/api/registry/organizations?regionCode=${A.district}` }) },
  'GET /api/registry/organizations/export': {
    permission: 'registry.read',
    outsider: 'empty',
    sibling: 'ownOnly',
    req: () => ({ method: 'GET', url: `/api/registry/organizations/export?regionCode=${A.district}` }),
  },
  // A member's grant covers one organisation, never a region to create in: a 400 on regionCode.
  'POST /api/registry/organizations': {
    permission: 'registry.write',
    outsider: 'refused',
    sibling: 'refused',
    req: () => ({ method: 'POST', url: '/api/registry/organizations', body: { regionCode: A.street, legalForm: 'grassroots_team', name: `矩阵团队${uniq()}` } }),
  },
  'GET /api/registry/organizations/:id': { permission: 'registry.read', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'GET', url: org(() => w.team)() }) },
  'PATCH /api/registry/organizations/:id': {
    permission: 'registry.write',
    outsider: 'notFound',
    sibling: 'notFound',
    req: () => ({ method: 'PATCH', url: org(() => w.org)(), body: { address: '新地址' } }),
  },
  'GET /api/registry/organizations/:id/members': { permission: 'registry.member.read', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'GET', url: org(() => w.team, '/members')() }) },
  'GET /api/registry/organizations/:id/members/export': {
    permission: 'registry.member.read',
    outsider: 'notFound',
    sibling: 'notFound',
    req: () => ({ method: 'GET', url: org(() => w.team, '/members/export')() }),
  },
  'POST /api/registry/organizations/:id/members': {
    permission: 'registry.member.write',
    outsider: 'notFound',
    sibling: 'notFound',
    req: () => ({ method: 'POST', url: org(() => w.team, '/members')(), body: { name: '王五', idNumber: makeIdNumber('19600101') } }),
  },
  'PATCH /api/registry/members/:memberId': {
    permission: 'registry.member.write',
    outsider: 'notFound',
    sibling: 'notFound',
    req: () => ({ method: 'PATCH', url: `/api/registry/members/${w.member}`, body: { name: '改名成员' } }),
  },
  'GET /api/registry/organizations/:id/identity': { permission: 'personal.reveal', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'GET', url: org(() => w.team, '/identity')() }) },
  'GET /api/registry/members/:memberId/identity': { permission: 'personal.reveal', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'GET', url: `/api/registry/members/${w.member}/identity` }) },
  'DELETE /api/registry/members/:memberId': { permission: 'registry.member.write', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'DELETE', url: `/api/registry/members/${w.spareMember}` }) },
  'POST /api/registry/organizations/:id/filing/submit': { permission: 'registry.filing.submit', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'POST', url: org(() => w.team, '/filing/submit')(), body: {} }) },
  'POST /api/registry/organizations/:id/filing/change': {
    permission: 'registry.filing.submit',
    outsider: 'notFound',
    sibling: 'notFound',
    req: () => ({ method: 'POST', url: org(() => w.filed, '/filing/change')(), body: { changes: { venue: '新场地' } } }),
  },
  'POST /api/registry/organizations/:id/filing/deregister': {
    permission: 'registry.filing.submit',
    outsider: 'notFound',
    sibling: 'notFound',
    req: () => ({ method: 'POST', url: org(() => w.filed2, '/filing/deregister')(), body: { reason: '团队解散' } }),
  },
  'GET /api/registry/filings': { permission: 'registry.read', outsider: 'empty', sibling: 'ownOnly', req: () => ({ method: 'GET', url: `/api/registry/filings?regionCode=${A.district}` }) },
  'GET /api/registry/filings/export': { permission: 'registry.read', outsider: 'empty', sibling: 'ownOnly', req: () => ({ method: 'GET', url: `/api/registry/filings/export?regionCode=${A.district}` }) },
  'GET /api/registry/filings/:id': { permission: 'registry.read', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'GET', url: `/api/registry/filings/${w.fApprove}` }) },
  'POST /api/registry/filings/:id/approve': { permission: 'registry.filing.review', outsider: 'notFound', req: () => ({ method: 'POST', url: `/api/registry/filings/${w.fApprove}/approve`, body: {} }) },
  'POST /api/registry/filings/:id/return': {
    permission: 'registry.filing.review',
    outsider: 'notFound',
    req: () => ({ method: 'POST', url: `/api/registry/filings/${w.fReturn}/return`, body: { comment: '请补充材料' } }),
  },
  'POST /api/registry/filings/:id/withdraw': { permission: 'registry.filing.submit', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'POST', url: `/api/registry/filings/${w.fWithdraw}/withdraw`, body: {} }) },
  'GET /api/registry/organizations/:id/reports': { permission: 'registry.report.read', outsider: 'notFound', sibling: 'notFound', req: () => ({ method: 'GET', url: org(() => w.filed, '/reports')() }) },
  'POST /api/registry/organizations/:id/reports': {
    permission: 'registry.report.submit',
    outsider: 'notFound',
    sibling: 'notFound',
    req: () => ({
      method: 'POST',
      url: org(() => w.filed, '/reports')(),
      body: { month: lastCompleteMonth(), responsiblePerson: true, flag: true, venuePermit: true, meetingHeld: true, trainingHeld: false },
    }),
  },
  // Roll-ups are of whole regions, which a member's grant never covers: 404 for any organisation member.
  'GET /api/registry/compliance': { permission: 'registry.report.read', outsider: 'refused', sibling: 'notFound', req: () => ({ method: 'GET', url: `/api/registry/compliance?regionCode=${A.district}` }) },
  'GET /api/registry/compliance/teams/export': {
    permission: 'registry.report.read',
    outsider: 'refused',
    sibling: 'notFound',
    req: () => ({ method: 'GET', url: `/api/registry/compliance/teams/export?regionCode=${A.district}` }),
  },
  'GET /api/registry/compliance/teams': { permission: 'registry.report.read', outsider: 'refused', sibling: 'notFound', req: () => ({ method: 'GET', url: `/api/registry/compliance/teams?regionCode=${A.district}` }) },
  'GET /api/registry/import/templates/:kind': { permission: 'registry.import', req: () => ({ method: 'GET', url: '/api/registry/import/templates/organizations' }) },
  'POST /api/registry/import/:kind': {
    permission: 'registry.import',
    outsider: 'refused',
    req: () => ({ method: 'POST', url: `/api/registry/import/organizations?regionCode=${A.street}`, upload: { field: 'file', filename: 'orgs.xlsx', bytes: importBytes, mime: XLSX_MIME } }),
  },
};
let importBytes: Buffer;

const protectedRoutes = Object.entries(ROUTES).filter(([, e]) => e.permission !== 'public');

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  w.category = (await makeCategory(t.db)).id;
  const team = await makeOrganization(t.db, A.street, { name: '甲街道合唱团', activityContent: '合唱', venue: '活动室', leaderName: '赵六' });
  w.team = team.id;
  w.member = (await makeMember(t.db, team)).id;
  w.spareMember = (await makeMember(t.db, team)).id;
  for (const key of ['filed', 'filed2'] as const) {
    const filed = await makeOrganization(t.db, A.street, { status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2020-${String(uniq()).padStart(4, '0')}`, activityContent: 'x', venue: 'y', leaderName: 'z' });
    await makeMember(t.db, filed);
    w[key] = filed.id;
  }
  w.org = (await makeOrganization(t.db, A.street, { legalForm: 'social_group' })).id;
  w.user = (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).id;
  staffA = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  w.fApprove = (await submittedFiling(staffA, '待通过团队')).filingId;
  w.fReturn = (await submittedFiling(staffA, '待退回团队')).filingId;
  w.fWithdraw = (await submittedFiling(staffA, '待撤回团队')).filingId;
  const upload = await staffA.upload(`/api/files?regionCode=${A.street}&organizationId=${w.team}`, 'file', 'seal.png', PNG_BYTES, 'image/png');
  expect(upload.status, upload.body).toBe(200);
  w.file = upload.json().id;
  importBytes = await workbook(['名称', '组织形式'], [[`导入团队${uniq()}`, '群众活动团队']]);
  for (const role of ROLES) {
    const u = await makeUser(t.db, [{ role, regionCode: A.district, organizationId: role === 'org_member' ? w.team : null }]);
    agents[role] = await signIn(t.app, u.username, PASSWORD);
  }
  outsiders = [];
  for (const role of ['centre_staff', 'official'] as const) {
    const u = await makeUser(t.db, [{ role, regionCode: B.district }]);
    outsiders.push({ role, agent: await signIn(t.app, u.username, PASSWORD) });
  }
  // The sibling's grant spans A's whole district like A's own org member's: only the narrowing to
  // its organisation keeps A's team away. Its team has a filing, so its lists are not empty.
  const siblingTeam = await submittedFiling(staffA, '甲街道兄弟团队');
  const teamB = await makeOrganization(t.db, B.street, { name: '乙区团队' });
  siblings = [];
  for (const [label, regionCode, teamId, teamName] of [
    ['org_member of a sibling team in A', A.district, siblingTeam.teamId, '甲街道兄弟团队'],
    ['org_member of a team in B', B.district, teamB.id, teamB.name],
  ] as const) {
    const u = await makeUser(t.db, [{ role: 'org_member', regionCode, organizationId: teamId }]);
    siblings.push({ label, agent: await signIn(t.app, u.username, PASSWORD), teamId, teamName, sawOwnTeam: 0 });
  }
});

/** Ids and names of every organisation but `ownTeamId`, with their filings', members' and files' ids. */
async function foreignValues(ownTeamId: string) {
  const rows = rowsOf<{ value: string }>(
    await t.db.execute(sql`
      select id::text as value from registry_organizations where id <> ${ownTeamId}
      union all select name from registry_organizations where id <> ${ownTeamId}
      union all select id::text from registry_filings where organization_id <> ${ownTeamId}
      union all select id::text from registry_members where organization_id <> ${ownTeamId}
      union all select id::text from files where organization_id is distinct from ${ownTeamId}`),
  );
  return new Set(rows.map((r) => r.value));
}

/** Every string an answer holds: each cell of a workbook, each string anywhere in a JSON body. */
async function answerValues(res: Response) {
  if (String(res.headers['content-type']).includes('spreadsheet')) return new Set((await readWorkbook(res.rawPayload)).flat());
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(res.json());
  return out;
}
afterAll(() => t.close());

describe('access matrix', () => {
  afterAll(() => {
    const total = Object.values(sent).reduce((sum, count) => sum + count, 0);
    const kinds = Object.entries(sent)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
    console.info(`access matrix: ${Object.keys(ROUTES).length} routes × ${ROLES.length} roles; ${total} refusals checked (${kinds})`);
  });

  it('has exactly one entry for every route the app registers', () => {
    const registered = registeredRoutes(t.app);
    expect(registered.size).toBeGreaterThan(30);
    expect([...registered].sort()).toEqual(Object.keys(ROUTES).sort());
    for (const key of Object.keys(ROUTES)) {
      const [method, url] = key.split(' ');
      expect(t.app.hasRoute({ method: method as any, url }), key).toBe(true);
    }
    // A route an organisation member may call states what a member of another organisation gets.
    for (const [key, entry] of protectedRoutes) {
      const held = roleHas('org_member', entry.permission as Permission);
      expect(entry.sibling !== undefined, `${key}: sibling expectation ${held ? 'missing' : 'given, yet org_member lacks the permission'}`).toBe(held);
    }
  });

  it('answers 401 to an anonymous caller on every non-public route, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    const anon = anonymous(t.app);
    for (const [key, entry] of protectedRoutes) {
      const res = await send(anon, entry.req());
      sent.anonymous++;
      expect(res.status, key).toBe(401);
      expect(res.json().error.code, key).toBe('unauthenticated');
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('answers 403 to every role that does not hold the route permission, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    let refusals = 0;
    for (const [key, entry] of protectedRoutes) {
      for (const role of ROLES) {
        if (roleHas(role, entry.permission as Permission)) continue;
        const res = await send(agents[role], entry.req());
        sent['wrong role']++;
        expect(res.status, `${role} → ${key}`).toBe(403);
        expect(res.json().error.code, `${role} → ${key}`).toBe('forbidden');
        expect(await dbSnapshot(t.db), `${role} → ${key}`).toEqual(before);
        refusals++;
      }
    }
    // reviewer, volunteer and unit alone account for most of the matrix.
    expect(refusals).toBeGreaterThan(90);
  });

  it("keeps area A's entities and regions away from actors of area B, changing nothing", async () => {
    const before = await dbSnapshot(t.db);
    for (const [key, entry] of protectedRoutes) {
      if (!entry.outsider) continue;
      for (const { role, agent } of outsiders) {
        if (!roleHas(role, entry.permission as Permission)) continue;
        const res = await send(agent, entry.req());
        sent['area B']++;
        const label = `${role}@B → ${key}: ${res.status} ${res.body.slice(0, 200)}`;
        if (entry.outsider === 'notFound') expect(res.status, label).toBe(404);
        else if (entry.outsider === 'refused') expect([400, 403, 404], label).toContain(res.status);
        else {
          expect(res.status, label).toBe(200);
          if (res.headers['content-type']?.toString().includes('spreadsheet')) {
            expect((await readWorkbook(res.rawPayload)).length, label).toBe(1);
          } else {
            expect(res.json().items, label).toEqual([]);
          }
        }
        expect(await dbSnapshot(t.db), label).toEqual(before);
      }
    }
  });

  it("keeps area A's team away from members of other organisations, in A's street and in area B, changing nothing", async () => {
    const before = await dbSnapshot(t.db);
    for (const sibling of siblings) {
      const foreign = await foreignValues(sibling.teamId);
      for (const [key, entry] of protectedRoutes) {
        if (!entry.sibling || entry.sibling === 'ownAccount') continue;
        const res = await send(sibling.agent, entry.req());
        sent['sibling organisation']++;
        const label = `${sibling.label} → ${key}: ${res.status} ${res.body.slice(0, 200)}`;
        if (entry.sibling === 'notFound') {
          expect(res.status, label).toBe(404);
          expect(res.json().error.code, label).toBe('not_found');
        } else if (entry.sibling === 'refused') {
          expect([400, 403, 404], label).toContain(res.status);
        } else {
          expect(res.status, label).toBe(200);
          const values = await answerValues(res);
          expect([...values].filter((v) => foreign.has(v)), label).toEqual([]);
          if (values.has(sibling.teamId) || values.has(sibling.teamName)) sibling.sawOwnTeam++;
        }
        expect(await dbSnapshot(t.db), label).toEqual(before);
      }
    }
    // The lists A's sibling got named its own team and filing: "nothing of A's" was checked on real answers.
    expect(siblings[0].sawOwnTeam).toBeGreaterThanOrEqual(4);
  });

  it('lets a user without any grant sign in with no permission, and refuses it every protected route (403), changing nothing', async () => {
    const user = await makeUserWithoutGrants(t.db, A.street);
    // Sign-in checks the password, not the grants: the account is real, it may simply do nothing yet.
    const agent = await signIn(t.app, user.username, PASSWORD);
    const me = await agent.get('/api/auth/me');
    expect(me.status, me.body).toBe(200);
    expect(me.json().user.permissions).toEqual([]);
    expect(me.json().user.grants).toEqual([]);
    const before = await dbSnapshot(t.db);
    for (const [key, entry] of protectedRoutes) {
      const res = await send(agent, entry.req());
      sent.unassigned++;
      const label = `unassigned → ${key}: ${res.status} ${res.body.slice(0, 200)}`;
      expect(res.status, label).toBe(403);
      expect(res.json().error.code, label).toBe('forbidden');
      expect(await dbSnapshot(t.db), label).toEqual(before);
    }
  });

  it('refuses every state-changing request without, or with a wrong, CSRF token', async () => {
    const before = await dbSnapshot(t.db);
    const official = agents.official;
    const wrongToken = agentFor(t.app, official.cookie, 'not-the-token');
    for (const [key, entry] of Object.entries(ROUTES)) {
      const req = entry.req();
      if (req.method === 'GET' || key === 'POST /api/auth/login') continue;
      const wrong = await send(wrongToken, req);
      sent.CSRF++;
      expect(wrong.status, key).toBe(403);
      expect(wrong.json().error.code, key).toBe('csrf');
      if (!req.upload) {
        const none = await t.app.inject({ method: req.method, url: req.url, payload: (req.body ?? {}) as any, headers: { cookie: official.cookie } });
        sent.CSRF++;
        expect(none.statusCode, key).toBe(403);
        expect(none.json().error.code, key).toBe('csrf');
      }
      expect(await dbSnapshot(t.db), key).toEqual(before);
    }
    // The session survived the refused logout.
    expect((await official.get('/api/auth/me')).status).toBe(200);
  });

  it('lets an allowed role through on every route (so the refusals above mean something)', async () => {
    const chooser: Role[] = ['centre_staff', 'official', 'platform_admin'];
    // Password change ends other sessions of that user: use a user of its own.
    const pwUser = await signIn(t.app, (await makeUser(t.db, [{ role: 'unit', regionCode: A.district }])).username, PASSWORD);
    for (const [key, entry] of protectedRoutes) {
      const role = chooser.find((r) => roleHas(r, entry.permission as Permission))!;
      const agent = key === 'POST /api/auth/password' ? pwUser : agents[role];
      const res = await send(agent, entry.req());
      expect(res.status, `${role} → ${key}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${role} → ${key}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
    }
  });

  it('refuses a compliance roll-up of a region outside the caller scope, like the dashboard does', async () => {
    const official = outsiders.find((o) => o.role === 'official')!.agent;
    expect((await official.get(`/api/dashboard/summary?regionCode=${A.district}`)).status).toBe(404);
    const res = await official.get(`/api/registry/compliance?regionCode=${A.district}`);
    expect([400, 403, 404]).toContain(res.status);
  });
});
