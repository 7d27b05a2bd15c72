/** Issue 8 rule 10: the credit code is checked in full (GB 32100 with its GB 11714 organisation code), as given. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCodeCheckChar, usccCheckChar } from '../../../../shared/validators.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeUscc } from './registry.factories.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;

/** A code whose letters are lower-cased: valid once upper-cased, which the API must not do for the user. */
function lowerCaseCode() {
  for (;;) {
    const code = makeUscc(A.street);
    if (/[A-Z]/.test(code)) return code.toLowerCase();
  }
}

/** A code right in every respect except the organisation code's own check character (position 17). */
function wrongOrgCheckCode() {
  const good = makeUscc(A.street);
  const orgCheck = orgCodeCheckChar(good.slice(8, 16));
  const body = good.slice(0, 16) + (orgCheck === '1' ? '2' : '1');
  return body + usccCheckChar(body);
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

const body = (uscc: string, extra: Record<string, string> = {}) => ({
  regionCode: A.street,
  legalForm: 'social_group',
  name: `代码核验社团${uscc}`,
  uscc,
  ...extra,
});

describe('the credit code through the API', () => {
  it('refuses a lower-case code and a wrong organisation-code check character, naming the field, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    for (const [uscc, problem] of [
      [lowerCaseCode(), 'uscc_charset'],
      [wrongOrgCheckCode(), 'uscc_org_code_checksum'],
    ]) {
      const res = await staff.post('/api/registry/organizations', body(uscc));
      expect(res.status, uscc).toBe(400);
      const [field] = res.json().error.fields;
      expect(field).toMatchObject({ field: 'uscc', problem });
      expect(field.message).toContain('统一社会信用代码');
    }
    const en = await staff.post('/api/registry/organizations', body(wrongOrgCheckCode()), { 'accept-language': 'en' });
    expect(en.json().error.fields[0].message).toMatch(/organisation code/);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('lets an official record an override with a reason for a wrong organisation-code check, not for a lower-case code', async () => {
    const reason = { usccOverrideReason: '登记证书原件如此，已核对' };
    const before = await dbSnapshot(t.db);
    expect((await official.post('/api/registry/organizations', body(lowerCaseCode(), reason))).status).toBe(400);
    expect((await staff.post('/api/registry/organizations', body(wrongOrgCheckCode(), reason))).status).toBe(400);
    expect(await dbSnapshot(t.db)).toEqual(before);
    const uscc = wrongOrgCheckCode();
    const res = await official.post('/api/registry/organizations', body(uscc, reason));
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization).toMatchObject({ uscc, usccOverrideReason: reason.usccOverrideReason });
  });
});

describe('the credit code through a spreadsheet import', () => {
  it('refuses both rows naming 统一社会信用代码 and imports nothing', async () => {
    const headers = ['名称', '组织形式', '统一社会信用代码'];
    const before = await dbSnapshot(t.db);
    const res = await staff.upload(
      `/api/registry/import/organizations?regionCode=${A.street}`,
      'file',
      'o.xlsx',
      await workbook(headers, [
        ['小写代码协会', '社会团体', lowerCaseCode()],
        ['组织机构代码校验错协会', '社会团体', wrongOrgCheckCode()],
      ]),
      XLSX_MIME,
    );
    expect(res.status).toBe(422);
    const problems = res.json().error.details.problems as { row: number; column: string; message: string }[];
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, '统一社会信用代码'],
      [3, '统一社会信用代码'],
    ]);
    for (const p of problems) expect(p.message).toContain('统一社会信用代码');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});
