/** Test data of the users domain (test code: nothing the server imports). */
import type { Role } from '../../../../shared/roles.js';
import { userGrants, users } from '../../core/core.tables.js';
import type { Db } from '../../db/client.js';
import { hashPassword } from './password.js';

export const PASSWORD = 'Passw0rd!';
let passwordHash: Promise<string> | null = null;
let serial = 0;

export async function makeUser(
  db: Db,
  grants: { role: Role; regionCode: string; organizationId?: string | null }[],
  overrides: { username?: string; locale?: string } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const n = ++serial;
  const username = overrides.username ?? `user${n}_${grants[0]?.role ?? 'none'}`;
  const [user] = await db
    .insert(users)
    .values({
      username,
      displayName: `测试用户${n}`,
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

/** A signed-up account holding no grant at all (makeUser takes its home region from the first grant). */
export async function makeUserWithoutGrants(db: Db, homeRegionCode: string) {
  passwordHash ??= hashPassword(PASSWORD);
  const n = ++serial;
  const [user] = await db
    .insert(users)
    .values({ username: `user${n}_ungranted`, displayName: `测试用户${n}`, passwordHash: await passwordHash, homeRegionCode })
    .returning();
  return user;
}
