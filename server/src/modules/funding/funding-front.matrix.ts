/** Step settings, needs, topics, calls, applications and screening (F1–F4) in the refusal matrix. */
import { sql } from 'drizzle-orm';
import { outsideReach, values } from '../../../test/matrix/reach.js';
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';
import { makeApplication, makeCall, makeNeed } from './funding.factories.js';
import { fundingTopics } from './funding.tables.js';

type Key =
  | 'need' | 'needMergeA' | 'needMergeB' | 'needClose' | 'needAdd' | 'needRemove' | 'topic' | 'topicRename' | 'topicClose'
  | 'open' | 'draft' | 'draftPublish' | 'draftCancel' | 'due'
  | 'appDraft' | 'appSubmit' | 'appWithdraw' | 'appRead' | 'appDecide';
const ids = {} as Record<Key, string>;

/** A record of A's: absent for B's holders of the permission and for the sibling; the reviewer holds none. */
const RECORD: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' };
/** Staff work (curation, calls, screening): B's staff do not find A's record; members and reviewers hold no such permission. */
const STAFF_RECORD: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };
/** Staff work in a region named in the request: B's staff are refused it. */
const STAFF_IN_REGION: Outsiders = { region: 'refused', sibling: 'forbidden', unassigned: 'forbidden' };
/**
 * A published call of A's district: the sibling organisation lies in that district and may read it
 * (it is on the public page too), so it answers — with nothing of A's applications or needs.
 */
const PUBLISHED_CALL: Outsiders = { region: 'notFound', sibling: 'ownOnly', unassigned: 'forbidden' };
const LIST: Outsiders = { region: 'empty', sibling: 'ownOnly', unassigned: 'forbidden' };

export const frontMatrix = defineMatrix({
  async setup(w) {
    const db = w.t.db;
    const staffId = w.users.centre_staff.id;
    for (const key of ['need', 'needMergeA', 'needMergeB', 'needClose', 'needAdd', 'needRemove'] as const) {
      ids[key] = (await makeNeed(db, w.A.street, { submittedBy: staffId, title: `矩阵需求${w.uniq()}` })).id;
    }
    const [topic] = await db.insert(fundingTopics).values({ regionCode: w.A.district, title: `矩阵课题${w.uniq()}` }).returning();
    ids.topic = topic.id;
    for (const key of ['topicRename', 'topicClose'] as const) {
      ids[key] = (await db.insert(fundingTopics).values({ regionCode: w.A.district, title: `矩阵课题${w.uniq()}` }).returning())[0].id;
    }
    await db.execute(sql`update funding_needs set status = 'in_topic', topic_id = ${topic.id} where id = ${ids.needRemove}`);
    const open = await makeCall(db, w.A.district, { eligibility: [{ kind: 'manual', text: '有社区推荐信' }] });
    ids.open = open.id;
    ids.draft = (await makeCall(db, w.A.district, { status: 'draft', step: 'needs', publishedAt: null })).id;
    ids.draftPublish = (await makeCall(db, w.A.district, { status: 'draft', step: 'needs', publishedAt: null })).id;
    ids.draftCancel = (await makeCall(db, w.A.district, { status: 'draft', step: 'needs', publishedAt: null })).id;
    ids.due = (await makeCall(db, w.A.district, { deadline: new Date(Date.now() - 60_000) })).id;
    const draftApp = { status: 'draft', submittedAt: null } as const;
    ids.appDraft = (await makeApplication(db, open, w.team, draftApp)).id;
    ids.appSubmit = (await makeApplication(db, open, w.team, draftApp)).id;
    ids.appWithdraw = (await makeApplication(db, open, w.team, draftApp)).id;
    ids.appRead = (await makeApplication(db, open, w.team)).id;
    const pending = {
      screenedAt: new Date().toISOString(),
      results: [{ index: 0, rule: { kind: 'manual', text: '有社区推荐信' }, outcome: 'manual', reason: 'manual_rule', params: { text: '有社区推荐信' }, decision: null, history: [] }],
    };
    ids.appDecide = (await makeApplication(db, open, w.team, { screening: pending as unknown as unknown[] })).id;
  },

  async hidden(w, o) {
    const apps = outsideReach(o, { region: 'region_code', organization: 'organization_id' });
    // Needs are the submitter's or the region's; calls past draft are for the organisations below them to read.
    const needs = o.reachesRegion ? outsideReach(o, { region: 'region_code' }) : sql`submitted_by is distinct from ${o.userId}::uuid`;
    const calls = o.kind === 'sibling' ? sql`status = 'draft'` : outsideReach(o, { region: 'region_code' });
    return values(
      w,
      sql`select id::text as value from funding_applications where ${apps}
        union all select id::text from funding_needs where ${needs}
        union all select title from funding_needs where ${needs}
        union all select id::text from funding_topics where ${outsideReach(o, { region: 'region_code' })}
        union all select id::text from funding_calls where ${calls}`,
    );
  },

  routes: {
    'GET /api/funding/settings/steps': {
      permission: 'funding.call.manage',
      outsiders: STAFF_IN_REGION,
      req: (w) => ({ method: 'GET', url: `/api/funding/settings/steps?region=${w.A.district}` }),
    },
    'PUT /api/funding/settings/steps': {
      permission: 'funding.settings.manage',
      outsiders: STAFF_IN_REGION,
      req: (w) => ({ method: 'PUT', url: `/api/funding/settings/steps?region=${w.A.district}`, body: { callType: 'seed_fund', steps: null } }),
    },
    'GET /api/funding/needs': { permission: 'funding.need.submit', outsiders: { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'forbidden' }, req: (w) => ({ method: 'GET', url: `/api/funding/needs?region=${w.A.district}` }) },
    'GET /api/funding/needs/export': { permission: 'funding.need.curate', outsiders: { region: 'empty', sibling: 'forbidden', unassigned: 'forbidden' }, req: (w) => ({ method: 'GET', url: `/api/funding/needs/export?region=${w.A.district}` }) },
    // The sibling's member works in A's district: putting a need there is its own act, in its own region.
    'POST /api/funding/needs': {
      permission: 'funding.need.submit',
      outsiders: { region: 'refused', sibling: 'own', unassigned: 'forbidden' },
      req: (w) => ({ method: 'POST', url: '/api/funding/needs', body: { regionCode: w.A.street, source: 'resident', title: `矩阵新需求${w.uniq()}`, description: '需要' } }),
    },
    'GET /api/funding/needs/:id': { permission: 'funding.need.submit', outsiders: RECORD, req: () => ({ method: 'GET', url: `/api/funding/needs/${ids.need}` }) },
    'POST /api/funding/needs/:id/merge': {
      permission: 'funding.need.curate',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'POST', url: `/api/funding/needs/${ids.needMergeA}/merge`, body: { intoId: ids.needMergeB } }),
    },
    'POST /api/funding/needs/:id/close': { permission: 'funding.need.curate', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/funding/needs/${ids.needClose}/close`, body: { reason: '已由街道解决' } }) },
    'GET /api/funding/topics': { permission: 'funding.need.curate', outsiders: { region: 'empty', sibling: 'forbidden', unassigned: 'forbidden' }, req: (w) => ({ method: 'GET', url: `/api/funding/topics?region=${w.A.district}` }) },
    'POST /api/funding/topics': { permission: 'funding.need.curate', outsiders: STAFF_IN_REGION, req: (w) => ({ method: 'POST', url: '/api/funding/topics', body: { regionCode: w.A.district, title: `新课题${w.uniq()}` } }) },
    'PATCH /api/funding/topics/:id': { permission: 'funding.need.curate', outsiders: STAFF_RECORD, req: () => ({ method: 'PATCH', url: `/api/funding/topics/${ids.topicRename}`, body: { title: '改过的课题' } }) },
    'POST /api/funding/topics/:id/close': { permission: 'funding.need.curate', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/funding/topics/${ids.topicClose}/close`, body: { reason: '需求已由街道解决' } }) },
    'POST /api/funding/topics/:id/needs': { permission: 'funding.need.curate', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/funding/topics/${ids.topic}/needs`, body: { needIds: [ids.needAdd] } }) },
    'DELETE /api/funding/topics/:id/needs/:needId': { permission: 'funding.need.curate', outsiders: STAFF_RECORD, req: () => ({ method: 'DELETE', url: `/api/funding/topics/${ids.topic}/needs/${ids.needRemove}` }) },

    'GET /api/funding/calls': { permission: 'funding.read', outsiders: LIST, req: (w) => ({ method: 'GET', url: `/api/funding/calls?region=${w.A.district}` }) },
    'GET /api/funding/calls/export': { permission: 'funding.read', outsiders: LIST, req: (w) => ({ method: 'GET', url: `/api/funding/calls/export?region=${w.A.district}&sort=budgetFen` }) },
    'POST /api/funding/calls': {
      permission: 'funding.call.manage',
      outsiders: STAFF_IN_REGION,
      req: (w) => ({
        method: 'POST',
        url: '/api/funding/calls',
        body: { callType: 'venture', regionCode: w.A.district, year: 2030, title: `矩阵征集${w.uniq()}`, budgetFen: 100_000, deadline: '2030-06-30T17:00:00+08:00' },
      }),
    },
    'GET /api/funding/calls/:id': { permission: 'funding.read', outsiders: PUBLISHED_CALL, req: () => ({ method: 'GET', url: `/api/funding/calls/${ids.open}` }) },
    'PATCH /api/funding/calls/:id': { permission: 'funding.call.manage', outsiders: STAFF_RECORD, req: () => ({ method: 'PATCH', url: `/api/funding/calls/${ids.draft}`, body: { title: '改过的征集' } }) },
    'POST /api/funding/calls/:id/publish': { permission: 'funding.call.manage', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/funding/calls/${ids.draftPublish}/publish`, body: {} }) },
    'POST /api/funding/calls/:id/advance': { permission: 'funding.call.manage', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/funding/calls/${ids.due}/advance`, body: {} }) },
    'POST /api/funding/calls/:id/cancel': { permission: 'funding.call.manage', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/funding/calls/${ids.draftCancel}/cancel`, body: { reason: '预算调整' } }) },
    'POST /api/funding/calls/:id/screen': { permission: 'funding.application.screen', outsiders: STAFF_RECORD, req: () => ({ method: 'POST', url: `/api/funding/calls/${ids.open}/screen` }) },
    'GET /api/funding/public/calls': { permission: 'public', req: () => ({ method: 'GET', url: '/api/funding/public/calls' }) },
    'GET /api/funding/public/calls/:id': { permission: 'public', req: () => ({ method: 'GET', url: `/api/funding/public/calls/${ids.open}` }) },

    'GET /api/funding/applications': { permission: 'funding.read', outsiders: LIST, req: () => ({ method: 'GET', url: `/api/funding/applications?callId=${ids.open}` }) },
    'GET /api/funding/applications/export': { permission: 'funding.read', outsiders: LIST, req: () => ({ method: 'GET', url: `/api/funding/applications/export?callId=${ids.open}&sort=organization` }) },
    // Named for A's team: the sibling (whose own application would be its own business) is refused it.
    'POST /api/funding/applications': {
      permission: 'funding.application.write',
      outsiders: { region: 'refused', sibling: 'refused', unassigned: 'forbidden' },
      allowedAs: (w) => w.agents.org_member,
      req: (w) => ({ method: 'POST', url: '/api/funding/applications', body: { callId: ids.open, organizationId: w.team.id, title: `矩阵申报${w.uniq()}` } }),
    },
    'GET /api/funding/applications/:id': { permission: 'funding.read', outsiders: RECORD, req: () => ({ method: 'GET', url: `/api/funding/applications/${ids.appRead}` }) },
    'PATCH /api/funding/applications/:id': {
      permission: 'funding.application.write',
      outsiders: RECORD,
      allowedAs: (w) => w.agents.org_member,
      req: () => ({ method: 'PATCH', url: `/api/funding/applications/${ids.appDraft}`, body: { title: '改过的申报' } }),
    },
    'POST /api/funding/applications/:id/submit': {
      permission: 'funding.application.write',
      outsiders: RECORD,
      allowedAs: (w) => w.agents.org_member,
      req: () => ({ method: 'POST', url: `/api/funding/applications/${ids.appSubmit}/submit` }),
    },
    'POST /api/funding/applications/:id/withdraw': {
      permission: 'funding.application.write',
      outsiders: RECORD,
      allowedAs: (w) => w.agents.org_member,
      req: () => ({ method: 'POST', url: `/api/funding/applications/${ids.appWithdraw}/withdraw`, body: {} }),
    },
    'POST /api/funding/applications/:id/screening/decide': {
      permission: 'funding.application.screen',
      outsiders: STAFF_RECORD,
      req: () => ({ method: 'POST', url: `/api/funding/applications/${ids.appDecide}/screening/decide`, body: { index: 0, outcome: 'pass', reason: '已核推荐信' } }),
    },
  },
});
