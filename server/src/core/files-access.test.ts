import { readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../test/build-app.js';
import { countRows, makeOrganization, makeRegionTree, makeUser, PASSWORD } from '../../test/factories.js';
import { PNG_BYTES } from '../../test/helpers.js';
import type { LocalDiskStore } from './file-store.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let ownTeam: { id: string };
let otherTeam: { id: string };
let teamElsewhere: { id: string };
let staff: Agent;
let member: Agent;
let fellowMember: Agent;

/** Every stored file under the store's folder, so a refused or failed upload can be shown to leave none. */
function storedFiles(): string[] {
  const root = (t.app.fileStore as LocalDiskStore).root;
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

const upload = (agent: Agent, query: string) => agent.upload(`/api/files?${query}`, 'file', '照片.png', PNG_BYTES, 'image/png');

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  ownTeam = await makeOrganization(t.db, A.community);
  otherTeam = await makeOrganization(t.db, A.community);
  teamElsewhere = await makeOrganization(t.db, A.street2);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
  // As the demo's td.taiji: a grant on the street, narrowed to one team.
  const memberGrant = [{ role: 'org_member' as const, regionCode: A.street, organizationId: ownTeam.id }];
  member = await signIn(t.app, (await makeUser(t.db, memberGrant)).username, PASSWORD);
  fellowMember = await signIn(t.app, (await makeUser(t.db, memberGrant)).username, PASSWORD);
});
afterAll(() => t.close());

describe('files of an organisation', () => {
  let otherTeamFile: string;
  let streetFile: string;
  let ownFile: string;

  it('lets staff file uploads under an organisation of the street, or under the street alone', async () => {
    const forTeam = await upload(staff, `regionCode=${A.street}&organizationId=${otherTeam.id}`);
    expect(forTeam.status, forTeam.body).toBe(200);
    otherTeamFile = forTeam.json().id;
    const forStreet = await upload(staff, `regionCode=${A.street}`);
    expect(forStreet.status, forStreet.body).toBe(200);
    streetFile = forStreet.json().id;
  });

  it("hides another organisation's files, and the street's own, from an organisation member (404)", async () => {
    for (const id of [otherTeamFile, streetFile]) {
      const res = await member.get(`/api/files/${id}`);
      expect(res.status).toBe(404);
      expect(res.rawPayload.includes(PNG_BYTES)).toBe(false);
    }
  });

  it("refuses a member's upload that does not name its own organisation, storing nothing", async () => {
    const rowsBefore = await countRows(t.db, 'files');
    const bytesBefore = storedFiles().length;
    const cases = [
      { query: `regionCode=${A.street}`, field: 'organizationId', problem: 'required' },
      { query: `regionCode=${A.street}&organizationId=${otherTeam.id}`, field: 'organizationId', problem: 'region_out_of_scope' },
      { query: `regionCode=${A.street2}&organizationId=${ownTeam.id}`, field: 'regionCode', problem: 'region_out_of_scope' },
    ];
    for (const c of cases) {
      const res = await upload(member, c.query);
      expect(res.status, c.query).toBe(400);
      expect(res.json().error.fields[0], c.query).toMatchObject({ field: c.field, problem: c.problem });
    }
    expect(await countRows(t.db, 'files')).toBe(rowsBefore);
    expect(storedFiles().length).toBe(bytesBefore);
  });

  it('lets a member upload for its own organisation and read it back, as do its fellow members and the street staff', async () => {
    const res = await upload(member, `regionCode=${A.street}&organizationId=${ownTeam.id}`);
    expect(res.status, res.body).toBe(200);
    ownFile = res.json().id;
    for (const reader of [member, fellowMember, staff]) {
      const download = await reader.get(`/api/files/${ownFile}`);
      expect(download.status).toBe(200);
      expect(Buffer.compare(download.rawPayload, PNG_BYTES)).toBe(0);
    }
  });

  it("lets the street's staff read the files of every organisation in it", async () => {
    for (const id of [otherTeamFile, streetFile, ownFile]) expect((await staff.get(`/api/files/${id}`)).status).toBe(200);
  });

  it('refuses an organisation that is unknown or lies outside the region the file is filed under', async () => {
    for (const organizationId of [teamElsewhere.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await upload(staff, `regionCode=${A.street}&organizationId=${organizationId}`);
      expect(res.status).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'organizationId', problem: 'organization_unknown' });
    }
  });
});

describe('upload failures', () => {
  it('answers 400 naming regionCode, not 500, for a region code that does not exist', async () => {
    const rowsBefore = await countRows(t.db, 'files');
    const bytesBefore = storedFiles().length;
    const unknownCommunity = `${A.street.slice(0, 9)}999`;
    const res = await upload(staff, `regionCode=${unknownCommunity}`);
    expect(res.status, res.body).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'regionCode', problem: 'region_unknown' });
    expect(res.json().error.fields[0].message).toContain('所属区划');
    expect(await countRows(t.db, 'files')).toBe(rowsBefore);
    expect(storedFiles().length).toBe(bytesBefore);
  });

  it('removes the stored bytes when the row cannot be written', async () => {
    // Stands in for anything that fails the insert after the checks passed (the region deleted
    // meanwhile, the database refusing): the bytes are already in the store by then.
    await t.db.execute(sql`create function refuse_file_insert() returns trigger language plpgsql as $$ begin raise exception 'refused for the test'; end $$`);
    await t.db.execute(sql`create trigger refuse_file_insert before insert on files for each row execute function refuse_file_insert()`);
    try {
      const rowsBefore = await countRows(t.db, 'files');
      const bytesBefore = storedFiles().length;
      const res = await upload(staff, `regionCode=${A.street}`);
      expect(res.status).toBe(500);
      expect(await countRows(t.db, 'files')).toBe(rowsBefore);
      expect(storedFiles().length).toBe(bytesBefore);
    } finally {
      await t.db.execute(sql`drop trigger refuse_file_insert on files`);
      await t.db.execute(sql`drop function refuse_file_insert()`);
    }
  });
});
