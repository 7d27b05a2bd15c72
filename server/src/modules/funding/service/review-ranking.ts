import type { Aggregation, TCriterion, TCriterionScores } from '../../../../../shared/funding/review.js';
import { TRIMMED_MEAN_MIN_SCORES } from '../../../../../shared/funding/review.js';

/*
 * The arithmetic of the review, kept apart from the database so tests can work it through: a
 * score's weighted total, the aggregate of an application's totals, the ranking and the funding line.
 */

/**
 * A score's weighted total out of 100, in hundredths of a point: each criterion counts its share
 * (weight %) of its maximum. Rounded once, at the end.
 */
export function weightedTotal(criteria: readonly TCriterion[], scores: TCriterionScores): number {
  let sum = 0;
  for (const c of criteria) sum += ((scores[c.code]?.tenths ?? 0) * c.weight * 10) / c.maxScore;
  return Math.round(sum);
}

/** An aggregate as an exact fraction of hundredths (sum / count), so ties are real ties. */
export interface Aggregate {
  sum: number;
  count: number;
}

/**
 * The application's totals combined as the panel chose: the mean, or the mean once the single
 * highest and the single lowest are dropped (when several share the highest, only one of them
 * goes). Null without scores, or with too few for a trimmed mean.
 */
export function aggregate(aggregation: Aggregation, totals: readonly number[]): Aggregate | null {
  if (totals.length === 0) return null;
  if (aggregation === 'mean') return { sum: totals.reduce((s, v) => s + v, 0), count: totals.length };
  if (totals.length < TRIMMED_MEAN_MIN_SCORES) return null;
  const sorted = [...totals].sort((a, b) => a - b).slice(1, -1);
  return { sum: sorted.reduce((s, v) => s + v, 0), count: sorted.length };
}

/** Compares two aggregates exactly (cross-multiplied): positive when `a` is the higher. */
export function compareAggregates(a: Aggregate, b: Aggregate): number {
  return a.sum * b.count - b.sum * a.count;
}

/** An aggregate for display: hundredths of a point, rounded half up. */
export const aggregateHundredths = (a: Aggregate | null) => (a ? Math.round(a.sum / a.count) : null);

export interface Candidate {
  applicationId: string;
  amountFen: number;
  submittedAt: Date | null;
  aggregate: Aggregate | null;
}

/**
 * The tie rule, in order: the higher aggregate; then the smaller amount asked (the same merit for
 * less money leaves more of the budget for the projects below); then the earlier submission; then
 * the application's id, so the order never depends on the database's whim. Applications with no
 * aggregate come last.
 */
export const TIE_RULE = 'aggregate desc, amount asked asc, submitted at asc, id asc';

export function rankCandidates<C extends Candidate>(candidates: readonly C[]): C[] {
  return [...candidates].sort((a, b) => {
    if (a.aggregate && b.aggregate) {
      const byScore = compareAggregates(b.aggregate, a.aggregate);
      if (byScore !== 0) return byScore;
    } else if (a.aggregate || b.aggregate) return a.aggregate ? -1 : 1;
    if (a.amountFen !== b.amountFen) return a.amountFen - b.amountFen;
    const at = a.submittedAt?.getTime() ?? Infinity;
    const bt = b.submittedAt?.getTime() ?? Infinity;
    if (at !== bt) return at - bt;
    return a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;
  });
}

/**
 * The funding line: down the ranking, each application is approved when its amount still fits in
 * what is left of the budget; one that does not fit is skipped and the next may still fit. Stopping
 * at the first that does not fit would leave money unspent that a lower-ranked, smaller project
 * could use, while skipping never takes money from a higher-ranked project that fits. An
 * application without an aggregate is never funded.
 */
export function fundingLine<C extends Candidate>(ranked: readonly C[], budgetFen: number): { approved: Set<string>; approvedFen: number } {
  const approved = new Set<string>();
  let approvedFen = 0;
  for (const c of ranked) {
    if (!c.aggregate) continue;
    if (approvedFen + c.amountFen <= budgetFen) {
      approved.add(c.applicationId);
      approvedFen += c.amountFen;
    }
  }
  return { approved, approvedFen };
}
