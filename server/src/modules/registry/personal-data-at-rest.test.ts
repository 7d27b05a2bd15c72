/**
 * Finding 16: ID numbers and phones are sealed at rest (PIPL art. 28). A dump of the whole database
 * shows none of them; responses mask them; the identity routes show them whole to those who may
 * see them, and audit each look.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blindIndex, isSealed, SealedValueError, unseal, usePersonalDataKey } from '../../core/personal-data.js';
import { rowsOf } from '../../db/client.js';
import { sealPersonalData } from '../../db/seal-personal-data.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { useTestDataKey } from '../../../test/data-key.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeIdNumber, makeMember, makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { dbSnapshot, workbook } from '../../../test/helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;
let outsider: Agent;
let reviewer: Agent;
let teamMember: Agent;
let otherTeamMember: Agent;

const LEADER_ID = makeIdNumber('19580203');
const LEADER_PHONE = '13611112222';
const NEW_LEADER_PHONE = '13633334444';
const MEMBER_ID = makeIdNumber('19620405');
const MEMBER_PHONE = '13755556666';
const IMPORTED_ID = makeIdNumber('19700101');
const IMPORTED_PHONE = '13877778888';
const USER_PHONE = '13999990000';
/** Everything that must never appear in the database in clear. */
const SECRETS = [LEADER_ID, LEADER_PHONE, NEW_LEADER_PHONE, MEMBER_ID, MEMBER_PHONE, IMPORTED_ID, IMPORTED_PHONE, USER_PHONE];

let orgId: string;
let teamId: string;
let memberId: string;

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** Every row of every table, as text: what `pg_dump --data-only` would hand to whoever gets the file. */
async function dumpDatabase(): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(
    await t.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
  ).map((r) => r.table_name);
  expect(tables).toEqual(expect.arrayContaining(['users', 'registry_organizations', 'registry_members', 'registry_filings', 'audit_log']));
  const parts: string[] = [];
  for (const table of tables) {
    const rows = rowsOf<{ j: string }>(await t.db.execute(sql.raw(`select row_to_json(t)::text as j from "${table}" t`)));
    parts.push(...rows.map((r) => r.j));
  }
  return parts.join('\n');
}

/** Each table's file on disk (its relfilenode): a rewrite gives it a new one. */
const relationFiles = async (tables: string[]) =>
  Object.fromEntries(
    rowsOf<{ relname: string; relfilenode: string }>(
      await t.db.execute(sql`select relname, relfilenode::text from pg_class where relnamespace = 'public'::regnamespace and relname = any(string_to_array(${tables.join(',')}, ','))`),
    ).map((r) => [r.relname, r.relfilenode]),
  );

const auditRows = async (action: string, entityId: string) =>
  rowsOf<{ entity_id: string; region_code: string; before: unknown; after: unknown; actor_name: string }>(
    await t.db.execute(sql`select entity_id, region_code, before, after, actor_name from audit_log where action = ${action} and entity_id = ${entityId}`),
  );

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const sign = async (grant: Parameters<typeof makeUser>[1][number]) => signIn(t.app, (await makeUser(t.db, [grant])).username, PASSWORD);
  staff = await sign({ role: 'centre_staff', regionCode: A.street });
  official = await sign({ role: 'official', regionCode: A.district });
  outsider = await sign({ role: 'centre_staff', regionCode: B.district });
  reviewer = await sign({ role: 'reviewer', regionCode: A.district });
});
afterAll(() => t.close());

describe('personal identifiers at rest', () => {
  it('takes them in through the API (organisation, members, import, change filing, user) and answers masked', async () => {
    const created = await staff.post('/api/registry/organizations', {
      regionCode: A.street,
      legalForm: 'grassroots_team',
      name: '封存测试太极队',
      leaderName: '赵建国',
      leaderPhone: LEADER_PHONE,
      leaderIdNumber: LEADER_ID,
    });
    expect(created.status, created.body).toBe(200);
    orgId = created.json().organization.id;
    expect(created.json().organization.leaderPhone).toBe(masked(LEADER_PHONE));
    for (const v of [LEADER_PHONE, LEADER_ID]) expect(created.body).not.toContain(v);

    const added = await staff.post(`/api/registry/organizations/${orgId}/members`, { name: '钱玉兰', phone: MEMBER_PHONE, idNumber: MEMBER_ID });
    expect(added.status, added.body).toBe(200);
    memberId = added.json().id;
    expect(added.json().phone).toBe(masked(MEMBER_PHONE));

    const sheet = await workbook(['所属组织', '姓名', '电话', '身份证号'], [['封存测试太极队', '孙美华', IMPORTED_PHONE, IMPORTED_ID]]);
    const imported = await staff.upload('/api/registry/import/members', 'file', 'members.xlsx', sheet, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(imported.status, imported.body).toBe(200);

    const filed = await makeOrganization(t.db, A.street, {
      name: '封存测试合唱队',
      status: 'filed',
      filingNumber: `${A.street.slice(0, 9)}-2024-0001`,
      leaderName: '李卫东',
      leaderPhone: LEADER_PHONE,
      activityContent: '合唱',
      venue: '活动室',
    });
    teamId = filed.id;
    await makeMember(t.db, filed);
    const change = await staff.post(`/api/registry/organizations/${teamId}/filing/change`, { changes: { leaderPhone: NEW_LEADER_PHONE } });
    expect(change.status, change.body).toBe(200);
    for (const v of [LEADER_PHONE, NEW_LEADER_PHONE]) expect(change.body).not.toContain(v);
    const approved = await official.post(`/api/registry/filings/${change.json().id}/approve`, {});
    expect(approved.status, approved.body).toBe(200);
    expect(approved.json().organization.leaderPhone).toBe(masked(NEW_LEADER_PHONE));
    for (const v of [LEADER_PHONE, NEW_LEADER_PHONE]) expect(approved.body).not.toContain(v);

    const user = await official.post('/api/users', {
      username: 'sealed.phone.user',
      displayName: '封存电话用户',
      password: 'Passw0rd99',
      homeRegionCode: A.street,
      phone: USER_PHONE,
      grants: [{ role: 'centre_staff', regionCode: A.street }],
    });
    expect(user.status, user.body).toBe(200);
    expect(user.body).not.toContain(USER_PHONE);

    const list = await staff.get(`/api/registry/organizations?regionCode=${A.street}&include=leaderPhone&pageSize=200`);
    const detail = await staff.get(`/api/registry/organizations/${orgId}`);
    const members = await staff.get(`/api/registry/organizations/${orgId}/members`);
    expect(detail.json().organization.leaderIdNumber).toBe(`${LEADER_ID.slice(0, 3)}***********${LEADER_ID.slice(-4)}`);
    expect(members.json().items).toHaveLength(2);
    expect(list.json().items.find((o: { id: string }) => o.id === orgId).leaderPhone).toBe(masked(LEADER_PHONE));
    for (const res of [list, detail, members]) {
      expect(res.status).toBe(200);
      for (const v of SECRETS) expect(res.body).not.toContain(v);
    }
  });

  it('keeps every one of them out of a dump of the whole database, audit log and filing payloads included', async () => {
    const dump = await dumpDatabase();
    for (const v of SECRETS) expect(dump, v).not.toContain(v);
    // The values are there, sealed, and open to the key.
    const [org] = rowsOf(await t.db.execute(sql`select leader_phone, leader_id_number, leader_id_number_hash from registry_organizations where id = ${orgId}`));
    expect(isSealed(org.leader_phone) && unseal(org.leader_phone)).toBe(LEADER_PHONE);
    expect(isSealed(org.leader_id_number) && unseal(org.leader_id_number)).toBe(LEADER_ID);
    expect(org.leader_id_number_hash).toBe(blindIndex('id_number', LEADER_ID));
    const [filing] = rowsOf(await t.db.execute(sql`select payload from registry_filings where organization_id = ${teamId} and kind = 'change'`));
    expect(isSealed(filing.payload.changes.leaderPhone) && unseal(filing.payload.changes.leaderPhone)).toBe(NEW_LEADER_PHONE);
    expect(isSealed(filing.payload.current.leaderPhone) && unseal(filing.payload.current.leaderPhone)).toBe(LEADER_PHONE);
  });

  it('finds a person on a roster by keyed hash: the same ID number twice in one team is refused, in another team accepted', async () => {
    const before = await dbSnapshot(t.db);
    const again = await staff.post(`/api/registry/organizations/${orgId}/members`, { name: '重复的人', idNumber: MEMBER_ID });
    expect(again.status).toBe(400);
    expect(again.json().error.fields[0]).toMatchObject({ field: 'idNumber', problem: 'id_number_on_roster' });
    expect(again.json().error.fields[0].message).toContain('身份证号');
    const twice = makeIdNumber('19710101');
    const sheet = await workbook(
      ['所属组织', '姓名', '身份证号'],
      [['封存测试太极队', '再导入', IMPORTED_ID], ['封存测试合唱队', '甲', twice], ['封存测试合唱队', '乙', twice]],
    );
    const reimport = await staff.upload('/api/registry/import/members', 'file', 'm.xlsx', sheet, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(reimport.status, reimport.body).toBe(422);
    expect(reimport.json().error.details.problems).toEqual([
      { row: 2, column: '身份证号', message: '身份证号：此人已在该组织的成员名单中' },
      { row: 4, column: '身份证号', message: '身份证号与文件第 3 行重复' },
    ]);
    expect(await dbSnapshot(t.db)).toEqual(before);
    expect((await staff.post(`/api/registry/organizations/${teamId}/members`, { name: '钱玉兰', idNumber: MEMBER_ID })).status).toBe(200);
  });
});

describe('the identity routes', () => {
  it('show a member and a leader whole to centre staff, each look audited without the values', async () => {
    const member = await staff.get(`/api/registry/members/${memberId}/identity`);
    expect(member.status, member.body).toBe(200);
    expect(member.json()).toEqual({ idNumber: MEMBER_ID, phone: MEMBER_PHONE });
    expect(member.headers['cache-control']).toBe('no-store');
    const leader = await staff.get(`/api/registry/organizations/${orgId}/identity`);
    expect(leader.json()).toEqual({ idNumber: LEADER_ID, phone: LEADER_PHONE });
    // One identifier only, when only one is looked at.
    expect((await staff.get(`/api/registry/organizations/${teamId}/identity?field=phone`)).json()).toEqual({ phone: NEW_LEADER_PHONE });

    const [memberAudit] = await auditRows('registry.member.reveal', memberId);
    expect(memberAudit).toMatchObject({ entity_id: memberId, region_code: A.street, after: { organizationId: orgId, fields: ['idNumber', 'phone'] } });
    const [leaderAudit] = await auditRows('registry.organization.reveal', orgId);
    expect(leaderAudit).toMatchObject({ entity_id: orgId, region_code: A.street, after: { fields: ['idNumber', 'phone'] } });
    const [phoneOnly] = await auditRows('registry.organization.reveal', teamId);
    expect(phoneOnly.after).toEqual({ fields: ['phone'] });
    const log = JSON.stringify(rowsOf(await t.db.execute(sql`select * from audit_log`)));
    for (const v of SECRETS) expect(log).not.toContain(v);
  });

  it("lets a team's own member see its roster whole, and no other team's", async () => {
    teamMember = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: orgId }])).username, PASSWORD);
    otherTeamMember = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: teamId }])).username, PASSWORD);
    expect((await teamMember.get(`/api/registry/members/${memberId}/identity?field=phone`)).json()).toEqual({ phone: MEMBER_PHONE });
    expect((await otherTeamMember.get(`/api/registry/members/${memberId}/identity`)).status).toBe(404);
    expect((await otherTeamMember.get(`/api/registry/organizations/${orgId}/identity`)).status).toBe(404);
  });

  it('answer 404 outside the scope and 403 without the permission, writing nothing', async () => {
    const before = await dbSnapshot(t.db);
    for (const url of [`/api/registry/members/${memberId}/identity`, `/api/registry/organizations/${orgId}/identity`]) {
      const away = await outsider.get(url);
      expect(away.status).toBe(404);
      expect(away.body).not.toContain(MEMBER_PHONE);
      const refused = await reviewer.get(url);
      expect(refused.status).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('reach the web app through the permission list of /api/auth/me', async () => {
    expect((await staff.get('/api/auth/me')).json().user.permissions).toContain('personal.reveal');
    expect((await reviewer.get('/api/auth/me')).json().user.permissions).not.toContain('personal.reveal');
  });
});

describe('the start-up sealer', () => {
  it('seals plain-text values left by an earlier version, fills the hash, and is idempotent', async () => {
    const plainId = makeIdNumber('19450607');
    const [old] = rowsOf<{ id: string }>(
      await t.db.execute(sql`insert into registry_members (organization_id, region_code, name, phone, id_number)
        values (${orgId}, ${A.street}, '旧数据', '13500001234', ${plainId}) returning id`),
    );
    await t.db.execute(sql`update users set phone = '13500005678' where username = 'sealed.phone.user'`);
    const [filing] = rowsOf<{ id: string }>(
      await t.db.execute(sql`insert into registry_filings (organization_id, region_code, kind, state, payload)
        values (${orgId}, ${A.street}, 'change', 'withdrawn', ${JSON.stringify({ changes: { leaderPhone: '13500009999' }, current: { leaderPhone: null } })}::jsonb) returning id`),
    );
    const [plain] = rowsOf(await t.db.execute(sql`select id_number_hash from registry_members where id = ${old.id}`));
    expect(plain.id_number_hash).toBeNull();

    const files = () => relationFiles(['users', 'registry_members', 'registry_filings', 'registry_organizations']);
    const filesBefore = await files();
    expect((await sealPersonalData(t.db)).rows).toBe(3);
    // The tables it changed were rewritten into new files (VACUUM FULL), which drops the plain-text
    // versions the update left behind as dead rows; the table it did not change was left alone.
    const filesAfter = await files();
    for (const table of ['users', 'registry_members', 'registry_filings']) expect(filesAfter[table], table).not.toBe(filesBefore[table]);
    expect(filesAfter.registry_organizations).toBe(filesBefore.registry_organizations);
    const [row] = rowsOf(await t.db.execute(sql`select phone, id_number, id_number_hash from registry_members where id = ${old.id}`));
    expect(unseal(row.phone)).toBe('13500001234');
    expect(unseal(row.id_number)).toBe(plainId);
    expect(row.id_number_hash).toBe(blindIndex('id_number', plainId));
    const [payload] = rowsOf(await t.db.execute(sql`select payload from registry_filings where id = ${filing.id}`));
    expect(unseal(payload.payload.changes.leaderPhone)).toBe('13500009999');
    expect(payload.payload.current.leaderPhone).toBeNull();
    const dump = await dumpDatabase();
    for (const v of ['13500001234', plainId, '13500005678', '13500009999']) expect(dump).not.toContain(v);
    // Read back through the app as before.
    expect((await staff.get(`/api/registry/members/${old.id}/identity`)).json()).toEqual({ idNumber: plainId, phone: '13500001234' });

    const snapshot = await dbSnapshot(t.db);
    expect((await sealPersonalData(t.db)).rows).toBe(0);
    expect(await dbSnapshot(t.db)).toEqual(snapshot);
  });

  it('seals a person who is on one roster twice, keeping the roster index on one row and naming the others', async () => {
    // Before sealing nothing stopped this, and `…x` and `…X` were different values; both have one hash.
    const seq = Array.from({ length: 1000 }, (_, i) => i).find((i) => makeIdNumber('19440808', i).endsWith('X'))!;
    const twice = makeIdNumber('19440808', seq);
    // Explicit times: the oldest row of a group keeps the hash, and the clock may not tell two inserts apart.
    const insertPlain = async (organizationId: string, name: string, idNumber: string, createdAt: Date) =>
      rowsOf<{ id: string }>(
        await t.db.execute(sql`insert into registry_members (organization_id, region_code, name, id_number, created_at)
          values (${organizationId}, ${A.street}, ${name}, ${idNumber}, ${createdAt.toISOString()}) returning id::text as id`),
      )[0].id;
    const first = await insertPlain(orgId, '重复甲', twice, new Date('2001-01-01T00:00:00Z'));
    const second = await insertPlain(orgId, '重复乙', twice.toLowerCase(), new Date('2001-01-02T00:00:00Z'));
    const elsewhere = await insertPlain(teamId, '别队同人', twice, new Date('2001-01-03T00:00:00Z'));
    // A row added through the API (sealed, with its hash) beside a plain one of the same person.
    const other = makeIdNumber('19440909');
    const added = await staff.post(`/api/registry/organizations/${orgId}/members`, { name: '新加入', idNumber: other });
    expect(added.status, added.body).toBe(200);
    const plainBeside = await insertPlain(orgId, '旧记录', other, new Date('2001-01-04T00:00:00Z'));

    const warnings: string[] = [];
    const result = await sealPersonalData(t.db, { warn: (m) => warnings.push(m) });
    expect(result.duplicates).toEqual([{ table: 'registry_members', groups: [[first, second], [added.json().id, plainBeside]] }]);

    const rows = new Map(
      rowsOf<{ id: string; id_number: string; id_number_hash: string | null }>(
        await t.db.execute(sql`select id::text as id, id_number, id_number_hash from registry_members where id in (${first}, ${second}, ${elsewhere}, ${plainBeside})`),
      ).map((r) => [r.id, r]),
    );
    expect(unseal(rows.get(first)!.id_number)).toBe(twice);
    expect(unseal(rows.get(second)!.id_number)).toBe(twice.toLowerCase());
    expect(rows.get(first)!.id_number_hash).toBe(blindIndex('id_number', twice));
    expect(rows.get(second)!.id_number_hash).toBeNull();
    expect(rows.get(elsewhere)!.id_number_hash).toBe(blindIndex('id_number', twice));
    expect(unseal(rows.get(plainBeside)!.id_number)).toBe(other);
    expect(rows.get(plainBeside)!.id_number_hash).toBeNull();

    expect(warnings).toHaveLength(1);
    for (const id of [first, second, added.json().id, plainBeside]) expect(warnings[0]).toContain(id);
    expect(warnings[0]).not.toContain(elsewhere);
    for (const v of [twice, twice.toLowerCase(), other, blindIndex('id_number', twice)]) expect(warnings[0]).not.toContain(v);
    // The roster still refuses the person once more, and the rows read back through the app.
    expect((await staff.post(`/api/registry/organizations/${orgId}/members`, { name: '第三次', idNumber: twice })).status).toBe(400);
    expect((await staff.get(`/api/registry/members/${second}/identity?field=idNumber`)).json()).toEqual({ idNumber: twice.toLowerCase() });
    // Saving the extra row (which re-seals its ID number with the hash) is a field error until it is merged away.
    const edit = await staff.patch(`/api/registry/members/${second}`, { phone: '13900002222' });
    expect(edit.status).toBe(409);
    expect(edit.json().error.fields[0]).toMatchObject({ field: 'idNumber', problem: 'id_number_on_roster' });
    expect((await staff.delete(`/api/registry/members/${second}`)).status).toBe(200);
  });

  it('refuses to start with a key that does not open the data already sealed, changing nothing', async () => {
    await t.db.execute(sql`update registry_members set phone = '13500004321' where id = ${memberId}`);
    usePersonalDataKey(Buffer.alloc(32, 1));
    try {
      await expect(sealPersonalData(t.db)).rejects.toThrow(SealedValueError);
      await expect(sealPersonalData(t.db)).rejects.toThrow(/restore the key/);
    } finally {
      useTestDataKey();
    }
    const [row] = rowsOf(await t.db.execute(sql`select phone from registry_members where id = ${memberId}`));
    expect(row.phone).toBe('13500004321');
    await sealPersonalData(t.db);
  });
});
