import type { ScreeningOutcome, TScreening } from '../../../../../shared/funding/applications.js';
import type { TEligibilityRule } from '../../../../../shared/funding/calls.js';
import type { Locale } from '../../../i18n/index.js';
import { reasonText, ruleLabel } from './eligibility.js';

export interface Decision {
  outcome: 'pass' | 'fail';
  reason: string;
  by: string;
  at: string;
}

/** The screening as stored on the application: reasons as message keys, read in each reader's language. */
export interface StoredScreening {
  screenedAt: string;
  results: {
    index: number;
    rule: TEligibilityRule;
    outcome: ScreeningOutcome;
    reason: string;
    params: Record<string, string | number>;
    decision: Decision | null;
    history: Decision[];
  }[];
}

/** All pass (or decided pass) → in; any fail (automatic or decided) → out; else a manual rule waits. */
export function verdictOf(s: StoredScreening): TScreening['verdict'] {
  const outcomes = s.results.map((r) => (r.outcome === 'manual' ? (r.decision?.outcome ?? 'manual') : r.outcome));
  if (outcomes.includes('fail')) return 'screened_out';
  if (outcomes.includes('manual')) return 'pending';
  return 'screened_in';
}

/** `names` maps the region codes of the rules (ruleRegionCodes) to their names. */
export function presentScreening(locale: Locale, stored: unknown, names: ReadonlyMap<string, string> = new Map()): TScreening | null {
  if (!stored) return null;
  const s = stored as StoredScreening;
  return {
    screenedAt: s.screenedAt,
    verdict: verdictOf(s),
    results: s.results.map((r) => ({
      index: r.index,
      rule: r.rule,
      label: ruleLabel(locale, r.rule, names),
      outcome: r.outcome,
      reason: reasonText(locale, r, names),
      decision: r.decision,
      history: r.history,
    })),
  };
}
