/** The registry's routes in the refusal matrix (server/test/access-matrix.test.ts). */
import { sql } from 'drizzle-orm';
import { outsideReach, values } from '../../../test/matrix/reach.js';
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';
import { workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeCategory, makeIdNumber, makeMember, makeOrganization } from './registry.factories.js';
import { lastCompleteMonth } from './service/reports.js';
import { todayInChina } from '../../../../shared/dates.js';

const ids = {} as Record<'category' | 'member' | 'spareMember' | 'filed' | 'filed2' | 'filed3' | 'society' | 'fApprove' | 'fReturn' | 'fWithdraw', string>;
let importBytes: Buffer;

/** A record of A's (a team, a member, a filing): absent for every kind of outsider. */
const RECORD: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' };
/** A list of area A asked for by name: B's actors get nothing, the sibling only its own team. */
const LIST: Outsiders = { region: 'empty', sibling: 'ownOnly', unassigned: 'forbidden' };
/** A roll-up of a whole region, which a member's grant never covers. */
const ROLLUP: Outsiders = { region: 'refused', sibling: 'notFound', unassigned: 'forbidden' };
/** The platform's one category taxonomy: a platform admin anywhere keeps it. */
const TAXONOMY: Outsiders = { region: 'shared', sibling: 'forbidden', unassigned: 'forbidden' };

/** Setting a grade, stars or stage: B's holders of the permission do not find A's record; nobody else holds it. */
const ASSESSMENT: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };

const org = (id: string, rest = '') => `/api/registry/organizations/${id}${rest}`;

export default defineMatrix({
  async setup(w) {
    ids.category = (await makeCategory(w.t.db)).id;
    ids.member = (await makeMember(w.t.db, w.team)).id;
    ids.spareMember = (await makeMember(w.t.db, w.team)).id;
    for (const key of ['filed', 'filed2', 'filed3'] as const) {
      const filingNumber = `${w.A.street.slice(0, 9)}-2020-${String(w.uniq()).padStart(4, '0')}`;
      const filed = await makeOrganization(w.t.db, w.A.street, { status: 'filed', filingNumber, activityContent: 'x', venue: 'y', leaderName: 'z' });
      await makeMember(w.t.db, filed);
      ids[key] = filed.id;
    }
    ids.society = (await makeOrganization(w.t.db, w.A.street, { legalForm: 'social_group' })).id;
    ids.fApprove = (await w.submittedFiling('待通过团队')).filingId;
    ids.fReturn = (await w.submittedFiling('待退回团队')).filingId;
    ids.fWithdraw = (await w.submittedFiling('待撤回团队')).filingId;
    importBytes = await workbook(['名称', '组织形式'], [[`导入团队${w.uniq()}`, '群众活动团队']]);
  },

  async hidden(w, o) {
    const orgs = outsideReach(o, { region: 'region_code', organization: 'id' });
    const owned = outsideReach(o, { region: 'region_code', organization: 'organization_id' });
    return values(
      w,
      sql`select id::text as value from registry_organizations where ${orgs}
        union all select name from registry_organizations where ${orgs}
        union all select id::text from registry_filings where ${owned}
        union all select id::text from registry_members where ${owned}`,
    );
  },

  routes: {
    'GET /api/registry/categories': {
      permission: 'registry.read',
      outsiders: { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'forbidden' },
      req: () => ({ method: 'GET', url: '/api/registry/categories' }),
    },
    'POST /api/registry/categories': {
      permission: 'registry.category.manage',
      outsiders: TAXONOMY,
      req: (w) => ({ method: 'POST', url: '/api/registry/categories', body: { code: `c_${w.uniq()}`, nameZh: '新类', nameEn: 'New', nameZhTw: '新類' } }),
    },
    'PATCH /api/registry/categories/:id': {
      permission: 'registry.category.manage',
      outsiders: TAXONOMY,
      req: () => ({ method: 'PATCH', url: `/api/registry/categories/${ids.category}`, body: { nameZh: '改名类' } }),
    },
    'GET /api/registry/organizations': { permission: 'registry.read', outsiders: LIST, req: (w) => ({ method: 'GET', url: `/api/registry/organizations?regionCode=${w.A.district}` }) },
    'GET /api/registry/organizations/export': {
      permission: 'registry.read',
      outsiders: LIST,
      req: (w) => ({ method: 'GET', url: `/api/registry/organizations/export?regionCode=${w.A.district}` }),
    },
    // A member's grant covers one organisation, never a region to create in: a 400 on regionCode.
    'POST /api/registry/organizations': {
      permission: 'registry.write',
      outsiders: { region: 'refused', sibling: 'refused', unassigned: 'forbidden' },
      req: (w) => ({ method: 'POST', url: '/api/registry/organizations', body: { regionCode: w.A.street, legalForm: 'grassroots_team', name: `矩阵团队${w.uniq()}` } }),
    },
    'GET /api/registry/organizations/:id': { permission: 'registry.read', outsiders: RECORD, req: (w) => ({ method: 'GET', url: org(w.team.id) }) },
    'PATCH /api/registry/organizations/:id': {
      permission: 'registry.write',
      outsiders: RECORD,
      req: () => ({ method: 'PATCH', url: org(ids.society), body: { address: '新地址' } }),
    },
    'GET /api/registry/organizations/:id/members': { permission: 'registry.member.read', outsiders: RECORD, req: (w) => ({ method: 'GET', url: org(w.team.id, '/members') }) },
    'GET /api/registry/organizations/:id/members/export': {
      permission: 'registry.member.read',
      outsiders: RECORD,
      req: (w) => ({ method: 'GET', url: org(w.team.id, '/members/export') }),
    },
    'POST /api/registry/organizations/:id/members': {
      permission: 'registry.member.write',
      outsiders: RECORD,
      req: (w) => ({ method: 'POST', url: org(w.team.id, '/members'), body: { name: '王五', idNumber: makeIdNumber('19600101') } }),
    },
    'PATCH /api/registry/members/:memberId': {
      permission: 'registry.member.write',
      outsiders: RECORD,
      req: () => ({ method: 'PATCH', url: `/api/registry/members/${ids.member}`, body: { name: '改名成员' } }),
    },
    'DELETE /api/registry/members/:memberId': { permission: 'registry.member.write', outsiders: RECORD, req: () => ({ method: 'DELETE', url: `/api/registry/members/${ids.spareMember}` }) },
    'GET /api/registry/organizations/:id/identity': { permission: 'personal.reveal', outsiders: RECORD, req: (w) => ({ method: 'GET', url: org(w.team.id, '/identity') }) },
    'GET /api/registry/members/:memberId/identity': { permission: 'personal.reveal', outsiders: RECORD, req: () => ({ method: 'GET', url: `/api/registry/members/${ids.member}/identity` }) },
    'POST /api/registry/organizations/:id/filing/submit': {
      permission: 'registry.filing.submit',
      outsiders: RECORD,
      req: (w) => ({ method: 'POST', url: org(w.team.id, '/filing/submit'), body: {} }),
    },
    'POST /api/registry/organizations/:id/filing/change': {
      permission: 'registry.filing.submit',
      outsiders: RECORD,
      req: () => ({ method: 'POST', url: org(ids.filed, '/filing/change'), body: { changes: { venue: '新场地' } } }),
    },
    'POST /api/registry/organizations/:id/filing/deregister': {
      permission: 'registry.filing.submit',
      outsiders: RECORD,
      req: () => ({ method: 'POST', url: org(ids.filed2, '/filing/deregister'), body: { reason: '团队解散' } }),
    },
    'POST /api/registry/organizations/:id/correction': {
      permission: 'registry.correct',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'POST', url: org(ids.filed3, '/correction'), body: { changes: { venue: '更正后的场地' }, reason: '登记时场地录入有误' } }),
    },
    'GET /api/registry/filings': { permission: 'registry.read', outsiders: LIST, req: (w) => ({ method: 'GET', url: `/api/registry/filings?regionCode=${w.A.district}` }) },
    'GET /api/registry/filings/export': { permission: 'registry.read', outsiders: LIST, req: (w) => ({ method: 'GET', url: `/api/registry/filings/export?regionCode=${w.A.district}` }) },
    'GET /api/registry/filings/:id': { permission: 'registry.read', outsiders: RECORD, req: () => ({ method: 'GET', url: `/api/registry/filings/${ids.fApprove}` }) },
    'POST /api/registry/filings/:id/approve': {
      permission: 'registry.filing.review',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'POST', url: `/api/registry/filings/${ids.fApprove}/approve`, body: {} }),
    },
    'POST /api/registry/filings/:id/return': {
      permission: 'registry.filing.review',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'POST', url: `/api/registry/filings/${ids.fReturn}/return`, body: { comment: '请补充材料' } }),
    },
    'POST /api/registry/filings/:id/withdraw': {
      permission: 'registry.filing.submit',
      outsiders: RECORD,
      req: () => ({ method: 'POST', url: `/api/registry/filings/${ids.fWithdraw}/withdraw`, body: {} }),
    },
    'GET /api/registry/organizations/:id/reports': { permission: 'registry.report.read', outsiders: RECORD, req: () => ({ method: 'GET', url: org(ids.filed, '/reports') }) },
    'POST /api/registry/organizations/:id/reports': {
      permission: 'registry.report.submit',
      outsiders: RECORD,
      req: () => ({
        method: 'POST',
        url: org(ids.filed, '/reports'),
        body: { month: lastCompleteMonth(), flag: true, venuePermit: true, meetingHeld: false, trainingHeld: false, reportForm: true },
      }),
    },
    'GET /api/registry/compliance': { permission: 'registry.report.read', outsiders: ROLLUP, req: (w) => ({ method: 'GET', url: `/api/registry/compliance?regionCode=${w.A.district}` }) },
    'GET /api/registry/compliance/teams': {
      permission: 'registry.report.read',
      outsiders: ROLLUP,
      req: (w) => ({ method: 'GET', url: `/api/registry/compliance/teams?regionCode=${w.A.district}` }),
    },
    'GET /api/registry/compliance/teams/export': {
      permission: 'registry.report.read',
      outsiders: ROLLUP,
      req: (w) => ({ method: 'GET', url: `/api/registry/compliance/teams/export?regionCode=${w.A.district}` }),
    },
    'GET /api/registry/organizations/:id/standing': { permission: 'registry.read', outsiders: RECORD, req: () => ({ method: 'GET', url: org(ids.society, '/standing') }) },
    // Held by officials (grades) or the centre too (stars, stages): B's holders do not find A's record, others hold no such permission.
    'PUT /api/registry/organizations/:id/grade': {
      permission: 'registry.grade.set',
      outsiders: ASSESSMENT,
      req: () => ({ method: 'PUT', url: org(ids.society, '/grade'), body: { grade: '4A', awardedOn: '2024-01-15', reason: '区民政局评估结果' } }),
    },
    'PUT /api/registry/organizations/:id/star-rating': {
      permission: 'registry.rating.set',
      outsiders: ASSESSMENT,
      req: () => ({
        method: 'PUT',
        url: org(ids.filed, '/star-rating'),
        body: { year: Number(todayInChina().slice(0, 4)), stars: 4, scores: { sixOnes: 22, activities: 20, service: 18, conduct: 20 } },
      }),
    },
    'PUT /api/registry/organizations/:id/stage': {
      permission: 'registry.stage.set',
      outsiders: ASSESSMENT,
      req: () => ({ method: 'PUT', url: org(ids.society, '/stage'), body: { stage: 'growing', reason: '承接项目，能力提升' } }),
    },
    // The same blank workbook for everyone who imports.
    'GET /api/registry/import/templates/:kind': {
      permission: 'registry.import',
      outsiders: { region: 'ownOnly', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'GET', url: '/api/registry/import/templates/organizations' }),
    },
    'POST /api/registry/import/:kind': {
      permission: 'registry.import',
      outsiders: { region: 'refused', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({
        method: 'POST',
        url: `/api/registry/import/organizations?regionCode=${w.A.street}`,
        upload: { field: 'file', filename: 'orgs.xlsx', bytes: importBytes, mime: XLSX_MIME },
      }),
    },
  },
});
