import { existsSync } from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeMember, makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { PNG_BYTES } from '../../../test/helpers.js';
import { auditLog, files } from '../../core/core.tables.js';
import type { LocalDiskStore } from '../../core/file-store.js';
import { FakeClock } from '../../core/jobs/clock.js';
import { runJobOnce } from '../../core/jobs/scheduler.js';
import { pendingFilesPurgeJob } from './pending-purge.js';

let t: TestApp;
let staff: Agent;
let A: Awaited<ReturnType<typeof makeRegionTree>>;

async function uploaded(agent: Agent): Promise<string> {
  const res = await agent.upload('/api/files', 'file', '活动照片.png', PNG_BYTES, 'image/png');
  expect(res.status, res.body).toBe(200);
  return res.json().id;
}

const onDisk = async (id: string) => {
  const [row] = await t.db.select({ key: files.storageKey }).from(files).where(eq(files.id, id));
  return existsSync(path.join((t.app.fileStore as LocalDiskStore).root, row.key));
};

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('the purge of uploads left pending', () => {
  it('removes rows and bytes of uploads unattached for a day, and keeps attached and recent ones', async () => {
    const stale = await uploaded(staff);
    const attached = await uploaded(staff);
    const recent = await uploaded(staff);
    const team = await makeOrganization(t.db, A.community, { activityContent: '合唱', venue: '活动室', leaderName: '王五' });
    await makeMember(t.db, team);
    const submit = await staff.post(`/api/registry/organizations/${team.id}/filing/submit`, { attachmentIds: [attached] });
    expect(submit.status, submit.body).toBe(200);
    const staleKey = (await t.db.select({ key: files.storageKey }).from(files).where(eq(files.id, stale)))[0].key;
    expect(await onDisk(stale)).toBe(true);

    // The job runs 25 hours after the first two uploads and 1 hour after the third.
    const now = Date.now();
    await t.db.update(files).set({ createdAt: new Date(now - 24 * 3600_000 - 60_000) }).where(inArray(files.id, [stale, attached]));
    const clock = new FakeClock(new Date(now));
    expect(await runJobOnce({ db: t.db, writes: t.app.writes, clock }, pendingFilesPurgeJob(t.app.fileStore))).toBe('ran');

    const left = (await t.db.select({ id: files.id }).from(files).where(inArray(files.id, [stale, attached, recent]))).map((r) => r.id);
    expect(left.sort()).toEqual([attached, recent].sort());
    expect(existsSync(path.join((t.app.fileStore as LocalDiskStore).root, staleKey))).toBe(false);
    expect(await onDisk(attached)).toBe(true);
    expect(await onDisk(recent)).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'file.purge'));
    expect(audit.map((a) => a.entityId)).toEqual([stale]);
    // Where the bytes were is of no use to a reader of the log.
    expect(audit[0].before).not.toHaveProperty('storageKey');
    expect((await staff.get(`/api/files/${stale}`)).status).toBe(404);
  });
});
