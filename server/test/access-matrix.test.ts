/**
 * THE REFUSAL MATRIX: every route the app registers, declared once by its domain in
 * server/src/modules/<domain>/<domain>.matrix.ts (found by reading the folder: test/matrix/fragments.ts),
 * checked against the roles' permissions, three kinds of outsider (another region, a sibling
 * organisation, a user of the right role with nothing assigned), sign-in and CSRF. A refusal must
 * change nothing: `dbSnapshot`, a hash of every table, is the same after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleHas, type Permission } from '../../shared/permissions.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { makeUserWithoutGrants, PASSWORD } from '../src/modules/users/users.factories.js';
import { agentFor, anonymous, buildTestApp, signIn, type Response, type TestApp } from './build-app.js';
import { apiRoutes, dbSnapshot, readWorkbook, send, withoutRecordedReads } from './helpers.js';
import { loadFragments, type LoadedFragment } from './matrix/fragments.js';
import { OUTSIDER_KINDS, type MatrixEntry, type Outcome, type Outsider, type OutsiderKind } from './matrix/types.js';
import { buildMatrixWorld, type MatrixWorld } from './matrix/world.js';

let t: TestApp;
let w: MatrixWorld;
let fragments: LoadedFragment[];
/** Every declared route: key, entry, and the fragment that declares it. */
let entries: { key: string; entry: MatrixEntry; from: string }[];
const isProtected = (e: { entry: MatrixEntry }) => e.entry.permission !== 'public';

/** Refusal requests actually sent, per kind of caller: the size of the matrix, printed at the end. */
const sent: Record<'anonymous' | 'wrong role' | OutsiderKind | 'no grant' | 'CSRF', number> = {
  anonymous: 0,
  'wrong role': 0,
  region: 0,
  sibling: 0,
  unassigned: 0,
  'no grant': 0,
  CSRF: 0,
};
const KIND_LABEL: Record<OutsiderKind, string> = {
  region: 'another region',
  sibling: 'sibling organisation',
  unassigned: 'unassigned',
};

beforeAll(async () => {
  t = await buildTestApp();
  fragments = await loadFragments();
  entries = fragments.flatMap(({ name, fragment }) => Object.entries(fragment.routes).map(([key, entry]) => ({ key, entry, from: name })));
  w = await buildMatrixWorld(t);
  for (const { fragment } of fragments) await fragment.setup?.(w);
});
afterAll(() => t.close());

/** Every value of any domain's records outside the outsider's reach. */
async function hiddenFrom(outsider: Outsider) {
  const all = await Promise.all(fragments.map(({ fragment }) => fragment.hidden?.(w, outsider) ?? []));
  return new Set(all.flat());
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

/** Checks an outsider's answer against the declared outcome; returns the values of an answered read. */
async function expectOutcome(outcome: Outcome, res: Response, label: string, hidden: Set<string>) {
  switch (outcome) {
    case 'notFound':
      expect(res.status, label).toBe(404);
      expect(res.json().error.code, label).toBe('not_found');
      return null;
    case 'refused':
      expect([400, 403, 404], label).toContain(res.status);
      return null;
    case 'forbidden':
      expect(res.status, label).toBe(403);
      expect(res.json().error.code, label).toBe('forbidden');
      return null;
    case 'shared':
      expect(res.status, label).toBeGreaterThanOrEqual(200);
      expect(res.status, label).toBeLessThan(300);
      return null;
    case 'empty':
      expect(res.status, label).toBe(200);
      if (String(res.headers['content-type']).includes('spreadsheet')) expect((await readWorkbook(res.rawPayload)).length, label).toBe(1);
      else expect(res.json().items, label).toEqual([]);
      return null;
    case 'ownOnly': {
      expect(res.status, label).toBe(200);
      const values = await answerValues(res);
      expect([...values].filter((v) => hidden.has(v)), label).toEqual([]);
      return values;
    }
    case 'own':
      throw new Error(`${label}: 'own' routes are not sent`);
  }
}

describe('access matrix', () => {
  afterAll(() => {
    const total = Object.values(sent).reduce((sum, count) => sum + count, 0);
    const kinds = Object.entries(sent)
      .map(([kind, count]) => `${KIND_LABEL[kind as OutsiderKind] ?? kind} ${count}`)
      .join(', ');
    console.info(`access matrix: ${entries.length} routes from ${fragments.length} fragments × ${ROLES.length} roles; ${total} refusals checked (${kinds})`);
  });

  it('has exactly one entry for every route the app registers, stating what each kind of outsider gets', () => {
    const routes = apiRoutes(t.app);
    expect(routes.size).toBeGreaterThan(30);
    const problems: string[] = [];
    const declaredBy = new Map<string, string[]>();
    for (const { key, from } of entries) declaredBy.set(key, [...(declaredBy.get(key) ?? []), from]);
    for (const [key, from] of declaredBy) if (from.length > 1) problems.push(`${key}: declared by ${from.join(' and ')}`);
    for (const key of routes.keys()) if (!declaredBy.has(key)) problems.push(`${key}: no entry; add it to modules/<domain>/<domain>.matrix.ts`);
    for (const { key, entry, from } of entries) {
      const route = routes.get(key);
      if (!route) {
        problems.push(`${key}: declared by ${from}, but the app registers no such route`);
        continue;
      }
      const declared = route.config?.public ? 'public' : route.config?.permission;
      if (declared !== entry.permission) problems.push(`${key}: the route asks for ${declared}, its entry says ${entry.permission}`);
      if (entry.permission === 'public') {
        if (entry.outsiders) problems.push(`${key}: a public route has no outsiders`);
        continue;
      }
      for (const kind of OUTSIDER_KINDS) {
        const outcome = entry.outsiders?.[kind];
        const holders = w.outsiders[kind].filter((o) => roleHas(o.role, entry.permission as Permission));
        if (!outcome) problems.push(`${key}: no ${kind} outsider declared (one of notFound, refused, forbidden, empty, ownOnly, own, shared)`);
        else if (outcome === 'forbidden' && holders.length) problems.push(`${key}: ${kind} outsider declared forbidden, yet ${holders.map((o) => o.label).join(', ')} hold ${entry.permission}`);
        else if (outcome !== 'forbidden' && !holders.length) problems.push(`${key}: no ${kind} outsider holds ${entry.permission}: declare it forbidden`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers 401 to an anonymous caller on every non-public route, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    const anon = anonymous(t.app);
    for (const { key, entry } of entries.filter(isProtected)) {
      const res = await send(anon, entry.req(w));
      sent.anonymous++;
      expect(res.status, key).toBe(401);
      expect(res.json().error.code, key).toBe('unauthenticated');
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('answers 403 to every role that does not hold the route permission, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    let refusals = 0;
    for (const { key, entry } of entries.filter(isProtected)) {
      for (const role of ROLES) {
        if (roleHas(role, entry.permission as Permission)) continue;
        const res = await send(w.agents[role], entry.req(w));
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

  const DESCRIPTIONS: Record<OutsiderKind, string> = {
    region: "keeps area A's records and regions away from actors of every role in area B",
    sibling: "keeps area A's team away from a member of another organisation in A's street",
    unassigned: 'keeps every record away from a user of the right role with nothing assigned',
  };
  for (const kind of OUTSIDER_KINDS) {
    it(`${DESCRIPTIONS[kind]}, changing nothing`, async () => {
      const hidden = new Map<Outsider, Set<string>>();
      for (const o of w.outsiders[kind]) {
        hidden.set(o, await hiddenFrom(o));
        // A's team is out of every outsider's reach: an "ownOnly" check that could not see it would prove nothing.
        expect(hidden.get(o)!.has(w.team.id), `${o.label}: its hidden values hold A's team`).toBe(true);
      }
      let sawOwnTeam = 0;
      let before = await dbSnapshot(t.db);
      for (const { key, entry } of entries.filter(isProtected)) {
        const outcome = entry.outsiders![kind];
        if (outcome === 'own') continue;
        for (const o of w.outsiders[kind]) {
          if (outcome !== 'forbidden' && !roleHas(o.role, entry.permission as Permission)) continue;
          const res = await send(o.agent, entry.req(w));
          sent[kind]++;
          const label = `${o.label} → ${key}: ${res.status} ${res.body.slice(0, 200)}`;
          const values = await expectOutcome(outcome, res, label, hidden.get(o)!);
          if (kind === 'sibling' && values && (values.has(w.siblingTeam.id) || values.has(w.siblingTeam.name))) sawOwnTeam++;
          const after = await dbSnapshot(t.db);
          // An answered read may leave its record in the audit log (an export); a shared write changes what it shares.
          if (res.status >= 300) expect(after, label).toEqual(before);
          else if (outcome !== 'shared') expect(withoutRecordedReads(after), label).toEqual(withoutRecordedReads(before));
          before = after;
        }
      }
      // The lists A's sibling got named its own team and filing: "nothing of A's" was checked on real answers.
      if (kind === 'sibling') expect(sawOwnTeam).toBeGreaterThanOrEqual(4);
    });
  }

  it('lets a user without any grant sign in with no permission, and refuses it every protected route (403), changing nothing', async () => {
    const user = await makeUserWithoutGrants(t.db, w.A.street);
    // Sign-in checks the password, not the grants: the account is real, it may simply do nothing yet.
    const agent = await signIn(t.app, user.username, PASSWORD);
    const me = await agent.get('/api/auth/me');
    expect(me.status, me.body).toBe(200);
    expect(me.json().user.permissions).toEqual([]);
    expect(me.json().user.grants).toEqual([]);
    const before = await dbSnapshot(t.db);
    for (const { key, entry } of entries.filter(isProtected)) {
      const res = await send(agent, entry.req(w));
      sent['no grant']++;
      const label = `no grant → ${key}: ${res.status} ${res.body.slice(0, 200)}`;
      expect(res.status, label).toBe(403);
      expect(res.json().error.code, label).toBe('forbidden');
      expect(await dbSnapshot(t.db), label).toEqual(before);
    }
  });

  it('refuses every state-changing request without, or with a wrong, CSRF token', async () => {
    const before = await dbSnapshot(t.db);
    const official = w.agents.official;
    const wrongToken = agentFor(t.app, official.cookie, 'not-the-token');
    for (const { key, entry } of entries) {
      const req = entry.req(w);
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
    for (const { key, entry } of entries.filter(isProtected)) {
      const role = chooser.find((r) => roleHas(r, entry.permission as Permission))!;
      const agent = entry.allowedAs?.(w) ?? w.agents[role];
      const res = await send(agent, entry.req(w));
      expect(res.status, `${entry.allowedAs ? 'its own' : role} → ${key}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${entry.allowedAs ? 'its own' : role} → ${key}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
    }
  });
});
