import { sql } from 'drizzle-orm';
import { regionLevel } from '../../shared/regions.js';
import type { Role } from '../../shared/roles.js';
import { usccCheckChar, idCheckDigit } from '../../shared/validators.js';
import { regions, userGrants, users } from '../src/core/core.tables.js';
import type { Db } from '../src/db/client.js';
import { registryCategories, registryMembers, registryOrganizations } from '../src/modules/registry/registry.tables.js';
import { hashPassword } from '../src/modules/users/password.js';

export const PASSWORD = 'Passw0rd!';
let passwordHash: Promise<string> | null = null;
let serial = 0;
const next = () => ++serial;

/**
 * A region subtree of its own for one test: a city, a district and two streets with a
 * community each. Codes are made unique per call.
 */
export async function makeRegionTree(db: Db) {
  const n = next();
  const province = String(10 + (n % 80)).padStart(2, '0');
  const city = `${province}01`;
  const district = `${city}${String(n % 100).padStart(2, '0')}`;
  const codes = {
    city: `${province}0000000000`,
    cityLevel: `${city}00000000`,
    district: `${district}000000`,
    street: `${district}001000`,
    street2: `${district}002000`,
    community: `${district}001001`,
    community2: `${district}002001`,
  };
  const rows = [
    { code: codes.city, parentCode: null, name: `测试省${n}` },
    { code: codes.cityLevel, parentCode: codes.city, name: `测试市${n}` },
    { code: codes.district, parentCode: codes.cityLevel, name: `测试区${n}` },
    { code: codes.street, parentCode: codes.district, name: `甲街道${n}` },
    { code: codes.street2, parentCode: codes.district, name: `乙街道${n}` },
    { code: codes.community, parentCode: codes.street, name: `甲一社区${n}` },
    { code: codes.community2, parentCode: codes.street2, name: `乙一社区${n}` },
  ];
  await db
    .insert(regions)
    .values(rows.map((r) => ({ ...r, level: regionLevel(r.code) })))
    .onConflictDoNothing();
  return codes;
}

export async function makeUser(
  db: Db,
  grants: { role: Role; regionCode: string; organizationId?: string | null }[],
  overrides: { username?: string; locale?: string } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const username = overrides.username ?? `user${next()}_${grants[0]?.role ?? 'none'}`;
  const [user] = await db
    .insert(users)
    .values({
      username,
      displayName: `测试用户${serial}`,
      passwordHash: await passwordHash,
      homeRegionCode: grants[0].regionCode,
      locale: overrides.locale ?? null,
    })
    .returning();
  if (grants.length) {
    await db.insert(userGrants).values(grants.map((g) => ({ ...g, organizationId: g.organizationId ?? null, userId: user.id })));
  }
  return user;
}

export async function makeCategory(db: Db, nameZh = `分类${next()}`) {
  const [row] = await db
    .insert(registryCategories)
    .values({ code: `cat_${serial}`, nameZh, nameEn: `Category ${serial}`, nameZhTw: nameZh })
    .returning();
  return row;
}

/** A valid 统一社会信用代码 for a division code. */
export function makeUscc(county: string, seed = next()) {
  const body = `51${county.slice(0, 6)}${String(seed).padStart(9, '0')}`;
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
    .values({
      regionCode,
      legalForm,
      name: `测试团队${next()}`,
      status: isTeam ? 'draft' : 'registered',
      uscc: isTeam ? null : makeUscc(regionCode),
      ...overrides,
    })
    .returning();
  return row;
}

export async function makeMember(db: Db, organization: { id: string; regionCode: string }, overrides: Partial<typeof registryMembers.$inferInsert> = {}) {
  const [row] = await db
    .insert(registryMembers)
    .values({ organizationId: organization.id, regionCode: organization.regionCode, name: `成员${next()}`, role: 'member', ...overrides })
    .returning();
  await db.execute(
    sql`update registry_organizations set member_count = (select count(*) from registry_members where organization_id = ${organization.id}) where id = ${organization.id}`,
  );
  return row;
}

export async function countRows(db: Db, table: string) {
  const result = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}

/** A signed-up account holding no grant at all (makeUser takes its home region from the first grant). */
export async function makeUserWithoutGrants(db: Db, homeRegionCode: string) {
  passwordHash ??= hashPassword(PASSWORD);
  const [user] = await db
    .insert(users)
    .values({ username: `user${next()}_ungranted`, displayName: `测试用户${serial}`, passwordHash: await passwordHash, homeRegionCode })
    .returning();
  return user;
}
