/**
 * THE SERVER LOG HOLDS NO PERSONAL DATA. The app runs with its real logger options at level
 * 'trace', writing to memory; requests carry an ID number and a mobile number in bodies and query
 * strings, and the database is made to refuse them (a constraint that fails every row, a trigger
 * whose error quotes the row, a query broken under a search) so the error paths log too. No log
 * line may contain the values, the request bodies, the password or the session secrets.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestAppWithLog, signIn, type Agent } from './build-app.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeOrganization } from '../src/modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';

/** The ID number of the attack report (its check digit is wrong, so validation refuses it). */
const ID_NUMBER = '110101199003074512';
/** A valid ID number ending in X, which a log could show in either case. */
const ID_NUMBER_X = '11010519491231002X';
const PHONE = '13912345678';
/** In request bodies only: shows whether a body made it into the log. */
const BODY_MARKER = '日志隐私标记';

let t: Awaited<ReturnType<typeof buildTestAppWithLog>>;
let staff: Agent;
let teamId: string;
let regionCode: string;

beforeAll(async () => {
  t = await buildTestAppWithLog('trace');
  const tree = await makeRegionTree(t.db);
  regionCode = tree.street;
  teamId = (await makeOrganization(t.db, tree.street)).id;
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: tree.street }])).username, PASSWORD);
});
afterAll(() => t?.close());

/** Every captured line holding a secret, with what it holds. */
function leaks(): string[] {
  const secrets = [PHONE, ID_NUMBER, ID_NUMBER_X, ID_NUMBER_X.toLowerCase(), BODY_MARKER, PASSWORD, staff.csrfToken, staff.cookie.split('=')[1]];
  const out: string[] = [];
  for (const line of t.log.text) {
    const found = secrets.filter((s) => line.toLowerCase().includes(s.toLowerCase()));
    if (found.length) out.push(`${found.join(', ')} in: ${line.slice(0, 600)}`);
  }
  return out;
}

/** Runs `body` with some SQL in force, undoing it afterwards even when `body` throws. */
async function withBrokenDatabase(breakIt: string[], undo: string[], body: () => Promise<void>) {
  for (const statement of breakIt) await t.db.execute(sql.raw(statement));
  try {
    await body();
  } finally {
    for (const statement of undo) await t.db.execute(sql.raw(statement));
  }
}

const member = (idNumber: string) => ({ name: `${BODY_MARKER}王小明`, phone: PHONE, idNumber });

/** The log lines the app wrote about an error while `body` ran. */
async function errorLinesDuring(body: () => Promise<void>) {
  const from = t.log.lines.length;
  await body();
  return t.log.lines.slice(from).filter((l) => l.level >= 40 && l.err);
}

describe('server log privacy', () => {
  it('logs requests (so the checks below see something) but no body, query value, password or session secret', async () => {
    await staff.post(`/api/registry/organizations/${teamId}/members`, member(ID_NUMBER));
    await staff.post(`/api/registry/organizations/${teamId}/members`, member(ID_NUMBER_X));
    await staff.post('/api/registry/organizations', { regionCode, legalForm: 'grassroots_team', name: `${BODY_MARKER}队`, leaderPhone: PHONE, leaderIdNumber: ID_NUMBER });
    await staff.patch(`/api/registry/organizations/${teamId}`, { leaderPhone: PHONE, leaderIdNumber: ID_NUMBER_X, address: BODY_MARKER });
    await staff.get(`/api/registry/organizations?q=${PHONE}`);
    await staff.get(`/api/registry/organizations?q=${ID_NUMBER_X}&regionCode=${regionCode}`);
    await staff.get(`/api/registry/organizations?q=${PHONE}%00`);
    await staff.get(`/api/users?q=${ID_NUMBER}`);
    await staff.get(`/api/nothing-here?phone=${PHONE}`);
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: PHONE, password: ID_NUMBER } });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: `{"username":"${PHONE}",` , headers: { 'content-type': 'application/json' } });

    const requestLines = t.log.lines.filter((l) => l.req || l.res);
    expect(requestLines.length, 'the app logged no request at level trace: the test would prove nothing').toBeGreaterThan(10);
    expect(t.log.lines.filter((l) => 'body' in l || (l.req as { body?: unknown } | undefined)?.body !== undefined)).toEqual([]);
    expect(leaks()).toEqual([]);
  });

  it('keeps personal data out of the log when a constraint refuses the insert', async () => {
    const errors = await errorLinesDuring(() =>
      withBrokenDatabase(['alter table registry_members add constraint log_privacy_fail check (false) not valid'], ['alter table registry_members drop constraint log_privacy_fail'], async () => {
        // A team of its own: the ID number is already a member of the first one.
        const team = await makeOrganization(t.db, regionCode);
        const res = await staff.post(`/api/registry/organizations/${team.id}/members`, member(ID_NUMBER_X));
        expect(res.status, res.body).toBeGreaterThanOrEqual(400);
        expect(res.body).not.toContain(PHONE);
      }),
    );
    expect(errors.length, 'the database error was not logged: the refusal path was not exercised').toBeGreaterThan(0);
    expect(leaks()).toEqual([]);
  });

  it('keeps personal data out of the log when a failing sign-in cannot be recorded', async () => {
    const errors = await errorLinesDuring(() =>
      withBrokenDatabase(['alter table login_attempts add constraint log_privacy_fail check (false) not valid'], ['alter table login_attempts drop constraint log_privacy_fail'], async () => {
        // The failing row holds the username as typed: here, a phone number.
        const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: PHONE, password: ID_NUMBER }, remoteAddress: '203.0.113.9' });
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      }),
    );
    expect(errors.length, 'the database error was not logged').toBeGreaterThan(0);
    expect(leaks()).toEqual([]);
  });

  it('keeps personal data out of the log on a 500 whose database error quotes the row', async () => {
    const errors = await errorLinesDuring(() =>
      withBrokenDatabase(
        [
          `create function log_privacy_fail() returns trigger language plpgsql as $$ begin raise exception 'refused row %', row_to_json(new)::text; end $$`,
          'create trigger log_privacy_fail before insert on registry_organizations for each row execute function log_privacy_fail()',
        ],
        ['drop trigger log_privacy_fail on registry_organizations', 'drop function log_privacy_fail()'],
        async () => {
          const res = await staff.post('/api/registry/organizations', { regionCode, legalForm: 'grassroots_team', name: `${BODY_MARKER}${PHONE}`, leaderName: ID_NUMBER_X });
          expect(res.status, res.body).toBeGreaterThanOrEqual(400);
        },
      ),
    );
    expect(errors.length, 'the database error was not logged').toBeGreaterThan(0);
    expect(leaks()).toEqual([]);
  });

  it('keeps a search term out of the log when the search query fails', async () => {
    const errors = await errorLinesDuring(() =>
      withBrokenDatabase(
        ['alter table registry_organizations rename column name to name_log_privacy'],
        ['alter table registry_organizations rename column name_log_privacy to name'],
        async () => {
          // The term reaches the statement's parameters in plain text (a name search).
          const res = await staff.get(`/api/registry/organizations?q=${PHONE}&regionCode=${regionCode}&sort=name`);
          expect(res.status, res.body).toBeGreaterThanOrEqual(400);
        },
      ),
    );
    expect(errors.length, 'the database error was not logged').toBeGreaterThan(0);
    expect(leaks()).toEqual([]);
  });
});
