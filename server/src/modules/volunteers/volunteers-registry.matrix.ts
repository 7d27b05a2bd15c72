/** The registry part's routes (V1) in the refusal matrix (server/test/access-matrix.test.ts). */
import { sql } from 'drizzle-orm';
import { regionPrefix } from '../../../../shared/regions.js';
import { values } from '../../../test/matrix/reach.js';
import { defineMatrix, type Outsider, type Outsiders } from '../../../test/matrix/types.js';
import type { MatrixWorld } from '../../../test/matrix/world.js';
import { workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeTeam, makeVolunteer, makeVolunteerIdNumber, volunteerRecordOf } from './volunteers.factories.js';

type Key = 'read' | 'update' | 'reveal' | 'confirm' | 'suspend' | 'reactivate' | 'leave' | 'add' | 'roleOf' | 'removeOf' | 'team' | 'teamUpdate';
const ids = {} as Record<Key, string>;
let importBytes: Buffer;

/** A record of A's: B's holders of the permission do not find it; the sibling's member and the reviewer hold no such permission. */
const STAFF_RECORD: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };
/** Read by anyone holding volunteers.read: the sibling's member reaches no volunteer (they belong to no organisation). */
const READ_RECORD: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' };
/** Staff work in a region named in the request: B's staff are refused it. */
const STAFF_IN_REGION: Outsiders = { region: 'refused', sibling: 'forbidden', unassigned: 'forbidden' };
const LIST: Outsiders = { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'forbidden' };
/** One's own record: B's volunteer reads its own (nothing of A's to reach); no other outsider holds volunteers.self.edit. */
const OWN_RECORD: Outsiders = { region: 'own', sibling: 'forbidden', unassigned: 'forbidden' };
const STAFF_LIST: Outsiders = { region: 'ownOnly', sibling: 'forbidden', unassigned: 'forbidden' };

/** Volunteers and teams neither in the outsider's region nor its own. */
function hiddenVolunteers(w: MatrixWorld, o: Outsider) {
  const prefix = o.reachesRegion ? regionPrefix(o.regionCode) : null;
  const notMine = prefix ? sql`region_code not like ${prefix + '%'}` : sql`true`;
  return values(
    w,
    sql`select id::text as value from volunteers where ${notMine} and user_id is distinct from ${o.userId}::uuid
      union all select number from volunteers where ${notMine} and user_id is distinct from ${o.userId}::uuid
      union all select id::text from volunteer_teams t where ${notMine}
        and not exists (select 1 from volunteer_team_members m join volunteers v on v.id = m.volunteer_id where m.team_id = t.id and v.user_id = ${o.userId}::uuid)`,
  );
}

export const registryMatrix = defineMatrix({
  async setup(w) {
    const db = w.t.db;
    for (const key of ['read', 'update', 'reveal', 'suspend', 'leave', 'add', 'roleOf', 'removeOf'] as const) {
      ids[key] = (await makeVolunteer(db, w.A.street)).id;
    }
    ids.confirm = (await makeVolunteer(db, w.A.community, { status: 'pending', source: 'self' })).id;
    ids.reactivate = (await makeVolunteer(db, w.A.street, { status: 'suspended' })).id;
    // The signed-in volunteer of A's district owns a record (GET/PATCH /me).
    await volunteerRecordOf(db, w.users.volunteer.id, w.A.street);
    ids.team = (await makeTeam(db, w.A.street, { name: `矩阵志愿队${w.uniq()}` }, [{ volunteerId: ids.roleOf }, { volunteerId: ids.removeOf }])).id;
    ids.teamUpdate = (await makeTeam(db, w.A.street, { name: `矩阵志愿队${w.uniq()}` })).id;
    importBytes = await workbook(['姓名', '身份证号', '手机号'], [['导入志愿者', makeVolunteerIdNumber('19800101'), '13912345678']]);
  },

  hidden: hiddenVolunteers,

  routes: {
    'GET /api/volunteers': { permission: 'volunteers.read', outsiders: LIST, req: () => ({ method: 'GET', url: '/api/volunteers' }) },
    'GET /api/volunteers/export': { permission: 'volunteers.manage', outsiders: STAFF_LIST, req: () => ({ method: 'GET', url: '/api/volunteers/export' }) },
    'GET /api/volunteers/import/template': {
      permission: 'volunteers.manage',
      // The same blank sheet for every region: nothing of anyone's.
      outsiders: { region: 'shared', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'GET', url: '/api/volunteers/import/template' }),
    },
    'POST /api/volunteers/import': {
      permission: 'volunteers.manage',
      outsiders: STAFF_IN_REGION,
      req: (w) => ({
        method: 'POST',
        url: `/api/volunteers/import?regionCode=${w.A.street}`,
        upload: { field: 'file', filename: 'volunteers.xlsx', bytes: importBytes, mime: XLSX_MIME },
      }),
    },
    'POST /api/volunteers': {
      permission: 'volunteers.manage',
      outsiders: STAFF_IN_REGION,
      req: (w) => ({
        method: 'POST',
        url: '/api/volunteers',
        body: { name: '矩阵志愿者', idNumber: makeVolunteerIdNumber('19810101', 900_000 + w.uniq()), phone: '13900009999', regionCode: w.A.street },
      }),
    },
    'GET /api/volunteers/me': { permission: 'volunteers.self.edit', outsiders: OWN_RECORD, allowedAs: (w) => w.agents.volunteer, req: () => ({ method: 'GET', url: '/api/volunteers/me' }) },
    'PATCH /api/volunteers/me': {
      permission: 'volunteers.self.edit',
      outsiders: OWN_RECORD,
      allowedAs: (w) => w.agents.volunteer,
      req: () => ({ method: 'PATCH', url: '/api/volunteers/me', body: { skills: ['陪伴', '理发'] } }),
    },
    'GET /api/volunteers/:id': { permission: 'volunteers.read', outsiders: READ_RECORD, req: () => ({ method: 'GET', url: `/api/volunteers/${ids.read}` }) },
    'PATCH /api/volunteers/:id': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'PATCH', url: `/api/volunteers/${ids.update}`, body: { skills: ['急救'] } }),
    },
    'GET /api/volunteers/:id/id-number': {
      permission: 'volunteers.id_number.view',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'GET', url: `/api/volunteers/${ids.reveal}/id-number` }),
    },
    'POST /api/volunteers/:id/confirm': { permission: 'volunteers.manage', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/volunteers/${ids.confirm}/confirm` }) },
    'POST /api/volunteers/:id/suspend': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'POST', url: `/api/volunteers/${ids.suspend}/suspend`, body: { reason: '多次未到岗' } }),
    },
    'POST /api/volunteers/:id/reactivate': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'POST', url: `/api/volunteers/${ids.reactivate}/reactivate`, body: { reason: '已沟通' } }),
    },
    'POST /api/volunteers/:id/leave': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'POST', url: `/api/volunteers/${ids.leave}/leave`, body: { reason: '搬离本区' } }),
    },

    'GET /api/volunteers/social-workers': {
      permission: 'volunteers.manage',
      outsiders: STAFF_IN_REGION,
      req: (w) => ({ method: 'GET', url: `/api/volunteers/social-workers?region=${w.A.street}` }),
    },
    'GET /api/volunteers/teams': { permission: 'volunteers.read', outsiders: LIST, req: () => ({ method: 'GET', url: '/api/volunteers/teams' }) },
    'POST /api/volunteers/teams': {
      permission: 'volunteers.manage',
      outsiders: STAFF_IN_REGION,
      req: (w) => ({ method: 'POST', url: '/api/volunteers/teams', body: { regionCode: w.A.street, name: `矩阵新建志愿队${w.uniq()}` } }),
    },
    'GET /api/volunteers/teams/:id': { permission: 'volunteers.read', outsiders: READ_RECORD, req: () => ({ method: 'GET', url: `/api/volunteers/teams/${ids.team}` }) },
    'PATCH /api/volunteers/teams/:id': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'PATCH', url: `/api/volunteers/teams/${ids.teamUpdate}`, body: { description: '每周六上午服务' } }),
    },
    'GET /api/volunteers/teams/:id/members': {
      permission: 'volunteers.read',
      outsiders: READ_RECORD,
      req: () => ({ method: 'GET', url: `/api/volunteers/teams/${ids.team}/members` }),
    },
    'POST /api/volunteers/teams/:id/members': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'POST', url: `/api/volunteers/teams/${ids.team}/members`, body: { volunteerId: ids.add } }),
    },
    'PATCH /api/volunteers/teams/:id/members/:volunteerId': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'PATCH', url: `/api/volunteers/teams/${ids.team}/members/${ids.roleOf}`, body: { role: 'leader' } }),
    },
    'DELETE /api/volunteers/teams/:id/members/:volunteerId': {
      permission: 'volunteers.manage',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'DELETE', url: `/api/volunteers/teams/${ids.team}/members/${ids.removeOf}` }),
    },

    'POST /api/volunteers/public/register': {
      permission: 'public',
      req: (w) => ({
        method: 'POST',
        url: '/api/volunteers/public/register',
        body: {
          name: '矩阵注册',
          idNumber: makeVolunteerIdNumber('19820101', 800_000 + w.uniq()),
          phone: '13900008888',
          street: w.A.street,
          username: `matrix_reg_${w.uniq()}`,
          password: 'Passw0rd!x',
        },
      }),
    },
    'GET /api/volunteers/public/streets': { permission: 'public', req: () => ({ method: 'GET', url: '/api/volunteers/public/streets?q=街道' }) },
  },
});
