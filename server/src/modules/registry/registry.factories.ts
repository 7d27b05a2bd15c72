/** Test data of the registry domain (test code: nothing the server imports). */
import { sql } from 'drizzle-orm';
import { idCheckDigit, orgCodeCheckChar, usccCheckChar } from '../../../../shared/validators.js';
import { birthDateFromIdNumber } from '../../../../shared/member-age.js';
import { withNameSort } from '../../core/pinyin-key.js';
import type { Db } from '../../db/client.js';
import { registryCategories, registryMembers, registryOrganizations } from './registry.tables.js';

let serial = 0;
const next = () => ++serial;

export async function makeCategory(db: Db, nameZh = `分类${next()}`) {
  const n = next();
  const [row] = await db
    .insert(registryCategories)
    .values({ code: `cat_${n}`, nameZh, nameEn: `Category ${n}`, nameZhTw: nameZh })
    .returning();
  return row;
}

/** A valid 统一社会信用代码 for a division code. */
export function makeUscc(county: string, seed = next()) {
  const orgBody = `M${String(seed).padStart(7, '0')}`;
  const body = `51${county.slice(0, 6)}${orgBody}${orgCodeCheckChar(orgBody)}`;
  return body + usccCheckChar(body);
}

export function makeIdNumber(birth = '19500101', seq = next()) {
  const body = `310107${birth}${String(seq % 1000).padStart(3, '0')}`;
  return body + idCheckDigit(body);
}

export async function makeOrganization(
  db: Db,
  regionCode: string,
  overrides: Partial<typeof registryOrganizations.$inferInsert> = {},
) {
  const legalForm = overrides.legalForm ?? 'grassroots_team';
  const isTeam = legalForm === 'grassroots_team' || legalForm === 'community_org';
  const [row] = await db
    .insert(registryOrganizations)
    .values(
      withNameSort({
        regionCode,
        legalForm,
        name: `测试团队${next()}`,
        status: isTeam ? 'draft' : 'registered',
        uscc: isTeam ? null : makeUscc(regionCode),
        ...overrides,
      }),
    )
    .returning();
  return row;
}

export async function makeMember(db: Db, organization: { id: string; regionCode: string }, overrides: Partial<typeof registryMembers.$inferInsert> = {}) {
  const [row] = await db
    .insert(registryMembers)
    .values({
      organizationId: organization.id,
      regionCode: organization.regionCode,
      name: `成员${next()}`,
      role: 'member',
      // As the API stores them: the ID number's birth date, unless the test sets the age facts itself.
      ...(overrides.idNumber && overrides.birthDate === undefined ? { birthDate: birthDateFromIdNumber(overrides.idNumber) } : {}),
      ...overrides,
    })
    .returning();
  await db.execute(
    sql`update registry_organizations set member_count = (select count(*) from registry_members where organization_id = ${organization.id}) where id = ${organization.id}`,
  );
  return row;
}
