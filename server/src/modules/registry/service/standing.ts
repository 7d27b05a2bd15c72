import { desc, eq } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import {
  isGradedForm,
  isGradeExpired,
  isRatedForm,
  isStagedForm,
  STAR_CRITERIA,
  type TOrganizationStanding,
} from '../../../../../shared/registry/grades.js';
import type { DevStage, Grade } from '../../../../../shared/registry.js';
import type { Permission } from '../../../../../shared/permissions.js';
import { type Ctx } from '../../../core/actor.js';
import { users } from '../../../core/core.tables.js';
import { scopeCovers, scopeFor } from '../../../core/scope.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError } from '../../../errors.js';
import { findOrganizationInScope } from '../registry.queries.js';
import { registryGradeAwards as awards, registryStageChanges as stages, registryStarRatings as ratings } from '../registry.tables.js';

type OrgRef = { id: string; regionCode: string; legalForm: string; status: string };

/** Whether the actor's grant of `permission` reaches this record (the route checked only that some role holds it). */
export function reaches(ctx: Ctx, permission: Permission, org: OrgRef) {
  // scopeFor is empty for an actor without the permission, so this is also the permission check.
  return scopeCovers(scopeFor(ctx.actor, permission), { regionCode: org.regionCode, organizationId: org.id });
}

/**
 * The record to act on, locked, inside the actor's read scope (else 404) and inside the reach of
 * the action's permission (else 403: the actor sees the record but may not set this on it).
 */
export async function organizationToAssess(ctx: Ctx, db: DbOrTx, id: string, permission: Permission) {
  const row = await findOrganizationInScope(ctx, db, id, true);
  if (!reaches(ctx, permission, row)) throw new AppError('forbidden');
  return row;
}

const iso = (d: Date) => d.toISOString();

export async function gradeAwardsOf(db: DbOrTx, organizationId: string, today = todayInChina()) {
  const rows = await db
    .select({
      id: awards.id,
      grade: awards.grade,
      awardedOn: awards.awardedOn,
      validUntil: awards.validUntil,
      documentNumber: awards.documentNumber,
      reason: awards.reason,
      recordedBy: users.displayName,
      recordedAt: awards.recordedAt,
    })
    .from(awards)
    .leftJoin(users, eq(users.id, awards.recordedBy))
    .where(eq(awards.organizationId, organizationId))
    .orderBy(desc(awards.awardedOn), desc(awards.recordedAt));
  return rows.map((r) => ({
    ...r,
    grade: r.grade as Grade,
    expired: isGradeExpired(r.validUntil, today),
    recordedAt: iso(r.recordedAt),
  }));
}

const totalOf = (scores: Record<string, number> | null) =>
  scores ? STAR_CRITERIA.reduce((sum, c) => sum + (scores[c] ?? 0), 0) : null;

export async function starRatingsOf(db: DbOrTx, organizationId: string) {
  const rows = await db
    .select({
      id: ratings.id,
      year: ratings.year,
      stars: ratings.stars,
      scores: ratings.scores,
      comment: ratings.comment,
      ratedBy: users.displayName,
      ratedAt: ratings.ratedAt,
    })
    .from(ratings)
    .leftJoin(users, eq(users.id, ratings.ratedBy))
    .where(eq(ratings.organizationId, organizationId))
    .orderBy(desc(ratings.year), desc(ratings.ratedAt));
  return rows.map((r) => ({
    ...r,
    scores: r.scores as { sixOnes: number; activities: number; service: number; conduct: number } | null,
    total: totalOf(r.scores),
    ratedAt: iso(r.ratedAt),
  }));
}

export async function stageChangesOf(db: DbOrTx, organizationId: string) {
  const rows = await db
    .select({
      id: stages.id,
      fromStage: stages.fromStage,
      toStage: stages.toStage,
      reason: stages.reason,
      changedBy: users.displayName,
      changedAt: stages.changedAt,
    })
    .from(stages)
    .leftJoin(users, eq(users.id, stages.changedBy))
    .where(eq(stages.organizationId, organizationId))
    .orderBy(desc(stages.changedAt));
  return rows.map((r) => ({
    ...r,
    fromStage: r.fromStage as DevStage | null,
    toStage: r.toStage as DevStage,
    changedAt: iso(r.changedAt),
  }));
}

/** The standing of a record as `ctx` may see it, read with `db` (a write answers from its own transaction). */
export async function standingOf(ctx: Ctx, db: DbOrTx, org: OrgRef & { stage: string | null }): Promise<TOrganizationStanding> {
  const applies = { grade: isGradedForm(org.legalForm), starRating: isRatedForm(org.legalForm), stage: isStagedForm(org.legalForm) };
  // One after the other: inside a write unit the three share one connection.
  const gradeAwards = applies.grade ? await gradeAwardsOf(db, org.id) : [];
  const starRatings = applies.starRating ? await starRatingsOf(db, org.id) : [];
  const stageChanges = applies.stage ? await stageChangesOf(db, org.id) : [];
  return {
    applies,
    abilities: {
      setGrade: applies.grade && org.status === 'registered' && reaches(ctx, 'registry.grade.set', org),
      setStarRating: applies.starRating && org.status === 'filed' && reaches(ctx, 'registry.rating.set', org),
      setStage: applies.stage && org.status !== 'dissolved' && reaches(ctx, 'registry.stage.set', org),
    },
    grade: gradeAwards[0] ?? null,
    gradeAwards,
    starRating: starRatings[0] ?? null,
    starRatings,
    stage: applies.stage ? ((org.stage as DevStage | null) ?? null) : null,
    stageChanges,
  };
}

export async function getOrganizationStanding(ctx: Ctx, id: string) {
  const org = await findOrganizationInScope(ctx, ctx.db, id);
  return standingOf(ctx, ctx.db, org);
}
