import type { TLineChange, TProposalContent, TProposalDiff } from '../../../../../shared/funding/optimisation.js';

/*
 * The difference between two versions of a proposal, field by field. Lists (activities, indicators,
 * budget lines) are matched line by line: first by their name (a budget line by its item), so a
 * line moved or re-priced reads as that line changed; what is left, by position; then added or removed.
 */

const SCALARS = ['title', 'summary', 'goals', 'targetBeneficiaries', 'beneficiaryCount', 'amountFen'] as const;

type Line = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of each kind of line, in the order a diff lists them (jsonb keeps no key order). */
const LINE_FIELDS = {
  activities: ['name', 'startsOn', 'endsOn', 'description'],
  indicators: ['name', 'target', 'unit'],
  budgetLines: ['item', 'category', 'amountFen', 'note'],
} as const;

function lineChanges(keys: readonly string[], before: Line | undefined, after: Line | undefined) {
  return keys.filter((k) => !same(before?.[k], after?.[k])).map((k) => ({ field: k, before: before?.[k] ?? null, after: after?.[k] ?? null }));
}

export function diffLines(before: readonly Line[], after: readonly Line[], kind: keyof typeof LINE_FIELDS): TLineChange[] {
  const fields = LINE_FIELDS[kind];
  const key = fields[0];
  const pairs: [number | null, number | null, TLineChange['match']][] = [];
  const usedBefore = new Set<number>();
  const usedAfter = new Set<number>();
  after.forEach((line, j) => {
    const i = before.findIndex((b, bi) => !usedBefore.has(bi) && b[key] === line[key]);
    if (i >= 0) {
      usedBefore.add(i);
      usedAfter.add(j);
      pairs.push([i, j, 'item']);
    }
  });
  after.forEach((_, j) => {
    if (usedAfter.has(j) || j >= before.length || usedBefore.has(j)) return;
    usedBefore.add(j);
    usedAfter.add(j);
    pairs.push([j, j, 'position']);
  });
  after.forEach((_, j) => {
    if (!usedAfter.has(j)) pairs.push([null, j, 'added']);
  });
  before.forEach((_, i) => {
    if (!usedBefore.has(i)) pairs.push([i, null, 'removed']);
  });
  const out: TLineChange[] = [];
  for (const [i, j, match] of pairs) {
    const changes = lineChanges(fields, i === null ? undefined : before[i], j === null ? undefined : after[j]);
    const moved = i !== null && j !== null && i !== j;
    if (!changes.length && !moved) continue;
    out.push({ match, beforePosition: i === null ? null : i + 1, afterPosition: j === null ? null : j + 1, changes });
  }
  return out.sort((a, b) => (a.afterPosition ?? a.beforePosition ?? 0) - (b.afterPosition ?? b.beforePosition ?? 0));
}

export function diffProposals(from: number, before: TProposalContent, to: number, after: TProposalContent): TProposalDiff {
  return {
    from,
    to,
    fields: SCALARS.filter((f) => !same(before[f], after[f])).map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null })),
    activities: diffLines(before.activities, after.activities, 'activities'),
    indicators: diffLines(before.indicators, after.indicators, 'indicators'),
    budgetLines: diffLines(before.budgetLines, after.budgetLines, 'budgetLines'),
  };
}

/** The fields that differ between two versions, in the order of the proposal. */
export function changedFields(before: TProposalContent, after: TProposalContent): string[] {
  const d = diffProposals(0, before, 0, after);
  const changed = new Set<string>(d.fields.map((f) => f.field));
  if (d.activities.length) changed.add('activities');
  if (d.indicators.length) changed.add('indicators');
  if (d.budgetLines.length) changed.add('budgetLines');
  return ['title', 'summary', 'goals', 'activities', 'targetBeneficiaries', 'beneficiaryCount', 'indicators', 'budgetLines', 'amountFen'].filter((f) => changed.has(f));
}
