import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { regionPrefix } from '../../../../shared/regions.js';
import { can, scopeCoversRegion, scopeFor, type Ctx } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { regions, sessions, userGrants, users } from '../../core/core.tables.js';
import { scopeWhere } from '../../core/scope-sql.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, invalidField, notFound, type FieldProblem } from '../../errors.js';
import { registryOrganizations } from '../registry/registry.tables.js';
import { hashPassword, isStrongPassword } from './password.js';
import type { TCreateUserBody, TUpdateUserBody } from './users.schemas.js';

type GrantInput = TCreateUserBody['grants'][number];

async function checkGrants(db: DbOrTx, ctx: Ctx, homeRegionCode: string, grants: GrantInput[]) {
  const manage = scopeFor(ctx.actor, 'user.manage');
  const problems: FieldProblem[] = [];
  const codes = [...new Set([homeRegionCode, ...grants.map((g) => g.regionCode)])];
  const known = new Set(
    (await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes))).map((r) => r.code),
  );
  if (!known.has(homeRegionCode)) problems.push({ field: 'homeRegionCode', problem: 'region_unknown' });
  else if (!scopeCoversRegion(manage, homeRegionCode)) problems.push({ field: 'homeRegionCode', problem: 'region_out_of_scope' });
  const isAdmin = ctx.actor.grants.some((g) => g.role === 'platform_admin');
  for (const [i, g] of grants.entries()) {
    if (!known.has(g.regionCode)) problems.push({ field: `grants.${i}.regionCode`, problem: 'region_unknown' });
    else if (!scopeCoversRegion(manage, g.regionCode)) {
      problems.push({ field: `grants.${i}.regionCode`, problem: 'region_out_of_scope' });
    }
    if (g.role === 'platform_admin' && !isAdmin) problems.push({ field: `grants.${i}.role`, problem: 'role_unknown' });
    if (g.role === 'org_member' && !g.organizationId) {
      problems.push({ field: `grants.${i}.organizationId`, problem: 'organization_required' });
    }
    if (g.organizationId) {
      const [org] = await db
        .select({ regionCode: registryOrganizations.regionCode })
        .from(registryOrganizations)
        .where(eq(registryOrganizations.id, g.organizationId));
      if (!org || !org.regionCode.startsWith(regionPrefix(g.regionCode))) {
        problems.push({ field: `grants.${i}.organizationId`, problem: 'organization_unknown' });
      }
    }
  }
  if (problems.length) throw new AppError('validation', {}, problems);
}

function present(row: typeof users.$inferSelect, grants: (typeof userGrants.$inferSelect)[]) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    phone: row.phone,
    active: row.active,
    homeRegionCode: row.homeRegionCode,
    lockedUntil: row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil.toISOString() : null,
    grants: grants
      .filter((g) => g.userId === row.id)
      .map((g) => ({ role: g.role as any, regionCode: g.regionCode, organizationId: g.organizationId })),
  };
}

export async function listUsers(ctx: Ctx, query: { q?: string; page: number; pageSize: number }) {
  const where = and(
    scopeWhere(scopeFor(ctx.actor, 'user.read'), users.homeRegionCode),
    query.q ? or(ilike(users.username, `%${query.q}%`), ilike(users.displayName, `%${query.q}%`)) : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(users).where(where);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const grants = rows.length
    ? await ctx.db.select().from(userGrants).where(inArray(userGrants.userId, rows.map((r) => r.id)))
    : [];
  return { items: rows.map((r) => present(r, grants)), total };
}

async function findInScope(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, id), scopeWhere(scopeFor(ctx.actor, 'user.manage'), users.homeRegionCode)));
  if (!row) throw notFound('user');
  return row;
}

export async function createUser(ctx: Ctx, input: TCreateUserBody) {
  if (!isStrongPassword(input.password)) throw invalidField('password', 'password_weak');
  await checkGrants(ctx.db, ctx, input.homeRegionCode, input.grants);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (taken) throw invalidField('username', 'username_taken');
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        homeRegionCode: input.homeRegionCode,
        phone: input.phone ?? null,
      })
      .returning();
    const grants = await tx
      .insert(userGrants)
      .values(input.grants.map((g) => ({ ...g, organizationId: g.organizationId ?? null, userId: row.id })))
      .returning();
    const user = present(row, grants);
    await writeAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: row.id, regionCode: row.homeRegionCode, after: user });
    return user;
  });
}

export async function updateUser(ctx: Ctx, id: string, input: TUpdateUserBody) {
  const row = await findInScope(ctx, id);
  if (input.password !== undefined && !isStrongPassword(input.password)) throw invalidField('password', 'password_weak');
  if (input.grants) await checkGrants(ctx.db, ctx, row.homeRegionCode, input.grants);
  if (input.grants && !can(ctx.actor, 'user.manage')) throw new AppError('forbidden');
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db.transaction(async (tx) => {
    const beforeGrants = await tx.select().from(userGrants).where(eq(userGrants.userId, id));
    const before = present(row, beforeGrants);
    const [updated] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? row.displayName,
        active: input.active ?? row.active,
        phone: input.phone === undefined ? row.phone : input.phone,
        ...(passwordHash ? { passwordHash, failedLogins: 0, lockedUntil: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    let grants = beforeGrants;
    if (input.grants) {
      await tx.delete(userGrants).where(eq(userGrants.userId, id));
      grants = await tx
        .insert(userGrants)
        .values(input.grants.map((g) => ({ ...g, organizationId: g.organizationId ?? null, userId: id })))
        .returning();
    }
    // Deactivation, a reset password or new grants end the user's sessions.
    if (input.active === false || passwordHash || input.grants) await tx.delete(sessions).where(eq(sessions.userId, id));
    const after = present(updated, grants);
    await writeAudit(tx, ctx, {
      action: passwordHash ? 'user.update.password_reset' : 'user.update',
      entityType: 'user',
      entityId: id,
      regionCode: row.homeRegionCode,
      before,
      after,
    });
    return after;
  });
}
