import { z } from 'zod';
import { optionalText, text } from '../contract.js';
import { ZPastBusinessDate } from '../dates.js';
import { DEV_STAGES, GRADES, type LegalForm } from '../registry.js';

/*
 * An organisation's standing: its evaluation grade (民政部令第39号), a team's star rating (星级团队评比
 * [003]) and an organisation's development stage (萌芽型/成长型/支持型 [000]). Each changes only through
 * its own action, and each keeps its history.
 */

/** Evaluation grades belong to registered organisations (社会团体, 民办非企业单位, 基金会), never to a filed team. */
export const GRADED_LEGAL_FORMS = ['social_group', 'social_service_agency', 'foundation'] as const satisfies readonly LegalForm[];
/**
 * Star ratings are the centre's rating of grassroots activity teams (群众活动团队 [003]); a 社区社会组织
 * is an organisation, rated by stage and, once registered, by grade.
 */
export const RATED_LEGAL_FORMS = ['grassroots_team'] as const satisfies readonly LegalForm[];
/** The incubation stages classify organisations [000]; a grassroots team is rated by stars instead. */
export const STAGED_LEGAL_FORMS = ['social_group', 'social_service_agency', 'foundation', 'community_org'] as const satisfies readonly LegalForm[];

export const isGradedForm = (f: string) => (GRADED_LEGAL_FORMS as readonly string[]).includes(f);
export const isRatedForm = (f: string) => (RATED_LEGAL_FORMS as readonly string[]).includes(f);
export const isStagedForm = (f: string) => (STAGED_LEGAL_FORMS as readonly string[]).includes(f);

/** 评估等级有效期为5年 (民政部令第39号 第二十六条): valid through the same calendar day five years on. */
export const GRADE_VALID_YEARS = 5;

/** The last day an award made on `awardedOn` holds (29 February falls back to the 28th, as PostgreSQL does). */
export function gradeValidUntil(awardedOn: string): string {
  const [y, m, d] = awardedOn.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + GRADE_VALID_YEARS, m, 0)).getUTCDate();
  return `${y + GRADE_VALID_YEARS}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** A grade past its last valid day no longer counts (it is shown as expired and matches no grade filter). */
export const isGradeExpired = (validUntil: string | null, today: string) => validUntil !== null && validUntil < today;

/** What a star rating scores [003]: the "六个一" kept, the activities held, the service to the community, conduct. */
export const STAR_CRITERIA = ['sixOnes', 'activities', 'service', 'conduct'] as const;
export type StarCriterion = (typeof STAR_CRITERIA)[number];
/** Each criterion scores 0–25, so a rating's total is out of 100. */
export const STAR_CRITERION_MAX = 25;
/** The first year a star rating may be recorded for. */
export const STAR_RATING_FIRST_YEAR = 2000;

const score = z.number().int().min(0).max(STAR_CRITERION_MAX);
export const ZStarScores = z.object(Object.fromEntries(STAR_CRITERIA.map((c) => [c, score])) as Record<StarCriterion, typeof score>);

export const ZSetGradeBody = z.object({
  grade: z.enum(GRADES),
  /** The day the registration authority awarded it; the validity follows from it. */
  awardedOn: ZPastBusinessDate,
  /** The number of the authority's notice or certificate, if there is one. */
  documentNumber: optionalText(100),
  reason: text(500).min(1),
});
export type TSetGradeBody = z.infer<typeof ZSetGradeBody>;

export const ZSetStarRatingBody = z.object({
  /** The rating round: one calendar year. */
  year: z.number().int().min(STAR_RATING_FIRST_YEAR).max(2100),
  stars: z.number().int().min(1).max(5),
  scores: ZStarScores,
  comment: optionalText(500),
});
export type TSetStarRatingBody = z.infer<typeof ZSetStarRatingBody>;

export const ZSetStageBody = z.object({
  stage: z.enum(DEV_STAGES),
  reason: text(500).min(1),
});
export type TSetStageBody = z.infer<typeof ZSetStageBody>;

export const ZGradeAward = z.object({
  id: z.string(),
  grade: z.enum(GRADES),
  awardedOn: z.string(),
  validUntil: z.string(),
  expired: z.boolean(),
  documentNumber: z.string().nullable(),
  reason: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});
export type TGradeAward = z.infer<typeof ZGradeAward>;

export const ZStarRating = z.object({
  id: z.string(),
  year: z.number(),
  stars: z.number(),
  /** Null for a rating carried over from before criteria were recorded. */
  scores: ZStarScores.nullable(),
  total: z.number().nullable(),
  comment: z.string().nullable(),
  ratedBy: z.string().nullable(),
  ratedAt: z.string(),
});
export type TStarRating = z.infer<typeof ZStarRating>;

export const ZStageChange = z.object({
  id: z.string(),
  fromStage: z.enum(DEV_STAGES).nullable(),
  toStage: z.enum(DEV_STAGES),
  reason: z.string(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
});
export type TStageChange = z.infer<typeof ZStageChange>;

/** An organisation's grade, stars and stage with their histories, newest first, and what this user may set. */
export const ZOrganizationStanding = z.object({
  /** Which of the three the record's legal form has at all. */
  applies: z.object({ grade: z.boolean(), starRating: z.boolean(), stage: z.boolean() }),
  abilities: z.object({ setGrade: z.boolean(), setStarRating: z.boolean(), setStage: z.boolean() }),
  /** The latest award, expired or not. */
  grade: ZGradeAward.nullable(),
  gradeAwards: z.array(ZGradeAward),
  /** The latest rating of the latest year. */
  starRating: ZStarRating.nullable(),
  starRatings: z.array(ZStarRating),
  stage: z.enum(DEV_STAGES).nullable(),
  stageChanges: z.array(ZStageChange),
});
export type TOrganizationStanding = z.infer<typeof ZOrganizationStanding>;
