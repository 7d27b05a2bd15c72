/**
 * Rule 12 of issue 8: names sort by their pinyin read as words (重庆 chóng, 银行 háng, 长寿路 cháng
 * beside 队长 zhǎng), the key is written with every name on every path, and a dump and restore keeps
 * the order (the key used to be a generated column over a pinyin table, which pg_dump may restore
 * after the rows it feeds).
 */
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { LocalDiskStore } from '../../core/file-store.js';
import { pinyinSortKey } from '../../core/pinyin-key.js';
import { createBackup, restoreBackup } from '../../db/backup.js';
import { openPglite, rowsOf, type Database } from '../../db/client.js';
import { fillDerivedColumns } from '../../db/derived-columns.js';
import { loadEnv } from '../../env.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { workbook, XLSX_MIME } from '../../../test/helpers.js';
import { emptyDatabase } from '../../../test/test-db.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeIdNumber, makeMember, makeOrganization } from './registry.factories.js';

let t: TestApp;
let A: RegionTree;
let official: Agent;
let staff: Agent;

/**
 * Read character by character with each one's commonest reading (the old SQL table), these sort
 * wrong: 重 zhòng, 行 xíng, and 长 one way for both 长寿路 and 队长.
 */
const POLYPHONES = ['重庆路舞蹈队', '银行退休职工合唱团', '银杉书画社', '长寿路太极队', '城市绿化志愿队', '队长沙龙', '队员之家'];
/** chang2 < cheng2 < chong2 < dui4 yuan2 < dui4 zhang3 < yin2 hang2 < yin2 shan1. */
const IN_PINYIN_ORDER = ['长寿路太极队', '城市绿化志愿队', '重庆路舞蹈队', '队员之家', '队长沙龙', '银行退休职工合唱团', '银杉书画社'];

const listNames = async (agent: Agent, order: 'asc' | 'desc' = 'asc') => {
  const res = await agent.get(`/api/registry/organizations?sort=name&order=${order}&pageSize=100&regionCode=${A.street}`);
  expect(res.status, res.body).toBe(200);
  return (res.json() as { items: { name: string }[] }).items.map((i) => i.name);
};

const storedKeys = async (db: Database['db']) =>
  rowsOf<{ name: string; name_sort: string | null }>(await db.execute(sql`select name, name_sort from registry_organizations order by name`));

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  // Created through the API, in an order that is neither the answer nor its reverse.
  for (const name of POLYPHONES) {
    const res = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'grassroots_team', name });
    expect(res.status, res.body).toBe(200);
  }
});
afterAll(() => t.close());

describe('the pinyin sort key', () => {
  it('reads polyphones by their word, with tones, and keeps other characters', () => {
    expect(pinyinSortKey('重庆市')).toBe('chong2 qing4 shi4');
    expect(pinyinSortKey('银行')).toBe('yin2 hang2');
    expect(pinyinSortKey('长寿路街道')).toBe('chang2 shou4 lu4 jie1 dao4');
    expect(pinyinSortKey('队长')).toBe('dui4 zhang3');
    expect(pinyinSortKey('ＡＢＣ 舞蹈队（二）')).toBe('abc wu3 dao3 dui4 ( er4 )');
    expect(pinyinSortKey('')).toBe('');
  });

  it('orders byte by byte as a dictionary does: syllable, then tone, then the next syllable', () => {
    const words = ['鲜艳', '西安', '先', '马', '吗', '妈', '麻', '骂'];
    const sorted = [...words].sort((a, b) => (pinyinSortKey(a) < pinyinSortKey(b) ? -1 : 1));
    expect(sorted).toEqual(['妈', '麻', '马', '骂', '吗', '西安', '先', '鲜艳']);
  });
});

describe('sorting the list by name', () => {
  it('puts polyphones where their word reads, both ways', async () => {
    expect(await listNames(official)).toEqual(IN_PINYIN_ORDER);
    expect(await listNames(official, 'desc')).toEqual([...IN_PINYIN_ORDER].reverse());
  });

  it('breaks a tie of equal keys by the name', async () => {
    // 长宁 and 常宁 both read chang2 ning2.
    const region = A.street2;
    await makeOrganization(t.db, region, { name: '长宁团队' });
    await makeOrganization(t.db, region, { name: '常宁团队' });
    const res = await official.get(`/api/registry/organizations?sort=name&order=asc&regionCode=${region}`);
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual(['常宁团队', '长宁团队']);
  });

  it('follows a rename through the API', async () => {
    const created = await official.post('/api/registry/organizations', { regionCode: A.street2, legalForm: 'grassroots_team', name: '阿福合唱团' });
    const id = created.json().organization.id;
    const renamed = await official.patch(`/api/registry/organizations/${id}`, { name: '重阳登山队' });
    expect(renamed.status, renamed.body).toBe(200);
    const [row] = rowsOf<{ name_sort: string }>(await t.db.execute(sql`select name_sort from registry_organizations where id = ${id}`));
    expect(row.name_sort).toBe('chong2 yang2 deng1 shan1 dui4');
  });

  it('follows a rename approved through a change filing', async () => {
    const team = await makeOrganization(t.db, A.street2, {
      name: '行知读书会',
      status: 'filed',
      filingNumber: `${A.street2.slice(0, 9)}-2024-0001`,
      leaderName: '赵队长',
      venue: '社区活动室',
      activityContent: '读书分享',
      filedAt: new Date('2024-03-01T02:00:00Z'),
    });
    await makeMember(t.db, team, { name: '赵队长', role: 'leader', idNumber: makeIdNumber('19600101') });
    const member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street2, organizationId: team.id }])).username, PASSWORD);
    const change = await member.post(`/api/registry/organizations/${team.id}/filing/change`, { changes: { name: '银行街读书会' }, comment: '更名' });
    expect(change.status, change.body).toBe(200);
    const approved = await staff.post(`/api/registry/filings/${change.json().id}/approve`, {});
    expect(approved.status, approved.body).toBe(200);
    const [row] = rowsOf<{ name: string; name_sort: string }>(await t.db.execute(sql`select name, name_sort from registry_organizations where id = ${team.id}`));
    expect(row).toEqual({ name: '银行街读书会', name_sort: 'yin2 hang2 jie1 du2 shu1 hui4' });
  });

  it('writes the key of every imported name', async () => {
    const bytes = await workbook(['名称', '组织形式'], [['长乐路舞蹈队', '群众活动团队'], ['重庆南路合唱团', '群众活动团队']]);
    const res = await official.upload(`/api/registry/import/organizations?regionCode=${A.street2}`, 'file', 'o.xlsx', bytes, XLSX_MIME);
    expect(res.status, res.body).toBe(200);
    const rows = (await storedKeys(t.db)).filter((r) => ['长乐路舞蹈队', '重庆南路合唱团'].includes(r.name));
    expect(rows).toEqual([
      { name: '重庆南路合唱团', name_sort: 'chong2 qing4 nan2 lu4 he2 chang4 tuan2' },
      { name: '长乐路舞蹈队', name_sort: 'chang2 le4 lu4 wu3 dao3 dui4' },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)));
  });

  it('has the key of every row the app wrote, and start-up fills one a script left without', async () => {
    const [{ id }] = rowsOf<{ id: string }>(
      await t.db.execute(sql`insert into registry_organizations (region_code, legal_form, name, status) values (${A.street}, 'grassroots_team', '长风读书会', 'draft') returning id::text as id`),
    );
    expect((await fillDerivedColumns(t.db)).nameKeys).toBe(1);
    for (const r of await storedKeys(t.db)) expect(r.name_sort, r.name).toBe(pinyinSortKey(r.name));
    expect(await fillDerivedColumns(t.db)).toEqual({ nameKeys: 0, birthDates: 0 });
    await t.db.execute(sql`delete from registry_organizations where id = ${id}`);
  });
});

/** The app over another database (a restored one), as buildTestApp makes it. */
async function appOver(database: Database) {
  const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await buildApp({ env, database, fileStore: new LocalDiskStore(mkdtempSync(path.join(tmpdir(), 'shuniu-files-'))) });
  await app.ready();
  return app;
}

describe('a dump and restore', () => {
  it('keeps the order, through the same list API', async () => {
    const before = await listNames(official);
    expect(before).toEqual(IN_PINYIN_ORDER);
    const work = mkdtempSync(path.join(tmpdir(), 'shuniu-pinyin-restore-'));
    let restored: Database | null = null;
    try {
      if (t.database.engine === 'pglite') {
        // The project's own backup: an image of the embedded database, restored into a folder.
        const backup = await createBackup(t.database, { root: path.join(work, 'backups'), keep: 1 });
        await restoreBackup(backup.path, { pgliteDir: path.join(work, 'pglite'), filesDir: path.join(work, 'files'), force: false });
        restored = await openPglite({ dataDir: path.join(work, 'pglite') });
      } else {
        // A PostgreSQL server is backed up with pg_dump (README, Backups): plain SQL into a new database.
        restored = await emptyDatabase();
        execSync(`pg_dump --no-owner ${quote(t.database.url!)} | psql -q -v ON_ERROR_STOP=1 ${quote(restored.url!)}`, { stdio: ['ignore', 'ignore', 'pipe'] });
        expect(execFileSync('psql', ['-At', '-c', 'select count(*) from registry_organizations', restored.url!]).toString().trim()).not.toBe('0');
      }
      const app = await appOver(restored);
      try {
        const agent = await signIn(app, (await makeUser(restored.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
        expect(await listNames(agent)).toEqual(before);
      } finally {
        await app.close();
      }
    } finally {
      await restored?.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
