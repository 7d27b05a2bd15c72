import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdNumber, checkUscc } from '../../../../shared/validators.js';
import { isSealed, unseal } from '../../core/personal-data.js';
import { useTestDataKey } from '../../../test/data-key.js';
import { freshDatabase } from '../../../test/test-db.js';
import type { Database } from '../client.js';
import { seedDemo } from './index.js';
import { LUYANG_FIGURES } from './organizations.js';
import { DEMO_TODAY } from './builder.js';

let database: Database;

async function one<T = number>(query: string): Promise<T> {
  const res = await database.db.execute(sql.raw(query));
  const row = (res as any).rows[0];
  return Object.values(row)[0] as T;
}
const count = (query: string) => one<number>(`select count(*)::int from (${query}) q`);

const ORGS = "legal_form <> 'grassroots_team'";
const TEAMS = "legal_form = 'grassroots_team'";
const catCount = (prefix: string, code: string, where: string) =>
  count(`select 1 from registry_organizations o join registry_categories c on c.id = o.category_id
         where o.region_code like '${prefix}%' and c.code = '${code}' and ${where}`);

describe('demo seed', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    useTestDataKey();
    database = await freshDatabase();
    // How long it takes is bench/restart's to measure, not a test's.
    const res = await seedDemo(database.db);
    expect(res).toEqual({ seeded: true });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  it('五里桥: 32 organisations in the four categories, 5A ×6, 4A ×3 [000]', async () => {
    expect(await count(`select 1 from registry_organizations where region_code like '310101020%' and ${ORGS}`)).toBe(32);
    const byCat = await Promise.all(
      ['life_services', 'charity', 'mediation', 'culture_sports'].map((c) => catCount('310101020', c, ORGS)),
    );
    expect(byCat.reduce((a, b) => a + b, 0)).toBe(32);
    for (const n of byCat) expect(n).toBeGreaterThan(0);
    expect(await count(`select 1 from registry_organizations where region_code like '310101020%' and ${ORGS} and grade = '5A'`)).toBe(6);
    expect(await count(`select 1 from registry_organizations where region_code like '310101020%' and ${ORGS} and grade = '4A'`)).toBe(3);
    for (const name of ['上海阳光善行公益事务中心', '洄澜心理咨询中心', '德同宜居服务社', '“星空梦之翼”青年公益团队']) {
      expect(await count(`select 1 from registry_organizations where name = '${name}' and region_code like '310101020%'`)).toBe(1);
    }
  });

  it('长寿路: 95 organisations (53 民非), 193 filed teams 94/67/21/11, 4037 members, 2397 aged 60+ [003]', async () => {
    const base = "region_code like '310107015%'";
    expect(await count(`select 1 from registry_organizations where ${base} and ${ORGS}`)).toBe(95);
    expect(await count(`select 1 from registry_organizations where ${base} and legal_form = 'social_service_agency'`)).toBe(53);
    const filedTeams = `${TEAMS} and status = 'filed'`;
    expect(await count(`select 1 from registry_organizations where ${base} and ${filedTeams}`)).toBe(193);
    expect(await catCount('310107015', 'fitness', filedTeams)).toBe(94);
    expect(await catCount('310107015', 'entertainment', filedTeams)).toBe(67);
    expect(await catCount('310107015', 'hobby', filedTeams)).toBe(21);
    expect(await catCount('310107015', 'public_service', filedTeams)).toBe(11);
    const members = `select m.birth_date from registry_members m join registry_organizations o on o.id = m.organization_id
                     where o.region_code like '310107015%' and o.${TEAMS} and o.status = 'filed'`;
    expect(await count(members)).toBe(4037);
    // 60 and over on the seed's day, from the birth dates (ages are derived on the day asked, rule 9).
    // The figure holds for a year from that day, so a demo run months later still shows the seed's 2397.
    for (const day of [DEMO_TODAY, '2027-11-04']) {
      expect(await count(`${members} and m.birth_date <= date '${day}' - interval '60 years'`), day).toBe(2397);
    }
    // The filing queue beyond the 193: 3 submitted (with filing and history rows) and 2 drafts.
    expect(await count(`select 1 from registry_organizations where ${base} and ${TEAMS} and status = 'submitted'`)).toBe(3);
    expect(await count(`select 1 from registry_organizations where ${base} and ${TEAMS} and status = 'draft'`)).toBe(2);
    expect(await count(`select 1 from registry_filings where ${base} and state = 'submitted' and kind = 'initial'`)).toBe(3);
    expect(
      await count(`select 1 from workflow_history h join registry_filings f on f.id::text = h.entity_id
                   where h.workflow = 'registry.filing' and h.to_state = 'submitted'`),
    ).toBe(3);
    for (const name of ['申新养老院', '世纪之门幼儿园', '海曼文化艺术专修学校', '利明职业技能培训学校', '长寿社区慈善超市', '三维服务社', '武宁社区太极拳队', '老妈妈合唱队']) {
      expect(await count(`select 1 from registry_organizations where name = '${name}'`)).toBe(1);
    }
  });

  it('长寿路 "六个一": about 85% of filed teams report each of 2026-08..10, about 80% compliant', async () => {
    for (const month of ['2026-08-01', '2026-09-01', '2026-10-01']) {
      const n = await count(`select 1 from registry_monthly_reports where region_code like '310107015%' and month = '${month}'`);
      expect(n).toBeGreaterThan(193 * 0.75);
      expect(n).toBeLessThan(193 * 0.95);
      const ok = await count(`select 1 from registry_monthly_reports where region_code like '310107015%' and month = '${month}'
        and responsible_person and flag and venue_permit and meeting_held and training_held and report_form`);
      expect(ok / n).toBeGreaterThan(0.65);
      expect(ok / n).toBeLessThan(0.92);
    }
  });

  it('东城: 687 = 224 社团 + 463 民非; 330 founded before 2008 = 116 + 214 [004]', async () => {
    const base = "region_code like '110101%'";
    expect(await count(`select 1 from registry_organizations where ${base} and ${ORGS}`)).toBe(687);
    expect(await count(`select 1 from registry_organizations where ${base} and legal_form = 'social_group'`)).toBe(224);
    expect(await count(`select 1 from registry_organizations where ${base} and legal_form = 'social_service_agency'`)).toBe(463);
    const before = `${base} and founded_on < '2008-01-01'`;
    expect(await count(`select 1 from registry_organizations where ${before}`)).toBe(330);
    expect(await count(`select 1 from registry_organizations where ${before} and legal_form = 'social_group'`)).toBe(116);
    expect(await count(`select 1 from registry_organizations where ${before} and legal_form = 'social_service_agency'`)).toBe(214);
    expect(await count(`select 1 from registry_organizations where ${base} and founded_on not between '2000-01-01' and '2020-12-31'`)).toBe(0);
    expect(await count(`select distinct substr(region_code, 1, 9) from registry_organizations where ${base}`)).toBe(17);
  });

  it('庐阳: 866 = 428 registered at the district + 438 filed at its ten streets and townships, as of 2020-11 [001]', async () => {
    const base = "region_code like '340103%'";
    expect(await count(`select 1 from registry_organizations where ${base}`)).toBe(LUYANG_FIGURES.total);
    expect(
      await count(`select 1 from registry_organizations where ${base} and registration_level = 'district'
                   and legal_form in ('social_group', 'social_service_agency') and status in ('registered', 'suspended')`),
    ).toBe(428);
    expect(
      await count(`select 1 from registry_organizations where ${base} and registration_level = 'street'
                   and legal_form = 'community_org' and status = 'filed'`),
    ).toBe(438);
    expect(await count(`select 1 from regions where parent_code = '340103000000' and level = 'street'`)).toBe(10);
    // Filed where they are: every street and township has some, each numbered at its own street.
    expect(await count(`select distinct region_code from registry_organizations where ${base} and status = 'filed'`)).toBe(10);
    expect(
      await count(`select 1 from registry_organizations where ${base} and status = 'filed'
                   and left(filing_number, 9) <> left(region_code, 9)`),
    ).toBe(0);
    expect(await count(`select 1 from registry_organizations where ${base} and (founded_on > '2020-11-30' or filed_at >= '2020-12-01')`)).toBe(0);
    for (const name of ['合肥市庐阳区实创社会工作服务中心', '合肥市庐阳区常青藤社会工作服务中心', '庐阳区社会组织创新园运营中心']) {
      expect(await count(`select 1 from registry_organizations where name = '${name}' and ${base}`)).toBe(1);
    }
  });

  it('every USCC and ID number is valid; filing numbers and USCCs are unique', async () => {
    const usccs = (await database.db.execute(sql`select uscc from registry_organizations where uscc is not null`)) as any;
    expect(usccs.rows.length).toBeGreaterThan(800);
    for (const r of usccs.rows) expect(checkUscc(r.uscc), r.uscc).toBeNull();
    expect(await count(`select 1 from registry_organizations where legal_form in ('social_group','social_service_agency','foundation') and uscc is null`)).toBe(0);
    const ids = (await database.db.execute(sql`
      select leader_id_number as id from registry_organizations where leader_id_number is not null
      union all select id_number from registry_members where id_number is not null`)) as any;
    expect(ids.rows.length).toBeGreaterThan(3000);
    // Stored sealed; the values inside are what is checked.
    for (const r of ids.rows) expect(isSealed(r.id) && checkIdNumber(unseal(r.id)), r.id).toBeNull();
    const phones = (await database.db.execute(sql`
      select leader_phone as p from registry_organizations where leader_phone is not null
      union all select phone from registry_members where phone is not null`)) as any;
    for (const r of phones.rows) expect(isSealed(r.p) && unseal(r.p)).toMatch(/^1[3-9]\d{9}$/);
    expect(await count(`select filing_number from registry_organizations where filing_number is not null group by 1 having count(*) > 1`)).toBe(0);
    expect(await count(`select 1 from registry_organizations where status = 'filed' and (filing_number is null or filed_at is null)`)).toBe(0);
    expect(await count(`select 1 from registry_organizations where filing_number !~ '^[0-9]{9}-[0-9]{4}-[0-9]{4}$'`)).toBe(0);
  });

  it('every record has a leader on its roster; memberCount equals the roster', async () => {
    expect(
      await count(`select 1 from registry_organizations o where true
        and not exists (select 1 from registry_members m where m.organization_id = o.id and m.role = 'leader')`),
    ).toBe(0);
    expect(
      await count(`select 1 from registry_organizations o
        where o.member_count <> (select count(*) from registry_members m where m.organization_id = o.id)`),
    ).toBe(0);
  });

  it('demo accounts exist with their grants', async () => {
    // 15 for the registry, 8 for funding (zx.dongcheng, zz.qilerong, five experts, pg.dongcheng).
    expect(await count(`select 1 from users`)).toBe(23);
    expect(
      await count(`select 1 from user_grants g join users u on u.id = g.user_id
        where (u.username, g.role, g.region_code) in (('mzj.luyang', 'official', '340103000000'), ('zx.bozhoulu', 'centre_staff', '340103001000'))`),
    ).toBe(2);
    expect(await count(`select 1 from user_grants g join users u on u.id = g.user_id where u.username = 'admin' and g.role = 'platform_admin'`)).toBe(3);
    expect(
      await count(`select 1 from user_grants g join users u on u.id = g.user_id join registry_organizations o on o.id = g.organization_id
        where u.username = 'td.taiji' and o.name = '武宁社区太极拳队'`),
    ).toBe(1);
  });

  it('a second call does nothing', async () => {
    const tables = [
      'regions', 'users', 'user_grants', 'registry_categories', 'registry_organizations', 'registry_members',
      'registry_monthly_reports', 'registry_monthly_report_versions', 'registry_filings', 'workflow_history',
      'registry_grade_awards', 'registry_star_ratings', 'registry_stage_changes',
    ];
    const before = await Promise.all(tables.map((t) => count(`select 1 from ${t}`)));
    expect(await seedDemo(database.db)).toEqual({ seeded: false });
    const after = await Promise.all(tables.map((t) => count(`select 1 from ${t}`)));
    expect(after).toEqual(before);
  });
});
