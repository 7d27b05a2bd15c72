/**
 * The recipe "Adding a domain" of docs/ARCHITECTURE.md, worked: a notice board (公告栏) made only of
 * its own manifest — permissions with their roles, routes, audit events and a dashboard section — is
 * mounted, guarded, audited and shown by the platform (dashboard, home page) without an edit to
 * app.ts, the role matrix, the audit log, the dashboard or the home page. (A real domain's manifest is
 * server/src/modules/<name>/<name>.module.ts, found by reading the folder; here it is handed to
 * buildApp beside the real ones, so the test leaves no folder behind.)
 */
import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { declarePermissions, type Permission } from '../../shared/permissions.js';
import { regionPrefix } from '../../shared/regions.js';
import { buildApp, type App } from '../src/app.js';
import { writeAudit } from '../src/core/audit.js';
import { defineAuditEvents } from '../src/core/audit-events.js';
import { auditLog } from '../src/core/core.tables.js';
import { defineDomain } from '../src/core/domain.js';
import { LocalDiskStore } from '../src/core/file-store.js';
import { scopeFor } from '../src/core/scope.js';
import { scopeWhere } from '../src/core/scope-sql.js';
import { mutate } from '../src/core/write-unit.js';
import type { Database } from '../src/db/client.js';
import { loadDomains } from '../src/domains.js';
import { loadEnv } from '../src/env.js';
import { ctxOf } from '../src/plugins/session.js';
import { signIn, type Agent } from './build-app.js';
import { useTestDataKey } from './data-key.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';
import { freshDatabase } from './test-db.js';

// 1. shared/noticeboard/permissions.ts: the domain's permissions and who holds them. (A real domain
// also adds their names to PermissionRegistry there; this test casts instead, to keep the program's
// Permission type free of an example.)
const NOTICEBOARD_PERMISSIONS = declarePermissions('noticeboard', {
  'noticeboard.read': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  'noticeboard.post': ['platform_admin', 'official', 'centre_staff'],
});
const READ = 'noticeboard.read' as Permission;
const POST = 'noticeboard.post' as Permission;

// 2. shared/noticeboard/api.ts: the contract of its routes.
const ZNote = z.object({ noteText: z.string().trim().min(1).max(200), regionCode: z.string().regex(/^\d{12}$/) });
const ZNotes = z.object({ items: z.array(z.object({ noteText: z.string(), regionCode: z.string() })) });

// 3. server/src/modules/noticeboard/noticeboard.audit.ts: what its writes record.
const noticeboardAudit = defineAuditEvents('noticeboard', {
  'noticeboard.note.post': {
    entity: 'note',
    label: { 'zh-CN': '发布公告', en: 'Notice posted', 'zh-TW': '發布公告' },
    after: z.object({ noteText: z.string() }),
  },
});

// 4. Its routes; every write runs through the write unit with its audit row. This empty domain keeps
// its notes in the audit log itself (it has no tables of its own).
const noteRows = (on: FastifyInstance, slices: ReturnType<typeof scopeFor>) =>
  on.database.db
    .select({ after: auditLog.after, regionCode: auditLog.regionCode })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'noticeboard.note.post'), scopeWhere(slices, { region: sql`coalesce(${auditLog.regionCode}, '')` })));

async function noticeboardRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/notes', { config: { permission: READ }, schema: { response: { 200: ZNotes } } }, async (request) => {
    const rows = await noteRows(app, scopeFor(ctxOf(request).actor, READ));
    return { items: rows.map((r) => ({ noteText: (r.after as { noteText: string }).noteText, regionCode: r.regionCode ?? '' })) };
  });
  app.post('/notes', { config: { permission: POST }, schema: { body: ZNote, response: { 200: z.object({ ok: z.literal(true) }) } } }, async (request) => {
    await mutate(ctxOf(request), (w) =>
      writeAudit(w, { action: 'noticeboard.note.post', entityType: 'note', entityName: request.body.noteText, regionCode: request.body.regionCode, after: { noteText: request.body.noteText } }),
    );
    return { ok: true as const };
  });
}

// 5. server/src/modules/noticeboard/noticeboard.module.ts: the one object the platform assembles.
const noticeboard = defineDomain({
  name: 'noticeboard',
  routes: [{ prefix: '/api/noticeboard', plugin: noticeboardRoutes }],
  permissions: NOTICEBOARD_PERMISSIONS,
  audit: noticeboardAudit,
  // Its words: a refused field is named in the caller's language.
  messages: {
    'zh-CN': { fields: { noteText: '公告内容' } },
    en: { fields: { noteText: 'notice text' } },
    'zh-TW': { fields: { noteText: '公告內容' } },
  },
  dashboard: {
    permission: READ,
    reads: [READ],
    schema: z.object({ notes: z.number() }),
    async load(ctx, region) {
      const rows = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'noticeboard.note.post'), like(auditLog.regionCode, `${region.prefix}%`)));
      return { notes: rows[0].n };
    },
  },
  home: {
    schema: z.object({ kind: z.literal('noticeboardLatest'), noteText: z.string() }),
    async cards(ctx) {
      const [latest] = await noteRows(app, scopeFor(ctx.actor, READ)).orderBy(desc(auditLog.at)).limit(1);
      return latest ? [{ kind: 'noticeboardLatest', noteText: (latest.after as { noteText: string }).noteText, secret: 'left out by the schema' }] : [];
    },
  },
});

let app: App;

describe('adding a domain', () => {
  let database: Database;
  let tree: Awaited<ReturnType<typeof makeRegionTree>>;
  let staff: Agent;
  let member: Agent;
  let official: Agent;

  beforeAll(async () => {
    useTestDataKey();
    database = await freshDatabase();
    app = await buildApp({
      env: loadEnv({ ...process.env, LOG_LEVEL: 'silent' }),
      database,
      fileStore: new LocalDiskStore(mkdtempSync(path.join(tmpdir(), 'shuniu-files-'))),
      domains: [...(await loadDomains()), noticeboard],
    });
    await app.ready();
    tree = await makeRegionTree(database.db);
    const staffUser = await makeUser(database.db, [{ role: 'centre_staff', regionCode: tree.street }]);
    const memberUser = await makeUser(database.db, [{ role: 'volunteer', regionCode: tree.street }]);
    const officialUser = await makeUser(database.db, [{ role: 'official', regionCode: tree.district }]);
    staff = await signIn(app, staffUser.username, PASSWORD);
    member = await signIn(app, memberUser.username, PASSWORD);
    official = await signIn(app, officialUser.username, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('mounts its routes under /api/<name>, guarded by the permissions it declares', async () => {
    expect((await staff.post('/api/noticeboard/notes', { noteText: '本周六社区义诊', regionCode: tree.street })).status).toBe(200);
    // A volunteer holds neither permission of the notice board.
    expect((await member.get('/api/noticeboard/notes')).status).toBe(403);
    expect((await member.post('/api/noticeboard/notes', { noteText: '越权', regionCode: tree.street })).status).toBe(403);
    const notes = await official.get('/api/noticeboard/notes');
    expect(notes.json().items).toEqual([{ noteText: '本周六社区义诊', regionCode: tree.street }]);
  });

  it("names its own fields in a refusal, in the caller's language, and writes nothing", async () => {
    const refused = await staff.post('/api/noticeboard/notes', { noteText: '', regionCode: tree.street });
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields).toEqual([expect.objectContaining({ field: 'noteText', message: expect.stringContaining('公告内容') })]);
    const english = await staff.post('/api/noticeboard/notes', { noteText: '', regionCode: tree.street }, { 'accept-language': 'en' });
    expect(english.json().error.fields).toEqual([expect.objectContaining({ field: 'noteText', message: expect.stringMatching(/notice text/i) })]);
    expect((await official.get('/api/noticeboard/notes')).json().items).toHaveLength(1);
  });

  it('puts its permissions in the role matrix the web app reads', async () => {
    const me = (await staff.get('/api/auth/me')).json();
    expect(me.user.permissions).toEqual(expect.arrayContaining(['noticeboard.read', 'noticeboard.post']));
  });

  it('records its writes with its own audit events, in readable words', async () => {
    const log = (await official.get('/api/audit?action=noticeboard.note.post')).json();
    expect(log.items[0]).toMatchObject({ action: 'noticeboard.note.post', actionLabel: '发布公告', entityName: '本周六社区义诊' });
  });

  it('adds its cards to the home page of whoever holds its permission, as its schema declares them', async () => {
    const cards = (await official.get('/api/home')).json().cards;
    expect(cards).toContainEqual({ kind: 'noticeboardLatest', noteText: '本周六社区义诊' });
    expect((await member.get('/api/home')).json().cards.map((c: { kind: string }) => c.kind)).not.toContain('noticeboardLatest');
  });

  it('adds its section to the dashboard of every region the reader oversees', async () => {
    const summary = (await official.get(`/api/dashboard/summary?regionCode=${tree.district}`)).json();
    expect(summary.sections.noticeboard).toEqual({ notes: 1 });
    expect(summary.sections.registry).toBeDefined();
    expect(regionPrefix(summary.region.code)).toBe(regionPrefix(tree.district));
  });
});
