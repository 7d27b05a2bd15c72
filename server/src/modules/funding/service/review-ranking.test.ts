import { describe, expect, it } from 'vitest';
import { aggregate, aggregateHundredths, compareAggregates, fundingLine, rankCandidates, weightedTotal, type Candidate } from './review-ranking.js';

describe('aggregation', () => {
  it('a trimmed mean drops one highest and one lowest, even when several share them', () => {
    // 80 and 60 twice each: one 80 and one 60 go, the other of each stays.
    expect(aggregate('trimmed_mean', [8000, 6000, 8000, 7000, 6000])).toEqual({ sum: 8000 + 7000 + 6000, count: 3 });
    // All equal: still one dropped at each end.
    expect(aggregate('trimmed_mean', [7000, 7000, 7000])).toEqual({ sum: 7000, count: 1 });
    expect(aggregate('trimmed_mean', [9000, 1000])).toBeNull();
    expect(aggregate('mean', [9000, 1000])).toEqual({ sum: 10000, count: 2 });
    expect(aggregate('mean', [])).toBeNull();
  });

  it('compares aggregates exactly, so equal means of different counts are a tie', () => {
    const a = aggregate('mean', [7000, 8000])!; // 7500
    const b = aggregate('mean', [7500, 7500, 7500])!; // 7500
    expect(compareAggregates(a, b)).toBe(0);
    expect(compareAggregates(aggregate('mean', [7001, 8000])!, b)).toBeGreaterThan(0);
    expect(aggregateHundredths(aggregate('mean', [7000, 7001]))).toBe(7001); // 7000.5 rounds half up
  });

  it('weights each criterion by its share of its maximum', () => {
    const criteria = [
      { code: 'a', name: 'A', weight: 60, maxScore: 10 },
      { code: 'b', name: 'B', weight: 40, maxScore: 5 },
    ];
    expect(weightedTotal(criteria, { a: { tenths: 75, comment: null }, b: { tenths: 50, comment: null } })).toBe(8500);
    expect(weightedTotal(criteria, { a: { tenths: 0, comment: null }, b: { tenths: 0, comment: null } })).toBe(0);
  });
});

describe('ranking and the funding line', () => {
  const c = (id: string, amountFen: number, totals: number[], submitted = '2026-03-01T00:00:00Z'): Candidate => ({
    applicationId: id,
    amountFen,
    submittedAt: new Date(submitted),
    aggregate: aggregate('trimmed_mean', totals),
  });

  it('breaks ties by the smaller amount, then the earlier submission, then the id', () => {
    const ranked = rankCandidates([
      c('d', 100, []),
      c('c', 300, [7000, 8000, 9000]),
      c('b', 200, [6000, 8000, 9500]), // trimmed: 8000, as c
      c('a', 200, [8000, 8000, 8000], '2026-02-01T00:00:00Z'), // 8000, same amount as b, earlier
      c('e', 100, [9000, 9000, 9000]),
    ]);
    expect(ranked.map((r) => r.applicationId)).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it('skips what does not fit and goes on; never funds an application without an aggregate', () => {
    const ranked = rankCandidates([c('1', 600, [9000, 9000, 9000]), c('2', 500, [8000, 8000, 8000]), c('3', 300, [7000, 7000, 7000]), c('4', 50, [])]);
    const line = fundingLine(ranked, 1000);
    expect([...line.approved]).toEqual(['1', '3']);
    expect(line.approvedFen).toBe(900);
    expect(fundingLine(ranked, 0).approved.size).toBe(0);
  });
});
