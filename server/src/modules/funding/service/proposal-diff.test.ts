import { describe, expect, it } from 'vitest';
import type { TProposalContent } from '../../../../../shared/funding/optimisation.js';
import { changedFields, diffProposals } from './proposal-diff.js';

const base: TProposalContent = {
  title: '长者助餐',
  summary: '为社区老人提供助餐服务',
  goals: null,
  activities: [{ name: '助餐', startsOn: '2026-03-01', endsOn: '2026-12-31', description: null }],
  targetBeneficiaries: '独居老人',
  beneficiaryCount: 300,
  indicators: [{ name: '服务人次', target: '10000', unit: '人次' }],
  budgetLines: [
    { item: '食材', category: null, amountFen: 300_000, note: null },
    { item: '人员', category: null, amountFen: 200_000, note: null },
    { item: '宣传', category: null, amountFen: 50_000, note: null },
  ],
  amountFen: 550_000,
};

describe('the diff of two proposal versions', () => {
  it('matches budget lines by item first, then by position, and reports additions and removals', () => {
    const after: TProposalContent = {
      ...base,
      title: '长者助餐（优化）',
      budgetLines: [
        { item: '人员', category: null, amountFen: 180_000, note: null }, // moved up and cheaper
        { item: '食材', category: null, amountFen: 300_000, note: null }, // moved down, unchanged
        { item: '场地', category: null, amountFen: 40_000, note: null }, // position 3: takes 宣传's place
        { item: '保险', category: null, amountFen: 10_000, note: null }, // new
      ],
      amountFen: 530_000,
    };
    const d = diffProposals(1, base, 2, after);
    expect(d.fields).toEqual([
      { field: 'title', before: '长者助餐', after: '长者助餐（优化）' },
      { field: 'amountFen', before: 550_000, after: 530_000 },
    ]);
    expect(d.budgetLines).toEqual([
      { match: 'item', beforePosition: 2, afterPosition: 1, changes: [{ field: 'amountFen', before: 200_000, after: 180_000 }] },
      { match: 'item', beforePosition: 1, afterPosition: 2, changes: [] },
      {
        match: 'position',
        beforePosition: 3,
        afterPosition: 3,
        changes: [
          { field: 'item', before: '宣传', after: '场地' },
          { field: 'amountFen', before: 50_000, after: 40_000 },
        ],
      },
      { match: 'added', beforePosition: null, afterPosition: 4, changes: expect.arrayContaining([{ field: 'item', before: null, after: '保险' }]) },
    ]);
    expect(d.activities).toEqual([]);
    expect(changedFields(base, after)).toEqual(['title', 'budgetLines', 'amountFen']);
    expect(changedFields(base, base)).toEqual([]);
  });

  it('reports a removed line', () => {
    const d = diffProposals(1, base, 2, { ...base, budgetLines: base.budgetLines.slice(0, 2) });
    expect(d.budgetLines).toEqual([{ match: 'removed', beforePosition: 3, afterPosition: null, changes: expect.any(Array) }]);
  });
});
