import type { TFunction } from 'i18next';

/** Labels of the review part's enums: funding.review.enum.<group>.<value>, the raw value when unknown. */
export type ReviewEnum = 'aggregation' | 'panelStatus' | 'decision' | 'assignmentState' | 'noticeState' | 'objectionDecision' | 'proposalField';

export function reviewLabel(t: TFunction, group: ReviewEnum, value: string | null | undefined): string {
  if (!value) return '—';
  return t(`funding.review.enum.${group}.${value}`, { defaultValue: value });
}

export function reviewOptions(t: TFunction, group: ReviewEnum, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: reviewLabel(t, group, v) }));
}

/** Points with at most two decimals, as the server keeps them (hundredths). */
export function formatPoints(points: number | null | undefined): string {
  if (points === null || points === undefined) return '—';
  return (Math.round(points * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
}

export const ASSIGNMENT_STATE_COLOR: Record<string, string> = { to_score: 'blue', returned: 'orange', scored: 'green' };
export const NOTICE_STATE_COLOR: Record<string, string> = { objection_period: 'blue', awaiting_answers: 'orange', fixed: 'green' };
export const DECISION_COLOR: Record<string, string> = { approved: 'green', not_funded: 'default' };
