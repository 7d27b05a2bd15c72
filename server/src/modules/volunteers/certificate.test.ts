/** The certificate of service (V5): what it prints, what its public facts and verification show, who may print it, reprint and supersession. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { auditLog, regions } from '../../core/core.tables.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { approvedEntry, reversal } from './volunteers-overview.factories.js';
import { makeVolunteer, makeVolunteerWithAccount } from './volunteers.factories.js';
import { volunteerHourDecisions, volunteerHourEntries, volunteers } from './volunteers.tables.js';

type Volunteer = typeof volunteers.$inferSelect;

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffB: Agent;
let self: Agent;
let v: Volunteer;
let other: Volunteer;
let team: Awaited<ReturnType<typeof makeOrganization>>;
let entry2025: typeof volunteerHourEntries.$inferSelect;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  team = await makeOrganization(t.db, A.street, { name: '甲街道助老服务社', legalForm: 'social_service_agency' });
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  const made = await makeVolunteerWithAccount(t.db, A.community, { name: '李小华', phone: '13912345678' });
  v = made.volunteer;
  self = await signIn(t.app, made.user.username, PASSWORD);
  other = await makeVolunteer(t.db, A.street, { name: '王大明' });

  // 2024: 3 h recorded by the centre; 2025: 2 h by the team, 1.5 h by the centre of the other street.
  await approvedEntry(t.db, v, '2024-05-04T01:00:00Z', 180);
  entry2025 = await approvedEntry(t.db, v, '2025-03-01T01:00:00Z', 120, { organizationId: team.id });
  await approvedEntry(t.db, v, '2025-06-01T01:00:00Z', 90, { regionCode: A.street2 });
  // Waiting for a decision, and rejected: neither counts.
  const [waiting] = await t.db
    .insert(volunteerHourEntries)
    .values({ volunteerId: v.id, regionCode: v.regionCode, kind: 'manual', activityType: 'elderly', startsAt: new Date('2025-07-01T01:00:00Z'), endsAt: new Date('2025-07-01T02:00:00Z'), minutes: 60, reason: '待审' })
    .returning();
  const [rejected] = await t.db
    .insert(volunteerHourEntries)
    .values({ volunteerId: v.id, regionCode: v.regionCode, kind: 'manual', activityType: 'elderly', startsAt: new Date('2025-07-02T01:00:00Z'), endsAt: new Date('2025-07-02T02:00:00Z'), minutes: 60, reason: '重复' })
    .returning();
  await t.db.insert(volunteerHourDecisions).values({ entryId: rejected.id, decision: 'rejected' });
  expect(waiting.id).toBeTruthy();
});

afterAll(async () => {
  await t?.close();
});

const nameOf = async (code: string) => (await t.db.select().from(regions).where(eq(regions.code, code)))[0].name;
const facts = (res: { json: () => any }) => res.json().document.facts as Record<string, unknown>;

describe('certificate of service', () => {
  it('prints the name, masked ID number, number and approved hours by year and by recording organisation; the public facts are exactly the listed ones', async () => {
    const res = await staff.post(`/api/volunteers/${v.id}/certificate`, {});
    expect(res.status, res.body).toBe(200);
    const { document, print } = res.json();
    expect(print.name).toBe('李小华');
    expect(print.idNumberMasked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(print.idNumberMasked).not.toBe(v.idNumber);
    expect(print.volunteerNumber).toBe(v.number);
    expect(print.total).toEqual({ minutes: 390, entries: 3 });
    expect(print.byYear).toEqual([
      { year: 2024, minutes: 180, entries: 1 },
      { year: 2025, minutes: 210, entries: 2 },
    ]);
    const [street, street2] = [await nameOf(A.street), await nameOf(A.street2)];
    const byOrg = Object.fromEntries(print.byOrganization.map((o: any) => [o.name, [o.centre, o.minutes]]));
    expect(byOrg).toEqual({ '甲街道助老服务社': [false, 120], [street]: [true, 180], [street2]: [true, 90] });
    expect(print.issuer).toEqual({ regionCode: A.street, name: street });

    expect(Object.keys(document.facts).sort()).toEqual(['hours', 'issuedBy', 'issuedOn', 'name', 'periodFrom', 'periodTo', 'serviceCount', 'volunteerNumber']);
    expect(document.facts).toMatchObject({ name: '李*华', volunteerNumber: v.number, periodFrom: null, periodTo: null, hours: 6.5, serviceCount: 3, issuedBy: street });
    expect(document.facts.issuedOn).toBe(print.issuedOn);
    expect(document.kind).toBe('volunteer.service');
    expect(document.verificationUrl).toContain('/verify/');

    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'volunteers.certificate.issue'), eq(auditLog.entityId, v.id)));
    expect(audit.after).toMatchObject({ minutes: 390, entries: 3 });
  });

  it('shows on the public verification page the masked name and certified totals, and no ID number, phone or full name', async () => {
    const res = await staff.post(`/api/volunteers/${v.id}/certificate`, {});
    const verify = await anonymous(t.app).get(`/api/verify/${res.json().document.code}`);
    expect(verify.status, verify.body).toBe(200);
    expect(verify.json()).toMatchObject({ kind: 'volunteer.service', valid: true, facts: facts(res) });
    for (const secret of [v.idNumber, v.idNumber.slice(-8), '13912345678', '李小华']) {
      expect(verify.body).not.toContain(secret);
      expect(JSON.stringify(facts(res))).not.toContain(secret);
    }
  });

  it('certifies a period only: hours served in it, the period on the facts', async () => {
    const res = await staff.post(`/api/volunteers/${v.id}/certificate`, { from: '2025-01-01', to: '2025-12-31' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().print.total).toEqual({ minutes: 210, entries: 2 });
    expect(facts(res)).toMatchObject({ periodFrom: '2025-01-01', periodTo: '2025-12-31', hours: 3.5, serviceCount: 2 });
  });

  it('lets a volunteer print its own, and answers 404 for another volunteer and for staff of another district', async () => {
    const own = await self.post('/api/volunteers/me/certificate', {});
    expect(own.status, own.body).toBe(200);
    expect(own.json().print.volunteerNumber).toBe(v.number);
    expect((await self.post(`/api/volunteers/${v.id}/certificate`, {})).status).toBe(200);
    const theirs = await self.post(`/api/volunteers/${other.id}/certificate`, {});
    expect(theirs.status).toBe(404);
    expect(theirs.json().error.code).toBe('not_found');
    expect((await staffB.post(`/api/volunteers/${v.id}/certificate`, {})).status).toBe(404);
    // Staff have no record of their own to print.
    expect((await staff.post('/api/volunteers/me/certificate', {})).status).toBe(404);
  });

  it('reprints with the same code while the hours hold, and supersedes it on the next print after a reversal', async () => {
    const first = await staff.post(`/api/volunteers/${v.id}/certificate`, {});
    const again = await self.post('/api/volunteers/me/certificate', {});
    expect(again.json().document.code).toBe(first.json().document.code);
    expect(again.json().document.reused).toBe(true);

    // A reversal typed as SQL by hand bypasses the service: the paper out still verifies until the next print.
    await reversal(t.db, entry2025);
    expect((await anonymous(t.app).get(`/api/verify/${first.json().document.code}`)).json().valid).toBe(true);
    const after = await staff.post(`/api/volunteers/${v.id}/certificate`, {});
    expect(after.status, after.body).toBe(200);
    expect(after.json().document.reused).toBe(false);
    expect(after.json().document.code).not.toBe(first.json().document.code);
    expect(after.json().print.total).toEqual({ minutes: 270, entries: 2 });
    expect(facts(after)).toMatchObject({ hours: 4.5, serviceCount: 2 });
    const old = await anonymous(t.app).get(`/api/verify/${first.json().document.code}`);
    expect(old.json()).toMatchObject({ valid: false, revokedReason: 'superseded' });
  });

  it('a correction through the platform voids the certificate out at once, naming why', async () => {
    const v2 = await makeVolunteer(t.db, A.street);
    const entry = await approvedEntry(t.db, v2, '2026-02-03T01:00:00Z', 120);
    const printed = await staff.post(`/api/volunteers/${v2.id}/certificate`, {});
    expect(printed.status, printed.body).toBe(200);
    const code = printed.json().document.code;
    expect((await anonymous(t.app).get(`/api/verify/${code}`)).json().valid).toBe(true);
    const reversed = await staff.post(`/api/volunteers/hours/${entry.id}/reverse`, { reason: '重复录入' });
    expect(reversed.status, reversed.body).toBe(200);
    expect((await anonymous(t.app).get(`/api/verify/${code}`)).json()).toMatchObject({ valid: false, revokedReason: 'hours_corrected' });
  });

  it('refuses a period that ends before it starts, a malformed date, and an unconfirmed record, naming the cause and changing nothing', async () => {
    const backwards = await staff.post(`/api/volunteers/${v.id}/certificate`, { from: '2025-06-01', to: '2025-01-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.json().error.fields[0]).toMatchObject({ field: 'to', problem: 'certificate_period_order' });
    expect(backwards.json().error.fields[0].message).toContain('结束日期');
    const malformed = await staff.post(`/api/volunteers/${v.id}/certificate`, { from: '2025-13-01' });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.fields[0].field).toBe('from');
    const pending = await makeVolunteer(t.db, A.street, { status: 'pending', source: 'self' });
    const refused = await staff.post(`/api/volunteers/${pending.id}/certificate`, {});
    expect(refused.status).toBe(409);
    expect(refused.json().error.code).toBe('volunteer_not_confirmed');
    expect((await staff.post('/api/volunteers/not-a-uuid/certificate', {})).status).toBe(400);
  });
});
