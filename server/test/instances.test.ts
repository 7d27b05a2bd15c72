import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { MAX_PAYLOAD_BYTES, readPayload, writePayload } from '../src/core/cross-instance-writes.js';
import { LocalDiskStore } from '../src/core/file-store.js';
import { rowsOf, type Database } from '../src/db/client.js';
import { loadEnv } from '../src/env.js';
import { registryOrganizations } from '../src/modules/registry/registry.tables.js';
import { agentFor, signIn, type Agent } from './build-app.js';
import { useTestDataKey } from './data-key.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeOrganization } from '../src/modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';
import { freshDatabase, secondConnection } from './test-db.js';

describe('the write notice between instances', () => {
  it('names the regions while it fits PostgreSQL’s payload limit, and everything past it', () => {
    const few = ['310107015', '310101'];
    expect(readPayload(writePayload('a', few))).toEqual({ instance: 'a', prefixes: few });
    expect(readPayload(writePayload('a', null))).toEqual({ instance: 'a', prefixes: null });

    const many = Array.from({ length: 1_000 }, (_, i) => String(310_000_000_000 + i));
    const payload = writePayload('a', many);
    expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
    expect(readPayload(payload)).toEqual({ instance: 'a', prefixes: null });

    // The longest list that fits is sent whole; one prefix more and it is not.
    const fullSize = (n: number) => Buffer.byteLength(JSON.stringify({ instance: 'a', prefixes: many.slice(0, n) }));
    let fits = 1;
    while (fullSize(fits + 1) <= MAX_PAYLOAD_BYTES) fits++;
    expect(fits).toBeGreaterThan(100);
    expect(readPayload(writePayload('a', many.slice(0, fits))).prefixes).toEqual(many.slice(0, fits));
    expect(readPayload(writePayload('a', many.slice(0, fits + 1))).prefixes).toBeNull();
  });

  it('reads a malformed notice as a write of anything', () => {
    for (const bad of [undefined, '', 'not json', '[]', '{"prefixes":[1,2]}', '{"instance":7,"prefixes":"31"}']) {
      expect(readPayload(bad).prefixes, String(bad)).toBeNull();
    }
  });
});

// The embedded engine (PGlite) is one process by construction: there is no second instance to
// tell. CI runs the API suite against PostgreSQL as well, so this runs there.
describe.runIf(process.env.TEST_DATABASE_URL)('two app instances on one PostgreSQL database', () => {
  const LONG_CACHE = '600000'; // longer than any test: only invalidation can explain a fresh read
  let database: Database;
  let second: Database;
  let a: App;
  let b: App;
  let tree: Awaited<ReturnType<typeof makeRegionTree>>;

  const appOn = async (db: Database) => {
    const app = await buildApp({
      env: loadEnv({ ...process.env, LOG_LEVEL: 'silent', LIST_CACHE_MS: LONG_CACHE }),
      database: db,
      fileStore: new LocalDiskStore(mkdtempSync(path.join(tmpdir(), 'shuniu-files-'))),
    });
    await app.ready();
    return app;
  };

  /** Whether `check` holds within the time a notification takes to arrive (1 s at most). */
  const soon = async (check: () => Promise<boolean>, ms = 1_000) => {
    const end = Date.now() + ms;
    for (;;) {
      if (await check()) return true;
      if (Date.now() > end) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const names = async (agent: Agent) => {
    const res = await agent.get(`/api/registry/organizations?regionCode=${tree.district}&pageSize=100`);
    expect(res.status, res.body).toBe(200);
    return (res.json().items as { name: string }[]).map((i) => i.name);
  };

  /** One browser session, sent by a load balancer to either instance. */
  const onBoth = async (username: string) => {
    const onA = await signIn(a, username, PASSWORD);
    return { onA, onB: agentFor(b, onA.cookie, onA.csrfToken) };
  };

  beforeAll(async () => {
    useTestDataKey();
    database = await freshDatabase();
    second = (await secondConnection(database))!;
    a = await appOn(database);
    b = await appOn(second);
    tree = await makeRegionTree(database.db);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await database?.close();
  });

  it('keeps lists cached on both, each hearing the other', () => {
    expect([a.listCacheMs, b.listCacheMs]).toEqual([600_000, 600_000]);
    expect(a.crossInstanceWrites?.instance).toBeTruthy();
    expect(a.crossInstanceWrites?.instance).not.toBe(b.crossInstanceWrites?.instance);
    expect([a.writeGeneration.trusted, b.writeGeneration.trusted]).toEqual([true, true]);
  });

  it('shows a list on B the organisation created and the one renamed through A', async () => {
    const official = await onBoth((await makeUser(database.db, [{ role: 'official', regionCode: tree.district }])).username);
    const staff = await onBoth((await makeUser(database.db, [{ role: 'centre_staff', regionCode: tree.street }])).username);
    const team = await makeOrganization(database.db, tree.street, { name: '多实例太极拳队' });
    expect(await names(official.onB)).toContain('多实例太极拳队');

    // B serves its cached page: a change written behind the app's back is not seen.
    await database.db.update(registryOrganizations).set({ name: '绕过应用改的名字' }).where(eq(registryOrganizations.id, team.id));
    expect(await names(official.onB)).toContain('多实例太极拳队');

    const renamed = await staff.onA.patch(`/api/registry/organizations/${team.id}`, { name: '多实例太极拳队（更名）' });
    expect(renamed.status, renamed.body).toBe(200);
    expect(await soon(async () => (await names(official.onB)).includes('多实例太极拳队（更名）'))).toBe(true);

    const created = await staff.onA.post('/api/registry/organizations', { regionCode: tree.street, legalForm: 'grassroots_team', name: '多实例新建合唱团' });
    expect(created.status, created.body).toBe(200);
    expect(await soon(async () => (await names(official.onB)).includes('多实例新建合唱团'))).toBe(true);

    // And the other way round.
    const back = await staff.onB.patch(`/api/registry/organizations/${team.id}`, { name: '多实例太极拳队' });
    expect(back.status, back.body).toBe(200);
    expect(await soon(async () => (await names(official.onA)).includes('多实例太极拳队'))).toBe(true);
  });

  it('refuses on B a session signed out on A', async () => {
    const { onA, onB } = await onBoth((await makeUser(database.db, [{ role: 'official', regionCode: tree.district }])).username);
    expect((await onB.get('/api/auth/me')).status).toBe(200); // now in B's session cache
    expect((await onA.post('/api/auth/logout')).status).toBe(200);
    expect(await soon(async () => (await onB.get('/api/auth/me')).status === 401)).toBe(true);
    expect((await onB.get(`/api/registry/organizations?regionCode=${tree.district}`)).status).toBe(401);
  });

  it('refuses on B the session of a user deactivated through A', async () => {
    const official = await onBoth((await makeUser(database.db, [{ role: 'official', regionCode: tree.district }])).username);
    const target = await makeUser(database.db, [{ role: 'centre_staff', regionCode: tree.street }]);
    const { onB } = await onBoth(target.username);
    expect((await onB.get('/api/auth/me')).status).toBe(200);
    const res = await official.onA.patch(`/api/users/${target.id}`, { active: false });
    expect(res.status, res.body).toBe(200);
    expect(await soon(async () => (await onB.get('/api/auth/me')).status === 401)).toBe(true);
  });

  it('serves nothing cached while the listening connection is down, and hears again once it is back', async () => {
    const official = await onBoth((await makeUser(database.db, [{ role: 'official', regionCode: tree.district }])).username);
    const staff = await onBoth((await makeUser(database.db, [{ role: 'centre_staff', regionCode: tree.street }])).username);
    const team = await makeOrganization(database.db, tree.street, { name: '断线前的名字' });
    expect(await names(official.onB)).toContain('断线前的名字');

    const terminated = await database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN shuniu_writes'`,
    );
    expect(rowsOf(terminated)).toHaveLength(2);
    expect(await soon(async () => !b.writeGeneration.trusted)).toBe(true);
    // Notices sent meanwhile are lost: a change nobody announced stands for them, and is read at
    // once, down or back (reconnecting bumps everything).
    await database.db.update(registryOrganizations).set({ name: '断线时的名字' }).where(eq(registryOrganizations.id, team.id));
    expect(await names(official.onB)).toContain('断线时的名字');

    // Back (first retry after 250 ms): hearing A's writes again.
    expect(await soon(async () => a.writeGeneration.trusted && b.writeGeneration.trusted, 3_000)).toBe(true);
    const renamed = await staff.onA.patch(`/api/registry/organizations/${team.id}`, { name: '重连后的名字' });
    expect(renamed.status, renamed.body).toBe(200);
    expect(await soon(async () => (await names(official.onB)).includes('重连后的名字'))).toBe(true);
  });
});
