import { todayInChina } from '../../../../../shared/dates.js';
import type { TEligibilityRule } from '../../../../../shared/funding/calls.js';
import type { ScreeningOutcome } from '../../../../../shared/funding/applications.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import { GRADES } from '../../../../../shared/registry.js';
import type { Locale } from '../../../i18n/index.js';
import { translate } from '../../../i18n/index.js';
import type { OrganizationFacts } from '../../registry/registry.service.js';

/** A rule's result as stored: the reason is a message key and its parameters, read in each reader's language. */
export interface RuleVerdict {
  outcome: ScreeningOutcome;
  reason: string;
  params: Record<string, string | number>;
}

/** `months` calendar months before a China date, clamped to the month's last day (31 March − 1 month = 28/29 February). */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Applies one rule to an organisation's registry facts on `today` (a China date). A rule the
 * platform cannot decide from what it keeps answers `manual`, for staff to decide.
 */
export function applyRule(rule: TEligibilityRule, org: OrganizationFacts, today = todayInChina()): RuleVerdict {
  switch (rule.kind) {
    case 'legal_form':
      return rule.in.includes(org.legalForm as never)
        ? { outcome: 'pass', reason: 'legal_form_pass', params: { form: org.legalForm } }
        : { outcome: 'fail', reason: 'legal_form_fail', params: { form: org.legalForm } };
    case 'region_within':
      return org.regionCode.startsWith(regionPrefix(rule.code))
        ? { outcome: 'pass', reason: 'region_pass', params: { code: rule.code } }
        : { outcome: 'fail', reason: 'region_fail', params: { code: rule.code } };
    case 'min_grade': {
      if (!org.grade) return { outcome: 'fail', reason: 'grade_none', params: { grade: rule.grade } };
      if (org.gradeValidUntil && org.gradeValidUntil < today) {
        return { outcome: 'fail', reason: 'grade_expired', params: { grade: org.grade, validUntil: org.gradeValidUntil, required: rule.grade } };
      }
      return GRADES.indexOf(org.grade as never) >= GRADES.indexOf(rule.grade)
        ? { outcome: 'pass', reason: 'grade_pass', params: { grade: org.grade, required: rule.grade } }
        : { outcome: 'fail', reason: 'grade_low', params: { grade: org.grade, required: rule.grade } };
    }
    case 'registered_for_months': {
      if (!org.foundedOn) return { outcome: 'manual', reason: 'founded_unknown', params: { months: rule.months } };
      const latest = monthsBefore(today, rule.months);
      return org.foundedOn <= latest
        ? { outcome: 'pass', reason: 'age_pass', params: { foundedOn: org.foundedOn, months: rule.months } }
        : { outcome: 'fail', reason: 'age_fail', params: { foundedOn: org.foundedOn, months: rule.months, latest } };
    }
    case 'no_failed_inspection':
      return { outcome: 'manual', reason: 'inspection_not_kept', params: {} };
    case 'manual':
      return { outcome: 'manual', reason: 'manual_rule', params: { text: rule.text } };
  }
}

/** Region codes a rule or a reason names, so they can be shown by name (a code means nothing to a reader). */
export function ruleRegionCodes(rules: readonly { kind: string; code?: string }[]): string[] {
  return rules.flatMap((r) => (r.kind === 'region_within' && r.code ? [r.code] : []));
}

/** The rule as a sentence in the reader's language (the call page, the screening result); `names` maps region codes to names. */
export function ruleLabel(locale: Locale, rule: TEligibilityRule, names: ReadonlyMap<string, string> = new Map()): string {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, `fundingRules.${key}`, params);
  switch (rule.kind) {
    case 'legal_form':
      return t('legal_form', { forms: rule.in.map((f) => translate(locale, `fundingLegalForms.${f}`)).join(locale === 'en' ? ', ' : '、') });
    case 'region_within':
      return t('region_within', { region: names.get(rule.code) ?? rule.code });
    case 'min_grade':
      return t('min_grade', { grade: rule.grade });
    case 'registered_for_months':
      return t('registered_for_months', { months: rule.months });
    case 'no_failed_inspection':
      return t('no_failed_inspection');
    case 'manual':
      return rule.text;
  }
}

/** A verdict's reason in the reader's language. */
export function reasonText(locale: Locale, verdict: Pick<RuleVerdict, 'reason' | 'params'>, names: ReadonlyMap<string, string> = new Map()): string {
  const params: Record<string, unknown> = { ...verdict.params };
  if (typeof params.code === 'string') params.region = names.get(params.code) ?? params.code;
  if (typeof params.form === 'string') params.form = translate(locale, `fundingLegalForms.${params.form}`);
  return translate(locale, `fundingReasons.${verdict.reason}`, params);
}
