import { z } from 'zod';
import { ZFilingExportQuery } from '../../../../shared/registry/filings.js';
import { ZOrganizationListQuery } from '../../../../shared/registry/organizations.js';
import { defineAuditEvents, masked, omitted, redacted, type AuditFieldsOf } from '../../core/audit-events.js';
import type {
  registryCategories,
  registryMembers,
  registryMonthlyReports,
  registryOrganizations,
} from './registry.tables.js';

const text = z.string().nullable();
const id = z.string();
const day = z.string().nullable();
/** Timestamps are stored as ISO strings. */
const time = z.string().nullable();

/** Every column of an organisation, each declared (a new column fails to compile until it is). */
const ORGANIZATION = z.object({
  id,
  regionCode: z.string(),
  legalForm: z.string(),
  name: z.string(),
  uscc: text,
  usccOverrideReason: text,
  usccOverrideBy: text,
  registrationLevel: text,
  categoryId: text,
  foundedOn: day,
  status: z.string(),
  stage: text,
  grade: text,
  gradeValidUntil: day,
  starRating: z.number().nullable(),
  parentId: text,
  leaderName: text,
  leaderPhone: masked(),
  leaderIdNumber: redacted(),
  // Not reversible without the key, but it would link one person's rows across the log.
  leaderIdNumberHash: redacted(),
  address: text,
  activityContent: text,
  venue: text,
  businessScope: text,
  filingNumber: text,
  filedAt: time,
  memberCount: z.number(),
  nameGrams: omitted(),
  nameSort: omitted(),
  createdAt: time,
  updatedAt: time,
} satisfies AuditFieldsOf<typeof registryOrganizations.$inferSelect>);

const MEMBER = z.object({
  id,
  organizationId: id,
  regionCode: z.string(),
  name: z.string(),
  phone: masked(),
  idNumber: redacted(),
  idNumberHash: redacted(),
  gender: text,
  role: z.string(),
  // Personal, and as telling as the ID number's middle: the log says it changed, not what it is.
  birthDate: redacted(),
  ageBand: text,
  ageBandEnteredOn: day,
  isPartyMember: z.boolean(),
  joinedOn: day,
  createdAt: time,
} satisfies AuditFieldsOf<typeof registryMembers.$inferSelect>);

const REPORT = z.object({
  id,
  organizationId: id,
  regionCode: z.string(),
  month: z.string(),
  responsiblePerson: z.boolean(),
  flag: z.boolean(),
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  reportForm: z.boolean(),
  meetingDate: day,
  trainingTopic: text,
  notes: text,
  // Unused so far: declared empty, so whatever is put there first must be declared here.
  details: z.object({}),
  responsiblePersonName: text,
  venue: text,
  version: z.number(),
  correctionReason: text,
  submittedBy: text,
  submittedAt: time,
} satisfies AuditFieldsOf<typeof registryMonthlyReports.$inferSelect>);

const CATEGORY = z.object({
  id,
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  nameZhTw: z.string(),
  sortOrder: z.number(),
  active: z.boolean(),
  createdAt: time,
} satisfies AuditFieldsOf<typeof registryCategories.$inferSelect>);

/** A look at a person's full identifiers: which ones, never the values. */
const REVEALED = z.object({ fields: z.array(z.enum(['idNumber', 'phone'])) });

const exported = <Q extends z.ZodObject>(query: Q) => z.object({ rows: z.number(), query });
// An export's filters: not the page, nor what a list page asks its rows to carry.
const { page: _page, pageSize: _pageSize, include: _include, ...organizationFilters } = ZOrganizationListQuery.shape;

export const registryAudit = defineAuditEvents('registry', {
  'registry.organization.create': {
    entity: 'organization',
    label: { 'zh-CN': '新建组织', en: 'Organisation created', 'zh-TW': '新增組織' },
    after: ORGANIZATION,
  },
  'registry.organization.create.uscc_override': {
    entity: 'organization',
    label: { 'zh-CN': '新建组织（信用代码例外）', en: 'Organisation created (credit code exception)', 'zh-TW': '新增組織（信用代碼例外）' },
    after: ORGANIZATION,
  },
  'registry.organization.update': {
    entity: 'organization',
    label: { 'zh-CN': '修改组织', en: 'Organisation edited', 'zh-TW': '修改組織' },
    before: ORGANIZATION,
    after: ORGANIZATION,
  },
  'registry.organization.import': {
    entity: 'organization',
    label: { 'zh-CN': '导入组织', en: 'Organisation imported', 'zh-TW': '匯入組織' },
    after: ORGANIZATION,
  },
  'registry.organization.filed': {
    entity: 'organization',
    label: { 'zh-CN': '备案生效', en: 'Filing took effect', 'zh-TW': '備案生效' },
    before: ORGANIZATION,
    after: ORGANIZATION,
  },
  'registry.organization.change_applied': {
    entity: 'organization',
    label: { 'zh-CN': '变更生效', en: 'Change took effect', 'zh-TW': '變更生效' },
    before: ORGANIZATION,
    after: ORGANIZATION,
  },
  'registry.organization.deregistered': {
    entity: 'organization',
    label: { 'zh-CN': '注销生效', en: 'Deregistration took effect', 'zh-TW': '註銷生效' },
    before: ORGANIZATION,
    after: ORGANIZATION,
  },
  'registry.organization.correct': {
    entity: 'organization',
    label: { 'zh-CN': '更正已备案团队', en: 'Filed team corrected', 'zh-TW': '更正已備案團隊' },
    before: ORGANIZATION,
    after: ORGANIZATION.extend({ correctionReason: z.string() }),
  },
  'registry.organization.reveal': {
    entity: 'organization',
    label: { 'zh-CN': '查看负责人完整信息', en: "Leader's full details viewed", 'zh-TW': '檢視負責人完整資料' },
    after: REVEALED,
  },
  'registry.organization.export': {
    entity: 'export',
    label: { 'zh-CN': '导出组织名单', en: 'Organisations exported', 'zh-TW': '匯出組織名單' },
    after: exported(z.object(organizationFilters)),
  },

  'registry.member.create': {
    entity: 'member',
    label: { 'zh-CN': '添加成员', en: 'Member added', 'zh-TW': '新增成員' },
    after: MEMBER,
  },
  'registry.member.update': {
    entity: 'member',
    label: { 'zh-CN': '修改成员', en: 'Member edited', 'zh-TW': '修改成員' },
    before: MEMBER,
    after: MEMBER,
  },
  'registry.member.delete': {
    entity: 'member',
    label: { 'zh-CN': '删除成员', en: 'Member removed', 'zh-TW': '刪除成員' },
    before: MEMBER,
  },
  'registry.member.import': {
    entity: 'member',
    label: { 'zh-CN': '导入成员', en: 'Member imported', 'zh-TW': '匯入成員' },
    after: MEMBER,
  },
  'registry.member.reveal': {
    entity: 'member',
    label: { 'zh-CN': '查看成员完整信息', en: "Member's full details viewed", 'zh-TW': '檢視成員完整資料' },
    after: REVEALED.extend({ organizationId: id }),
  },
  'registry.member.export': {
    entity: 'export',
    label: { 'zh-CN': '导出成员名单', en: 'Roster exported', 'zh-TW': '匯出成員名單' },
    after: exported(z.object({})),
  },

  'registry.filing.submit': {
    entity: 'filing',
    label: { 'zh-CN': '提交备案', en: 'Filing submitted', 'zh-TW': '提交備案' },
    before: z.object({ status: z.string() }),
    after: z.object({ status: z.string(), filingState: z.string() }),
  },
  'registry.filing.change.submit': {
    entity: 'filing',
    label: { 'zh-CN': '申请变更', en: 'Change requested', 'zh-TW': '申請變更' },
    // The facts asked to change, and what they were: organisation fields, treated as there.
    after: z.object({ changes: ORGANIZATION.partial(), current: ORGANIZATION.partial() }),
  },
  'registry.filing.deregistration.submit': {
    entity: 'filing',
    label: { 'zh-CN': '申请注销', en: 'Deregistration requested', 'zh-TW': '申請註銷' },
    after: z.object({ reason: z.string() }),
  },
  'registry.filing.approve': {
    entity: 'filing',
    label: { 'zh-CN': '通过备案申请', en: 'Filing approved', 'zh-TW': '核准備案申請' },
    before: z.object({ state: z.string() }),
    after: z.object({ state: z.string(), comment: text }),
  },
  'registry.filing.return': {
    entity: 'filing',
    label: { 'zh-CN': '退回备案申请', en: 'Filing returned', 'zh-TW': '退回備案申請' },
    before: z.object({ state: z.string() }),
    after: z.object({ state: z.string(), comment: text }),
  },
  'registry.filing.withdraw': {
    entity: 'filing',
    label: { 'zh-CN': '撤回备案申请', en: 'Filing withdrawn', 'zh-TW': '撤回備案申請' },
    before: z.object({ state: z.string() }),
    after: z.object({ state: z.string(), comment: text }),
  },
  'registry.filing.export': {
    entity: 'export',
    label: { 'zh-CN': '导出备案申请', en: 'Filings exported', 'zh-TW': '匯出備案申請' },
    after: exported(ZFilingExportQuery),
  },

  'registry.report.submit': {
    entity: 'report',
    label: { 'zh-CN': '报送月报', en: 'Monthly report submitted', 'zh-TW': '提交月報' },
    after: REPORT,
  },
  'registry.report.correct': {
    entity: 'report',
    label: { 'zh-CN': '更正月报', en: 'Monthly report corrected', 'zh-TW': '更正月報' },
    before: REPORT,
    after: REPORT,
  },
  'registry.report.export': {
    entity: 'export',
    label: { 'zh-CN': '导出六个一合规', en: '"Six ones" compliance exported', 'zh-TW': '匯出六個一合規' },
    after: exported(z.object({ month: z.string() })),
  },

  // An organisation's standing (service/grades.ts, star-ratings.ts, stages.ts): each history row, as recorded.
  'registry.grade.award': {
    entity: 'organization',
    label: { 'zh-CN': '评定等级', en: 'Grade awarded', 'zh-TW': '評定等級' },
    before: z.object({ grade: text, gradeValidUntil: day }),
    after: z.object({ grade: z.string(), awardedOn: z.string(), validUntil: z.string(), documentNumber: text, reason: z.string() }),
  },
  'registry.star_rating.set': {
    entity: 'organization',
    label: { 'zh-CN': '评定星级', en: 'Stars rated', 'zh-TW': '評定星級' },
    before: z.object({ starRating: z.number().nullable() }),
    after: z.object({
      year: z.number(),
      stars: z.number(),
      scores: z.object({ sixOnes: z.number(), activities: z.number(), service: z.number(), conduct: z.number() }),
      comment: text,
    }),
  },
  'registry.stage.change': {
    entity: 'organization',
    label: { 'zh-CN': '变更发展阶段', en: 'Development stage changed', 'zh-TW': '變更發展階段' },
    before: z.object({ stage: text }),
    after: z.object({ stage: z.string(), reason: z.string() }),
  },

  'registry.category.create': {
    entity: 'category',
    label: { 'zh-CN': '新建分类', en: 'Category created', 'zh-TW': '新增分類' },
    after: CATEGORY,
  },
  'registry.category.update': {
    entity: 'category',
    label: { 'zh-CN': '修改分类', en: 'Category edited', 'zh-TW': '修改分類' },
    before: CATEGORY,
    after: CATEGORY,
  },
});
