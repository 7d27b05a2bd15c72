import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Role } from '../../../../shared/roles.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { isMobilePhone, maskPhone } from '../../../../shared/validators.js';
import { type Ctx } from '../../core/actor.js';
import { scopeFor } from '../../core/scope.js';
import { writeAudit } from '../../core/audit.js';
import { userEntityName } from './users.audit.js';
import { mutate, type WriteCtx } from '../../core/write-unit.js';
import { regions, sessions, userGrants, users } from '../../core/core.tables.js';
import { scopeWhere } from '../../core/scope-sql.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, invalidField, notFound, type FieldProblem } from '../../errors.js';
import { organizationPlaces } from '../registry/registry.service.js';
import { forgetFailedLogins, loginLocks, type LoginLock } from './login-locks.js';
import { hashPassword, isStrongPassword } from './password.js';
import { canAdminister, grantProblem, managesRegion } from './users.policy.js';
import type { TCreateUserBody, TUpdateUserBody } from '../../../../shared/users/schemas.js';

type GrantInput = TCreateUserBody['grants'][number];
type UserRow = typeof users.$inferSelect;
type GrantRow = typeof userGrants.$inferSelect;

/** The grants the actor may give: known regions inside its scope, roles it may grant, organisations in their region. */
async function checkGrants(db: DbOrTx, ctx: Ctx, grants: GrantInput[], homeRegionCode?: string) {
  const problems: FieldProblem[] = [];
  const codes = [...new Set([...(homeRegionCode ? [homeRegionCode] : []), ...grants.map((g) => g.regionCode)])];
  const known = new Set(
    (await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes))).map((r) => r.code),
  );
  if (homeRegionCode !== undefined) {
    if (!known.has(homeRegionCode)) problems.push({ field: 'homeRegionCode', problem: 'region_unknown' });
    else if (!managesRegion(ctx.actor, homeRegionCode)) problems.push({ field: 'homeRegionCode', problem: 'region_out_of_scope' });
  }
  for (const [i, g] of grants.entries()) {
    const problem = grantProblem(ctx.actor, g);
    if (!known.has(g.regionCode)) problems.push({ field: `grants.${i}.regionCode`, problem: 'region_unknown' });
    else if (problem === 'region_out_of_scope') problems.push({ field: `grants.${i}.regionCode`, problem });
    if (problem === 'role_not_grantable') problems.push({ field: `grants.${i}.role`, problem });
    if (g.role === 'org_member' && !g.organizationId) {
      problems.push({ field: `grants.${i}.organizationId`, problem: 'organization_required' });
    }
    if (g.organizationId) {
      const org = (await organizationPlaces(db, [g.organizationId])).get(g.organizationId);
      if (!org || !org.regionCode.startsWith(regionPrefix(g.regionCode))) {
        problems.push({ field: `grants.${i}.organizationId`, problem: 'organization_unknown' });
      }
    }
  }
  if (problems.length) throw new AppError('validation', {}, problems);
}

/** Stored roles are always ones of ROLES (the API only writes those). */
const asGrant = (g: GrantRow) => ({ role: g.role as Role, regionCode: g.regionCode, organizationId: g.organizationId });

function normalisePhone(phone: string | null | undefined) {
  if (phone === undefined) return undefined;
  if (phone === null || phone === '') return null;
  // A masked number sent back from a form is refused here too, never stored over the real one.
  if (!isMobilePhone(phone)) throw invalidField('phone', 'phone');
  return phone;
}

/** A user as responses and audit rows show it: the phone masked, as the registry shows people's phones. */
function snapshot(row: UserRow, grants: GrantRow[]) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    phone: maskPhone(row.phone),
    active: row.active,
    homeRegionCode: row.homeRegionCode,
    grants: grants.filter((g) => g.userId === row.id).map(asGrant),
  };
}

/**
 * With the sign-in lock read from login_attempts (`loginLocks`): the latest time any client's
 * lock on the account ends. The users.locked_until column is no longer kept.
 */
function present(ctx: Ctx, row: UserRow, grants: GrantRow[], locks: Map<string, LoginLock>) {
  const user = snapshot(row, grants);
  const lockedUntil = locks.get(row.username)?.until.toISOString() ?? null;
  return { ...user, lockedUntil, manageable: canAdminister(ctx.actor, row, user.grants) };
}

const grantKey = (g: { role: string; regionCode: string; organizationId?: string | null }) =>
  JSON.stringify([g.role, g.regionCode, g.organizationId ?? null]);

/** Whether two lists hold the same grants, as sets of (role, region, organisation). */
function sameGrants(a: { role: string; regionCode: string; organizationId?: string | null }[], b: typeof a) {
  const left = new Set(a.map(grantKey));
  const right = new Set(b.map(grantKey));
  return left.size === right.size && [...left].every((k) => right.has(k));
}

/**
 * Lists users by home region for whoever may read users there, as before: the roster of an area
 * includes the people who live in it even when someone above manages them (a city official
 * homed in a district), and the export must match the screen. Who may change each one is a
 * separate question, answered per row by `manageable`; the web app offers editing only there.
 */
export async function listUsers(ctx: Ctx, query: { q?: string; page: number; pageSize: number }) {
  const where = and(
    scopeWhere(scopeFor(ctx.actor, 'user.read'), { region: users.homeRegionCode }),
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
  const locks = await loginLocks(ctx.db, rows.map((r) => r.username));
  // Grouped once: an export lists up to EXPORT_LIMIT accounts, and filtering all grants per row would be quadratic.
  const byUser = new Map<string, GrantRow[]>();
  for (const g of grants) byUser.set(g.userId, [...(byUser.get(g.userId) ?? []), g]);
  return { items: rows.map((r) => present(ctx, r, byUser.get(r.id) ?? [], locks)), total };
}

/**
 * The account with its grants when the actor may administer it; otherwise 404, as anything
 * outside one's scope reads as absent. With `forUpdate`, the row stays locked until the
 * transaction ends, so its grants cannot change between this check and the write.
 */
async function findAdministrable(db: DbOrTx, ctx: Ctx, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(users)
    .where(and(eq(users.id, id), scopeWhere(scopeFor(ctx.actor, 'user.manage'), { region: users.homeRegionCode })));
  const [row] = forUpdate ? await query.for('update') : await query;
  const grants = row ? await db.select().from(userGrants).where(eq(userGrants.userId, id)) : [];
  if (!row || !canAdminister(ctx.actor, row, grants.map(asGrant))) throw notFound('user');
  return { row, grants };
}

async function findSelf(db: DbOrTx, ctx: Ctx, forUpdate = false) {
  const query = db.select().from(users).where(eq(users.id, ctx.actor.id));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('user');
  return { row, grants: await db.select().from(userGrants).where(eq(userGrants.userId, row.id)) };
}

export async function createUser(ctx: Ctx, input: TCreateUserBody) {
  if (!isStrongPassword(input.password)) throw invalidField('password', 'password_weak');
  const phone = normalisePhone(input.phone) ?? null;
  await checkGrants(ctx.db, ctx, input.grants, input.homeRegionCode);
  const passwordHash = await hashPassword(input.password);
  return mutate(ctx, async (w) => {
    const tx = w.db;
    // Two concurrent creates can both pass this check; the unique index then refuses the second,
    // and that error is left to the error handler (409), never caught here.
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (taken) throw invalidField('username', 'username_taken');
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        homeRegionCode: input.homeRegionCode,
        phone,
      })
      .returning();
    const grants = await tx
      .insert(userGrants)
      .values(input.grants.map((g) => ({ ...g, organizationId: g.organizationId ?? null, userId: row.id })))
      .returning();
    await writeAudit(w, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      entityName: userEntityName(row),
      regionCode: row.homeRegionCode,
      after: snapshot(row, grants),
    });
    return present(ctx, row, grants, await loginLocks(tx, [row.username]));
  });
}

/** What no one changes on their own account through user administration. */
const NOT_ON_OWN_ACCOUNT = ['grants', 'active', 'password'] as const;

export async function updateUser(ctx: Ctx, id: string, input: TUpdateUserBody) {
  const own = id === ctx.actor.id;
  if (own) {
    const problems = NOT_ON_OWN_ACCOUNT.filter((k) => input[k] !== undefined).map((field) => ({ field, problem: 'own_account' }));
    if (problems.length) throw new AppError('validation', {}, problems);
  }
  const find = (db: DbOrTx, forUpdate?: boolean) => (own ? findSelf(db, ctx, forUpdate) : findAdministrable(db, ctx, id, forUpdate));
  // Checked before the slow hashing so a refused request costs little; checked again under lock below.
  await find(ctx.db);
  if (input.password !== undefined && !isStrongPassword(input.password)) throw invalidField('password', 'password_weak');
  const phone = normalisePhone(input.phone);
  if (input.grants) await checkGrants(ctx.db, ctx, input.grants);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const { row, grants: beforeGrants } = await find(tx, true);
    const [updated] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? row.displayName,
        active: input.active ?? row.active,
        phone: phone === undefined ? row.phone : phone,
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    let grants = beforeGrants;
    // The web app sends the grants only when they change; identical ones change nothing, and so
    // end no session (a rename must not sign the user out).
    const grantsChanged = !!input.grants && !sameGrants(input.grants, beforeGrants);
    if (input.grants && grantsChanged) {
      await tx.delete(userGrants).where(eq(userGrants.userId, id));
      grants = await tx
        .insert(userGrants)
        .values(input.grants.map((g) => ({ ...g, organizationId: g.organizationId ?? null, userId: id })))
        .returning();
    }
    // Deactivation, a reset password or new grants end the user's sessions.
    if (input.active === false || passwordHash || grantsChanged) await tx.delete(sessions).where(eq(sessions.userId, id));
    // A reset password or re-activation lifts the sign-in locks: the owner may sign in at once.
    if (passwordHash || (input.active === true && !row.active)) await forgetFailedLogins(tx, row.username);
    await writeAudit(w, {
      action: passwordHash ? 'user.update.password_reset' : 'user.update',
      entityType: 'user',
      entityId: id,
      entityName: userEntityName(updated),
      regionCode: row.homeRegionCode,
      before: snapshot(row, beforeGrants),
      after: snapshot(updated, grants),
    });
    return present(ctx, updated, grants, await loginLocks(tx, [updated.username]));
  });
}

/**
 * The account of a person registering itself as a volunteer (V1): one `volunteer` grant in the street
 * it chose, created inside the caller's write unit so that the account and the volunteer record
 * exist together or not at all. The password must meet the platform's rule; a taken username is
 * refused naming the field.
 */
export async function createSelfRegisteredVolunteerAccount(
  w: WriteCtx,
  input: { username: string; password: string; displayName: string; phone: string | null; regionCode: string },
) {
  if (!isStrongPassword(input.password)) throw invalidField('password', 'password_weak');
  const phone = normalisePhone(input.phone) ?? null;
  const [taken] = await w.db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (taken) throw invalidField('username', 'username_taken');
  const passwordHash = await hashPassword(input.password);
  const [row] = await w.db
    .insert(users)
    .values({ username: input.username, displayName: input.displayName, passwordHash, homeRegionCode: input.regionCode, phone })
    .returning();
  const grants = await w.db.insert(userGrants).values({ userId: row.id, role: 'volunteer', regionCode: input.regionCode, organizationId: null }).returning();
  await writeAudit(w, {
    action: 'user.create',
    entityType: 'user',
    entityId: row.id,
    entityName: userEntityName(row),
    regionCode: row.homeRegionCode,
    after: snapshot(row, grants),
  });
  return { id: row.id, username: row.username };
}

/**
 * Whether `userId` is an active account holding a centre_staff grant whose region contains
 * `regionCode` (a volunteer team's social-worker lead, 社工引领义工), and its name when it is.
 */
export async function centreStaffOfRegion(db: DbOrTx, userId: string, regionCode: string): Promise<{ id: string; displayName: string } | null> {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, grantRegion: userGrants.regionCode })
    .from(users)
    .innerJoin(userGrants, eq(userGrants.userId, users.id))
    .where(and(eq(users.id, userId), eq(users.active, true), eq(userGrants.role, 'centre_staff')));
  const row = rows.find((r) => regionCode.startsWith(regionPrefix(r.grantRegion)));
  return row ? { id: row.id, displayName: row.displayName } : null;
}

/**
 * The active centre_staff accounts whose grant's region contains `regionCode` (those
 * `centreStaffOfRegion` accepts), by name: who may lead a volunteer team there.
 */
export async function centreStaffOverRegion(db: DbOrTx, regionCode: string): Promise<{ id: string; displayName: string }[]> {
  // The region and its ancestors, as grants name them: each significant prefix padded to 12 digits.
  const prefix = regionPrefix(regionCode);
  const covering = [2, 4, 6, 9, 12].filter((end) => end <= prefix.length).map((end) => prefix.slice(0, end).padEnd(12, '0'));
  if (!covering.length) return [];
  return db
    .selectDistinct({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(userGrants, eq(userGrants.userId, users.id))
    .where(and(eq(users.active, true), eq(userGrants.role, 'centre_staff'), inArray(userGrants.regionCode, covering)))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** Display names of accounts, by id (a team's social-worker lead, who confirmed a record). */
export async function userDisplayNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
