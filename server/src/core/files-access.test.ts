import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../test/build-app.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { makeMember, makeOrganization } from '../modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../modules/users/users.factories.js';
import { PNG_BYTES } from '../../test/helpers.js';
import { rowsOf } from '../db/client.js';
import { auditLog, files } from './core.tables.js';
import type { LocalDiskStore } from './file-store.js';

/*
 * Files belong to something: a pending upload is its uploader's alone; an attached file is read by
 * whoever reads its owner (here a filing: the filing's region scope and organisation narrowing),
 * and only the uploader attaches its own pending uploads, once.
 */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let ownTeam: { id: string; regionCode: string };
let siblingTeam: { id: string; regionCode: string };
let teamB: { id: string; regionCode: string };
let staff: Agent;
let member: Agent;
let fellowMember: Agent;
let siblingMember: Agent;
let officialB: Agent;
/** Centre staff of the other street of A's district: the filing lies outside its scope. */
let otherStreetStaff: Agent;
let memberId: string;
/** The own team's filing, submitted with attachments below. */
let filingId: string;

/** Every stored file under the store's folder, so a refused or failed upload can be shown to leave none. */
function storedFiles(): string[] {
  const root = (t.app.fileStore as LocalDiskStore).root;
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

const upload = (agent: Agent, name = '场地使用证明.png') => agent.upload('/api/files', 'file', name, PNG_BYTES, 'image/png');

async function uploaded(agent: Agent, name?: string): Promise<string> {
  const res = await upload(agent, name);
  expect(res.status, res.body).toBe(200);
  return res.json().id;
}

/** A draft team complete enough to be submitted. */
async function readyTeam(regionCode: string) {
  const team = await makeOrganization(t.db, regionCode, { activityContent: '每周练习', venue: '社区活动室', leaderName: '李四' });
  await makeMember(t.db, team);
  return team;
}

const submit = (agent: Agent, teamId: string, attachmentIds: string[]) =>
  agent.post(`/api/registry/organizations/${teamId}/filing/submit`, { comment: '请审核', attachmentIds });

const filesSnapshot = async () => JSON.stringify(rowsOf(await t.db.execute(sql`select * from files order by id`)));

async function readBy(agent: Agent, id: string) {
  const res = await agent.get(`/api/files/${id}`);
  if (res.status === 200) expect(Buffer.compare(res.rawPayload, PNG_BYTES)).toBe(0);
  else expect(res.rawPayload.includes(PNG_BYTES)).toBe(false);
  return res.status;
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  ownTeam = await readyTeam(A.community);
  siblingTeam = await readyTeam(A.community);
  teamB = await readyTeam(B.community);
  const as = async (grants: Parameters<typeof makeUser>[1]) => signIn(t.app, (await makeUser(t.db, grants)).username, PASSWORD);
  staff = await as([{ role: 'centre_staff', regionCode: A.street }]);
  // As the demo's td.taiji: a grant on the street, narrowed to one team.
  const memberUser = await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: ownTeam.id }]);
  memberId = memberUser.id;
  member = await signIn(t.app, memberUser.username, PASSWORD);
  fellowMember = await as([{ role: 'org_member', regionCode: A.street, organizationId: ownTeam.id }]);
  siblingMember = await as([{ role: 'org_member', regionCode: A.street, organizationId: siblingTeam.id }]);
  officialB = await as([{ role: 'official', regionCode: B.district }]);
  otherStreetStaff = await as([{ role: 'centre_staff', regionCode: A.street2 }]);
});
afterAll(() => t.close());

describe('a pending upload', () => {
  it('is its uploader’s alone: filed under no record, read back by the uploader, 404 to everyone else', async () => {
    const id = await uploaded(member);
    const [row] = await t.db.select().from(files).where(eq(files.id, id));
    expect(row).toMatchObject({ ownerType: null, ownerId: null, attachedAt: null, organizationId: null, uploadedBy: memberId, regionCode: A.street });
    expect(await readBy(member, id)).toBe(200);
    // Not even the street's staff or a fellow member of the team: nothing shows what it is for yet.
    for (const other of [fellowMember, staff, siblingMember, officialB, otherStreetStaff]) expect(await readBy(other, id)).toBe(404);
  });

  it('may be uploaded by an actor of any area: it reaches nobody until attached', async () => {
    const id = await uploaded(officialB);
    expect(await readBy(officialB, id)).toBe(200);
    expect(await readBy(staff, id)).toBe(404);
  });
});

describe('attaching through a workflow step', () => {
  let attached: string;

  it('makes the submitted files the filing’s, readable by whoever reads the filing', async () => {
    const permit = await uploaded(member, '场地使用证明.png');
    const minutes = await uploaded(member, '成立会议纪要.png');
    const res = await submit(member, ownTeam.id, [permit, minutes]);
    expect(res.status, res.body).toBe(200);
    filingId = res.json().id;
    attached = permit;
    const rows = await t.db.select().from(files).where(eq(files.ownerId, filingId));
    expect(rows.map((r) => r.id).sort()).toEqual([permit, minutes].sort());
    for (const r of rows) expect(r).toMatchObject({ ownerType: 'registry.filing', regionCode: ownTeam.regionCode, organizationId: ownTeam.id });
    expect(rows.every((r) => r.attachedAt instanceof Date)).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'file.attach'));
    expect(audit.filter((a) => a.entityId === permit || a.entityId === minutes)).toHaveLength(2);
    for (const reader of [member, fellowMember, staff]) {
      expect(await readBy(reader, permit)).toBe(200);
      expect(await readBy(reader, minutes)).toBe(200);
    }
  });

  it('lists the step’s attachments by name in the filing’s history', async () => {
    const detail = await staff.get(`/api/registry/filings/${filingId}`);
    expect(detail.status, detail.body).toBe(200);
    const step = detail.json().history.find((h: { action: string }) => h.action === 'submit');
    expect(step.attachments.map((a: { originalName: string }) => a.originalName)).toEqual(['场地使用证明.png', '成立会议纪要.png']);
    expect(step.attachments[0]).toEqual({ id: attached, originalName: '场地使用证明.png', mimeType: 'image/png', sizeBytes: PNG_BYTES.length });
  });

  it('answers 404 to another region’s official, a sibling organisation’s member, and staff of another street', async () => {
    for (const attacker of [officialB, siblingMember, otherStreetStaff]) expect(await readBy(attacker, attached)).toBe(404);
  });

  it('takes files from a reviewer’s step too (a return with the reason written up), owned by the filing', async () => {
    const note = await uploaded(staff, '补正说明.png');
    const res = await staff.post(`/api/registry/filings/${filingId}/return`, { comment: '请补充场地使用证明原件照片', attachmentIds: [note] });
    expect(res.status, res.body).toBe(200);
    expect(await readBy(member, note)).toBe(200);
    expect(await readBy(siblingMember, note)).toBe(404);
  });

  it('takes the team’s answer to the return with new files', async () => {
    const photo = await uploaded(fellowMember, '活动照片.png');
    const res = await submit(fellowMember, ownTeam.id, [photo]);
    expect(res.status, res.body).toBe(200);
    expect(res.json().id).toBe(filingId);
    expect(await readBy(staff, photo)).toBe(200);
  });
});

describe('attaching what is not one’s own pending upload', () => {
  it('is refused with 400 on attachmentIds, in the caller’s language, changing nothing', async () => {
    // The own team may submit again: the attachments are what is refused.
    expect((await staff.post(`/api/registry/filings/${filingId}/return`, { comment: '请再补充' })).status).toBe(200);
    const victimPending = await uploaded(member, '成员名单.png');
    const [alreadyAttached] = (await t.db.select({ id: files.id }).from(files).where(eq(files.ownerType, 'registry.filing'))).map((r) => r.id);
    const ownB = await uploaded(officialB);
    const ownSibling = await uploaded(siblingMember);
    const ownStaff = await uploaded(otherStreetStaff);
    const otherStreetTeam = await readyTeam(A.community2);
    const cases: { who: string; agent: Agent; teamId: string; ids: string[] }[] = [
      { who: 'another region’s official', agent: officialB, teamId: teamB.id, ids: [ownB, victimPending] },
      { who: 'a sibling organisation’s member', agent: siblingMember, teamId: siblingTeam.id, ids: [victimPending, ownSibling] },
      { who: 'staff of another street', agent: otherStreetStaff, teamId: otherStreetTeam.id, ids: [ownStaff, victimPending] },
      // The fellow member uploads pending files of its own, yet another's pending upload stays the other's.
      { who: 'the uploader of another pending file', agent: fellowMember, teamId: ownTeam.id, ids: [victimPending] },
      { who: 'the uploader, once attached', agent: member, teamId: ownTeam.id, ids: [alreadyAttached] },
      { who: 'anyone, for an id that is no file', agent: member, teamId: ownTeam.id, ids: [randomUUID()] },
    ];
    for (const c of cases) {
      const before = await filesSnapshot();
      const filingsBefore = rowsOf(await t.db.execute(sql`select id, state from registry_filings order by id`));
      const res = await submit(c.agent, c.teamId, c.ids);
      expect(res.status, `${c.who}: ${res.body}`).toBe(400);
      expect(res.json().error.fields, c.who).toEqual([
        expect.objectContaining({ field: 'attachmentIds', problem: 'attachment_unavailable', message: expect.stringContaining('附件') }),
      ]);
      expect(await filesSnapshot(), c.who).toBe(before);
      expect(rowsOf(await t.db.execute(sql`select id, state from registry_filings order by id`)), c.who).toEqual(filingsBefore);
    }
    // Still the uploader's, and still pending.
    expect(await readBy(member, victimPending)).toBe(200);
    expect(await readBy(fellowMember, victimPending)).toBe(404);
  });

  it('says so in English and in Taiwan Chinese too', async () => {
    const stranger = await uploaded(member);
    const team = await readyTeam(B.community);
    const en = await officialB.post(`/api/registry/organizations/${team.id}/filing/submit`, { attachmentIds: [stranger] }, { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.json().error.fields[0].message).toMatch(/^Attachments: .*not uploaded by you/);
    const tw = await officialB.post(`/api/registry/organizations/${team.id}/filing/submit`, { attachmentIds: [stranger] }, { 'accept-language': 'zh-TW' });
    expect(tw.json().error.fields[0].message).toContain('檔案');
  });
});

describe('files of other owners', () => {
  it('an organisation’s file is read by whoever reads the organisation', async () => {
    const id = await uploaded(member);
    await t.db
      .update(files)
      .set({ ownerType: 'registry.organization', ownerId: ownTeam.id, regionCode: ownTeam.regionCode, organizationId: ownTeam.id, attachedAt: new Date() })
      .where(eq(files.id, id));
    for (const reader of [member, fellowMember, staff]) expect(await readBy(reader, id)).toBe(200);
    for (const attacker of [siblingMember, officialB, otherStreetStaff]) expect(await readBy(attacker, id)).toBe(404);
  });

  it('a file filed under a region before files had owners is read by the region’s staff only', async () => {
    const id = await uploaded(staff);
    await t.db.update(files).set({ ownerType: 'region', ownerId: A.street, organizationId: ownTeam.id, attachedAt: new Date() }).where(eq(files.id, id));
    expect(await readBy(staff, id)).toBe(200);
    // Organisation members reach one organisation, not the region, even with the file's organisation set.
    for (const attacker of [member, siblingMember, officialB, otherStreetStaff]) expect(await readBy(attacker, id)).toBe(404);
  });

  it('a file of an owner type nobody registers is read by nobody', async () => {
    const id = await uploaded(staff);
    await t.db.update(files).set({ ownerType: 'nobody.knows', ownerId: randomUUID(), attachedAt: new Date() }).where(eq(files.id, id));
    expect(await readBy(staff, id)).toBe(404);
  });
});

describe('upload failures', () => {
  it('removes the stored bytes when the row cannot be written', async () => {
    // Stands in for anything that fails the insert after the checks passed (the database
    // refusing): the bytes are already in the store by then.
    await t.db.execute(sql`create function refuse_file_insert() returns trigger language plpgsql as $$ begin raise exception 'refused for the test'; end $$`);
    await t.db.execute(sql`create trigger refuse_file_insert before insert on files for each row execute function refuse_file_insert()`);
    try {
      const before = await filesSnapshot();
      const bytesBefore = storedFiles().length;
      const res = await upload(staff);
      expect(res.status).toBe(500);
      expect(await filesSnapshot()).toBe(before);
      expect(storedFiles().length).toBe(bytesBefore);
    } finally {
      await t.db.execute(sql`drop trigger refuse_file_insert on files`);
      await t.db.execute(sql`drop function refuse_file_insert()`);
    }
  });
});
