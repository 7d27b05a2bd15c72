import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenToYuan, isoChina } from '../../../../shared/funding/ocds.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { assign, makeSignedContract } from './funding-monitoring.factories.js';
import { fundingNotices } from './funding-review.tables.js';
import { fundingCalls } from './funding.tables.js';

/*
 * The open data against the OCDS 1.1.5 schemas themselves, read from ../shared/standards (beside
 * the project, in the CI clone too): the package schema's $ref to the release schema resolves to
 * the release schema added under its own id, so both are checked as published.
 */
const projectRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const standards = `${projectRoot}../shared/standards/ocds-1.1.5/`;
const releaseSchema = JSON.parse(readFileSync(`${standards}release-schema.json`, 'utf8'));
const packageSchema = JSON.parse(readFileSync(`${standards}release-package-schema.json`, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(releaseSchema);
const validatePackage = ajv.compile(packageSchema);
const validateRelease = ajv.getSchema(releaseSchema.id)!;

let t: TestApp;
let A: RegionTree;
let staff: Agent;
let staffName: string;
let evaluatorId: string;
let evaluator: Agent;
let team: Awaited<ReturnType<typeof makeOrganization>>;

beforeAll(async () => {
  t = await buildTestApp(undefined, { OCDS_OCID_PREFIX: 'ocds-test01-' });
  A = await makeRegionTree(t.db);
  const s = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  staffName = s.displayName;
  staff = await signIn(t.app, s.username, PASSWORD);
  team = await makeOrganization(t.db, A.street, { name: '甲街道开放数据服务社', legalForm: 'social_service_agency' });
  const e = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  evaluatorId = e.id;
  evaluator = await signIn(t.app, e.username, PASSWORD);
});
afterAll(async () => {
  await t.close();
});

/** A call through to a paid mid-term tranche: published, its notice fixed, its contract signed and half paid. */
async function paidContract() {
  const made = await makeSignedContract(t.db, staff, { callRegion: A.street, organization: team, amountFen: 1_000_001 });
  await t.db.update(fundingCalls).set({ publishedAt: new Date('2026-01-05T09:00:00+08:00') }).where(eq(fundingCalls.id, made.call.id));
  await t.db.insert(fundingNotices).values({
    callId: made.call.id,
    regionCode: A.street,
    entries: [],
    objectionDays: 5,
    publishedOn: '2026-03-02',
    endsOn: '2026-03-09',
    fixedAt: new Date('2026-03-10T10:00:00+08:00'),
  });
  await assign(staff, made.contract.id, evaluatorId, 'evaluator');
  const res = await evaluator.post(`/api/funding/contracts/${made.contract.id}/evaluations`, { kind: 'mid', indicators: [{ achieved: '6000', score: 80 }], overallScore: 80, summary: '良好' });
  expect(res.status, res.body).toBe(200);
  return made;
}

describe('amounts and dates', () => {
  it('writes fen as yuan with two decimals without float drift, and instants with the China offset', () => {
    expect(fenToYuan(1_000_001)).toBe(10000.01);
    expect(fenToYuan(30)).toBe(0.3);
    expect(fenToYuan(7)).toBe(0.07);
    expect(fenToYuan(10_000_000_000_000)).toBe(100_000_000_000);
    // Floating division drifts where the digits do not: 1.15 * 100 is 114.99999999999999.
    for (const fen of [115, 1_005, 123_456_789, 4_503_599_627_370_495]) expect(String(fenToYuan(fen))).toBe(String(Number(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`)));
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(isoChina(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02T00:30:00+08:00');
  });
});

describe('open data (OCDS 1.1.5)', () => {
  it('publishes calls, awards and contracts as releases that validate against the release and package schemas', async () => {
    const { call, contract, application } = await paidContract();
    const res = await anonymous(t.app).get(`/api/funding/public/ocds?region=${A.street}`);
    expect(res.status, res.body).toBe(200);
    const pkg = res.json();
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors, null, 1)).toBe(true);
    for (const r of pkg.releases) expect(validateRelease(r), `${r.id}: ${JSON.stringify(validateRelease.errors, null, 1)}`).toBe(true);
    // The validators bite: a date without its offset, and (through the package's $ref) a release without its ocid.
    expect(validateRelease({ ...pkg.releases[0], date: '2026-01-05 09:00:00' })).toBe(false);
    expect(validatePackage({ ...pkg, releases: [{ ...pkg.releases[0], ocid: undefined }] })).toBe(false);

    const ocid = `ocds-test01-${call.id}`;
    const mine = pkg.releases.filter((r: { ocid: string }) => r.ocid === ocid);
    expect(mine.map((r: { tag: string[] }) => r.tag)).toEqual([['tender'], ['award'], ['contract', 'implementation']]);
    const [tender, award, signed] = mine;
    expect(tender.tender).toMatchObject({ id: call.id, status: 'active', value: { amount: 1_500_000, currency: 'CNY' }, procurementMethod: 'open' });
    expect(tender.date).toBe('2026-01-05T09:00:00+08:00');
    expect(award.awards).toEqual([
      expect.objectContaining({ id: application.id, status: 'active', date: '2026-03-10T10:00:00+08:00', value: { amount: 10000.01, currency: 'CNY' }, suppliers: [{ id: `CN-ORG-${team.id}`, name: team.name }] }),
    ]);
    const c = signed.contracts[0];
    expect(c).toMatchObject({ id: contract.id, awardID: application.id, status: 'active', value: { amount: 10000.01, currency: 'CNY' } });
    // 30% at signing and 40% on the mid-term evaluation, paid: the remainder fen sits on the final tranche.
    expect(c.implementation.transactions.map((x: { value: { amount: number } }) => x.value.amount)).toEqual([3000, 4000]);
    expect(c.period.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/);
    const roles = Object.fromEntries(signed.parties.map((p: { id: string; roles: string[] }) => [p.id, p.roles]));
    expect(roles[`CN-ORG-${team.id}`]).toEqual(['supplier', 'payee']);
    expect(Object.values(roles)).toContainEqual(['buyer', 'payer']);
    expect(signed.buyer.name).toMatch(/办事处$/);

    // No person: no user's name, no phone, no ID number anywhere in the package.
    // (Ids set aside first: a UUID's last group can hold a run of digits that reads as a phone.)
    const text = res.body.replace(/[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/gi, '<uuid>');
    expect(text).not.toContain(staffName);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toMatch(/\d{17}[\dXx]/);
  });

  it('keeps release ids stable while nothing changes, and gives a changed release a new one', async () => {
    const { call } = await paidContract();
    const ids = async () =>
      (await anonymous(t.app).get(`/api/funding/public/ocds?region=${A.street}`)).json().releases.filter((r: { ocid: string }) => r.ocid.endsWith(call.id)).map((r: { id: string }) => r.id);
    const before = await ids();
    expect(await ids()).toEqual(before);
    await t.db.execute(sql`update funding_calls set status = 'cancelled', cancel_reason = '预算调整', updated_at = now() where id = ${call.id}`);
    // A write through SQL invalidates no cache: the next page is read after the cached one expires or anything is written.
    await staff.put(`/api/funding/calls/${call.id}/pass-line`, { passLine: 61 });
    const after: string[] = await ids();
    expect(after.filter((id) => !id.startsWith('tender-cancelled-'))).toEqual(before);
    expect(after.filter((id) => id.startsWith('tender-cancelled-'))).toHaveLength(1);
  });

  it('answers anyone, but not without end', async () => {
    const limited = await buildTestApp();
    try {
      const agent = anonymous(limited.app);
      let last = 0;
      for (let i = 0; i < 31; i++) last = (await agent.get('/api/funding/public/ocds')).status;
      expect(last).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('refuses a bad query naming the field', async () => {
    const res = await anonymous(t.app).get('/api/funding/public/ocds?pageSize=1000');
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0].field).toBe('pageSize');
  });
});
