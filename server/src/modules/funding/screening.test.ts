import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import type { TEligibilityRule } from '../../../../shared/funding/calls.js';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeApplication, makeCall } from './funding.factories.js';
import { applyRule, monthsBefore } from './service/eligibility.js';

/** F4: each eligibility rule decided from the registry's facts — pass, fail or manual — with the reasons the organisation reads. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let members: Agent[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

const today = todayInChina();
const facts = (over: Record<string, unknown> = {}) => ({
  id: 'x',
  name: 'x',
  legalForm: 'social_group',
  regionCode: '110101001000',
  status: 'registered',
  grade: null,
  gradeValidUntil: null,
  foundedOn: null,
  filedAt: null,
  ...over,
});

describe('each rule kind', () => {
  const cases: [string, TEligibilityRule, Record<string, unknown>, string, string][] = [
    ['legal form in the list', { kind: 'legal_form', in: ['social_group'] }, {}, 'pass', 'legal_form_pass'],
    ['legal form not in the list', { kind: 'legal_form', in: ['foundation'] }, {}, 'fail', 'legal_form_fail'],
    ['inside the region', { kind: 'region_within', code: '110101000000' }, {}, 'pass', 'region_pass'],
    ['outside the region', { kind: 'region_within', code: '110102000000' }, {}, 'fail', 'region_fail'],
    ['a valid higher grade', { kind: 'min_grade', grade: '3A' }, { grade: '4A', gradeValidUntil: '2099-01-01' }, 'pass', 'grade_pass'],
    ['a lower grade', { kind: 'min_grade', grade: '3A' }, { grade: '2A', gradeValidUntil: '2099-01-01' }, 'fail', 'grade_low'],
    ['an expired grade', { kind: 'min_grade', grade: '3A' }, { grade: '5A', gradeValidUntil: '2020-01-01' }, 'fail', 'grade_expired'],
    ['no grade', { kind: 'min_grade', grade: '1A' }, {}, 'fail', 'grade_none'],
    ['founded long enough ago', { kind: 'registered_for_months', months: 12 }, { foundedOn: monthsBefore(today, 12) }, 'pass', 'age_pass'],
    ['founded a day too late', { kind: 'registered_for_months', months: 12 }, { foundedOn: monthsBefore(today, 11) }, 'fail', 'age_fail'],
    ['no founding date', { kind: 'registered_for_months', months: 12 }, {}, 'manual', 'founded_unknown'],
    ['annual inspection', { kind: 'no_failed_inspection' }, {}, 'manual', 'inspection_not_kept'],
    ['a manual condition', { kind: 'manual', text: '有社区推荐信' }, {}, 'manual', 'manual_rule'],
  ];
  for (const [label, rule, over, outcome, reason] of cases) {
    it(`${label}: ${outcome}`, () => {
      expect(applyRule(rule, facts(over), today)).toMatchObject({ outcome, reason });
    });
  }

  it('counts months on the calendar, the end of a short month included', () => {
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });
});

describe('screening a call', () => {
  async function screenedCall(eligibility: TEligibilityRule[]) {
    const call = await makeCall(t.db, A.district, { eligibility, steps: ['call', 'screening', 'review', 'contract', 'evaluation'] });
    const good = await makeOrganization(t.db, A.street, { legalForm: 'social_group', grade: '4A', gradeValidUntil: '2099-12-31', foundedOn: '2015-01-01' });
    const team = await makeOrganization(t.db, A.street, { legalForm: 'grassroots_team' });
    members = [await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: team.id }])).username, PASSWORD)];
    return { call, good: await makeApplication(t.db, call, good), bad: await makeApplication(t.db, call, team) };
  }

  it('screens every submitted application as the call leaves `call`: all pass in, any fail out, with every reason', async () => {
    const { call, good, bad } = await screenedCall([{ kind: 'legal_form', in: ['social_group', 'foundation'] }, { kind: 'min_grade', grade: '3A' }]);
    await t.db.execute(sql`update funding_calls set deadline = now() - interval '1 second' where id = ${call.id}`);
    expect((await staff.post(`/api/funding/calls/${call.id}/advance`, {})).status).toBe(200);
    const inApp = (await staff.get(`/api/funding/applications/${good.id}`)).json();
    expect(inApp.status).toBe('screened_in');
    expect(inApp.screening.results.map((r: { outcome: string }) => r.outcome)).toEqual(['pass', 'pass']);
    const outApp = (await staff.get(`/api/funding/applications/${bad.id}`, { 'accept-language': 'en' })).json();
    expect(outApp.status).toBe('screened_out');
    expect(outApp.screening.results[0]).toMatchObject({ outcome: 'fail', reason: 'Legal form is grassroots team, which is not among those allowed' });
    expect(outApp.screening.results[1]).toMatchObject({ outcome: 'fail', reason: 'The organisation has no evaluation grade (3A or above required)' });
    expect(outApp.history.map((h: { action: string }) => h.action)).toEqual(['screen_out']);
    // The organisation reads the outcome and every reason, and can no longer withdraw.
    const own = (await members[0].get(`/api/funding/applications/${bad.id}`)).json();
    expect(own.screening.results.map((r: { reason: string }) => r.reason)).toEqual(['组织形式为群众活动团队，不在允许的组织形式之内', '组织没有评估等级（要求 3A 及以上）']);
    expect(own.abilities.withdraw).toBe(false);
    expect((await members[0].post(`/api/funding/applications/${bad.id}/withdraw`, {})).status).toBe(409);
    const audits = rowsOf(await t.db.execute(sql`select entity_id from audit_log where action = 'funding.application.screen' and entity_id in (${good.id}, ${bad.id})`));
    expect(audits).toHaveLength(2);
  });

  it('keeps a manual rule waiting for staff, who decide it with a reason; the history and the earlier decision are kept', async () => {
    const { call, good } = await screenedCall([{ kind: 'no_failed_inspection' }, { kind: 'legal_form', in: ['social_group'] }]);
    const res = await staff.post(`/api/funding/calls/${call.id}/screen`);
    expect(res.json()).toMatchObject({ screened: 2, screenedOut: 1, pending: 1 });
    let app = (await staff.get(`/api/funding/applications/${good.id}`, { 'accept-language': 'zh-TW' })).json();
    expect(app.status).toBe('submitted');
    expect(app.screening).toMatchObject({ verdict: 'pending' });
    expect(app.screening.results[0]).toMatchObject({ outcome: 'manual', reason: '平台尚未記錄年檢結果，需工作人員人工核實' });
    expect(app.abilities.decide).toBe(true);
    // The call cannot leave screening while a decision is owed.
    await t.db.execute(sql`update funding_calls set step = 'screening' where id = ${call.id}`);
    const blocked = await staff.post(`/api/funding/calls/${call.id}/advance`, {});
    expect(blocked.json().error.fields[0].message).toBe('还有 1 份申报等待初筛判定');
    // An automatically decided rule is not staff's to decide.
    expect((await staff.post(`/api/funding/applications/${good.id}/screening/decide`, { index: 1, outcome: 'pass', reason: '—' })).status).toBe(400);
    const first = await staff.post(`/api/funding/applications/${good.id}/screening/decide`, { index: 0, outcome: 'pass', reason: '区民政局年检结论合格' });
    expect(first.status, first.body).toBe(200);
    app = first.json();
    expect(app.status).toBe('screened_in');
    expect(app.screening.results[0].decision).toMatchObject({ outcome: 'pass', reason: '区民政局年检结论合格' });
    // The screening itself is a step the organisation sees, though the application stayed submitted.
    expect(app.history.map((h: { action: string; comment: string | null }) => [h.action, h.comment])).toEqual([
      ['screen', null],
      ['decide_rule', '区民政局年检结论合格'],
      ['screen_in', null],
    ]);
    // Settled: no more decisions, and the organisation can no longer withdraw.
    expect((await staff.post(`/api/funding/applications/${good.id}/screening/decide`, { index: 0, outcome: 'fail', reason: '改判' })).status).toBe(409);
  });

  it('records an earlier decision in the rule history when staff change their mind before the verdict', async () => {
    const { call, good } = await screenedCall([{ kind: 'no_failed_inspection' }, { kind: 'manual', text: '有社区推荐信' }]);
    await staff.post(`/api/funding/calls/${call.id}/screen`);
    const passed = await staff.post(`/api/funding/applications/${good.id}/screening/decide`, { index: 0, outcome: 'pass', reason: '年检合格' });
    // The other manual rule still waits: the verdict too.
    expect(passed.json()).toMatchObject({ status: 'submitted', screening: { verdict: 'pending' } });
    const changed = await staff.post(`/api/funding/applications/${good.id}/screening/decide`, { index: 0, outcome: 'fail', reason: '复核发现年检不合格' });
    const app = changed.json();
    expect(app.status).toBe('screened_out');
    expect(app.screening.results[0].decision).toMatchObject({ outcome: 'fail', reason: '复核发现年检不合格' });
    expect(app.screening.results[0].history).toEqual([expect.objectContaining({ outcome: 'pass', reason: '年检合格' })]);
  });

  it("does not screen another region's call", async () => {
    const call = await makeCall(t.db, B.district);
    expect((await staff.post(`/api/funding/calls/${call.id}/screen`)).status).toBe(404);
  });
});
