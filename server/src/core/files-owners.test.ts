import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles.js';
import { buildTestApp, type TestApp } from '../../test/build-app.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { makeOrganization } from '../modules/registry/registry.factories.js';
import { makeUser } from '../modules/users/users.factories.js';
import { MIGRATIONS_FOLDER, rowsOf } from '../db/client.js';
import { registryFilings } from '../modules/registry/registry.tables.js';
import type { Actor, Ctx } from './actor.js';
import { assignments, files, workflowHistory } from './core.tables.js';
import { attachFiles, canReadFile, defineFileOwners, registerFileOwners } from './file-owners.js';
import { assignedTo, scopeWhere } from './scope-sql.js';
import { scopeFor } from './scope.js';
import { mutate } from './write-unit.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;

async function actor(role: Role, regionCode: string, organizationId: string | null = null): Promise<Actor> {
  const user = await makeUser(t.db, [{ role, regionCode, organizationId }]);
  return { id: user.id, username: user.username, displayName: user.displayName, grants: [{ id: randomUUID(), role, regionCode, organizationId }] };
}

const ctxOf = (a: Actor): Ctx => ({ db: t.db, actor: a, locale: 'zh-CN', requestId: 'test', writes: t.app.writes });

async function pendingFile(uploadedBy: string, regionCode: string, createdAt = new Date()) {
  const id = randomUUID();
  await t.db.insert(files).values({ id, storageKey: `${id.slice(0, 2)}/${id}`, originalName: '纪要.pdf', mimeType: 'application/pdf', sizeBytes: 1, sha256: 'x', regionCode, uploadedBy, createdAt });
  return id;
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
});
afterAll(() => t.close());

describe('an owner type with assignments', () => {
  // A domain whose records are reached by assignment (a reviewer's applications): its canRead is
  // its own scoped read, so an unassigned reviewer reads none of the record's files.
  const TYPE = 'test.application';
  registerFileOwners([
    defineFileOwners('test', {
      [TYPE]: {
        async canRead(ctx, id) {
          const slices = scopeFor(ctx.actor, 'region.read');
          const rows = rowsOf(await ctx.db.execute(sql`select 1 where ${scopeWhere(slices, { region: sql`''`, assignedTo: assignedTo(TYPE, sql`${id}::uuid`) })}`));
          return rows.length > 0;
        },
      },
    }),
  ]);

  it('lets the assigned reviewer read the file and not the unassigned one', async () => {
    const assigned = await actor('reviewer', A.district);
    const unassigned = await actor('reviewer', A.district);
    const applicationId = randomUUID();
    await t.db.insert(assignments).values({ entityType: TYPE, entityId: applicationId, userId: assigned.id });
    const file = { ownerType: TYPE, ownerId: applicationId, uploadedBy: null };
    expect(await canReadFile(ctxOf(assigned), file)).toBe(true);
    expect(await canReadFile(ctxOf(unassigned), file)).toBe(false);
  });

  it('refuses a second, different declaration of a type', () => {
    expect(() => registerFileOwners([defineFileOwners('other', { [TYPE]: { canRead: async () => true } })])).toThrow(/declared by test and other/);
  });
});

describe('attachFiles', () => {
  it('refuses an id that is not a uuid with 400 on attachmentIds, not a database error', async () => {
    const staff = await actor('centre_staff', A.street);
    const err = await mutate(ctxOf(staff), (w) => attachFiles(w, ['not-a-uuid'], { type: 'region', id: A.street, regionCode: A.street })).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.fields).toEqual([{ field: 'attachmentIds', problem: 'attachment_unavailable' }]);
  });

  it('takes an id named twice once', async () => {
    const staff = await actor('centre_staff', A.street);
    const id = await pendingFile(staff.id, A.street);
    const attached = await mutate(ctxOf(staff), (w) => attachFiles(w, [id, id], { type: 'region', id: A.street, regionCode: A.street }));
    expect(attached.map((f) => f.id)).toEqual([id]);
  });

  it('refuses an owner type nobody registered: such a file could be read by nobody', async () => {
    const staff = await actor('centre_staff', A.street);
    const id = await pendingFile(staff.id, A.street);
    await expect(mutate(ctxOf(staff), (w) => attachFiles(w, [id], { type: 'nobody.knows', id: randomUUID(), regionCode: A.street }))).rejects.toThrow(/not registered/);
    const [row] = await t.db.select().from(files).where(eq(files.id, id));
    expect(row.ownerType).toBeNull();
  });
});

describe('the file_owners migration', () => {
  /** The hand-written statements at the end of the migration: owners for the files that had none. */
  function ownerStatements(): string[] {
    const name = readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith('_file_owners.sql'))!;
    const file = readFileSync(path.join(MIGRATIONS_FOLDER, name), 'utf8');
    return file.split('--> statement-breakpoint').filter((s) => /UPDATE "files"/.test(s));
  }

  it('gives a file named by a workflow step to that step’s entity, and every other file to its region', async () => {
    const staff = await actor('centre_staff', A.street);
    const team = await makeOrganization(t.db, A.community);
    const [filing] = await t.db.insert(registryFilings).values({ organizationId: team.id, regionCode: team.regionCode, kind: 'initial', state: 'submitted' }).returning();
    const [later] = await t.db.insert(registryFilings).values({ organizationId: team.id, regionCode: team.regionCode, kind: 'change', state: 'submitted' }).returning();
    const named = await pendingFile(staff.id, A.street);
    const unnamed = await pendingFile(staff.id, A.street, new Date('2024-03-01T00:00:00Z'));
    for (const f of [filing, later]) {
      await t.db.insert(workflowHistory).values({ workflow: 'registry.filing', entityId: f.id, toState: 'submitted', action: 'submit', attachmentIds: [named], regionCode: f.regionCode, at: new Date(`2024-0${f === filing ? 4 : 5}-01T00:00:00Z`) });
    }
    for (const statement of ownerStatements()) await t.db.execute(sql.raw(statement));
    const [a] = await t.db.select().from(files).where(eq(files.id, named));
    expect(a).toMatchObject({ ownerType: 'registry.filing', ownerId: filing.id, regionCode: team.regionCode, organizationId: team.id, attachedAt: new Date('2024-04-01T00:00:00Z') });
    const [b] = await t.db.select().from(files).where(eq(files.id, unnamed));
    expect(b).toMatchObject({ ownerType: 'region', ownerId: A.street, regionCode: A.street, attachedAt: new Date('2024-03-01T00:00:00Z') });
    expect(rowsOf(await t.db.execute(sql`select count(*)::int as n from files where owner_type is null`))[0]).toEqual({ n: 0 });
  });
});
