import { defineRoutes, fileResponse, itemsOf, MULTIPART, pageOf, XLSX_MIME, ZIdParams, ZOk } from '../contract.js';
import { ZCategory, ZCategoryBody, ZUpdateCategoryBody } from './categories.js';
import {
  ZChangeFilingBody,
  ZCorrectionBody,
  ZDecisionBody,
  ZDeregisterBody,
  ZFiling,
  ZFilingDetail,
  ZFilingExportQuery,
  ZFilingListQuery,
  ZRequiredCommentBody,
  ZSubmitFilingBody,
} from './filings.js';
import { ZOrganizationStanding, ZSetGradeBody, ZSetStageBody, ZSetStarRatingBody } from './grades.js';
import { ZImportKindParams, ZImportQuery, ZImportResult } from './imports.js';
import { ZIdentity, ZIdentityQuery, ZMember, ZMemberBody, ZMemberIdParams, ZPageQuery, ZUpdateMemberBody } from './members.js';
import { ZOrganizationDetail } from './organization-detail.js';
import {
  ZCreateOrganizationBody,
  ZOrganizationListPage,
  ZOrganizationListQuery,
  ZOrganizationSaved,
  ZUpdateOrganizationBody,
} from './organizations.js';
import { ZComplianceQuery, ZComplianceRollup, ZComplianceTeam, ZReport, ZReportBody, ZReportList } from './reports.js';

const workbook = (what: string) => fileResponse(XLSX_MIME, what);

export const registryRoutes = defineRoutes({
  'GET /registry/categories': { response: { 200: itemsOf(ZCategory) } },
  'POST /registry/categories': { body: ZCategoryBody, response: { 200: ZCategory } },
  'PATCH /registry/categories/:id': { params: ZIdParams, body: ZUpdateCategoryBody, response: { 200: ZCategory } },

  'GET /registry/organizations': { querystring: ZOrganizationListQuery, response: { 200: ZOrganizationListPage } },
  'GET /registry/organizations/export': {
    querystring: ZOrganizationListQuery,
    response: workbook('The organisations and teams the filter matches.'),
  },
  'GET /registry/organizations/:id': { params: ZIdParams, response: { 200: ZOrganizationDetail } },
  'POST /registry/organizations': { body: ZCreateOrganizationBody, response: { 200: ZOrganizationSaved } },
  'PATCH /registry/organizations/:id': { params: ZIdParams, body: ZUpdateOrganizationBody, response: { 200: ZOrganizationSaved } },

  'GET /registry/organizations/:id/members': { params: ZIdParams, querystring: ZPageQuery, response: { 200: pageOf(ZMember) } },
  'GET /registry/organizations/:id/members/export': { params: ZIdParams, response: workbook('The roster of one organisation.') },
  'POST /registry/organizations/:id/members': { params: ZIdParams, body: ZMemberBody, response: { 200: ZMember } },
  'PATCH /registry/members/:memberId': { params: ZMemberIdParams, body: ZUpdateMemberBody, response: { 200: ZMember } },
  'DELETE /registry/members/:memberId': { params: ZMemberIdParams, response: { 200: ZOk } },
  'GET /registry/organizations/:id/identity': { params: ZIdParams, querystring: ZIdentityQuery, response: { 200: ZIdentity } },
  'GET /registry/members/:memberId/identity': { params: ZMemberIdParams, querystring: ZIdentityQuery, response: { 200: ZIdentity } },

  'POST /registry/organizations/:id/filing/submit': { params: ZIdParams, body: ZSubmitFilingBody, response: { 200: ZFiling } },
  'POST /registry/organizations/:id/filing/change': { params: ZIdParams, body: ZChangeFilingBody, response: { 200: ZFiling } },
  'POST /registry/organizations/:id/filing/deregister': { params: ZIdParams, body: ZDeregisterBody, response: { 200: ZFiling } },
  'POST /registry/organizations/:id/correction': { params: ZIdParams, body: ZCorrectionBody, response: { 200: ZOrganizationSaved } },
  'GET /registry/filings': { querystring: ZFilingListQuery, response: { 200: pageOf(ZFiling) } },
  'GET /registry/filings/export': { querystring: ZFilingExportQuery, response: workbook('The filings the filter matches.') },
  'GET /registry/filings/:id': { params: ZIdParams, response: { 200: ZFilingDetail } },
  'POST /registry/filings/:id/approve': { params: ZIdParams, body: ZDecisionBody, response: { 200: ZFilingDetail } },
  'POST /registry/filings/:id/return': { params: ZIdParams, body: ZRequiredCommentBody, response: { 200: ZFilingDetail } },
  'POST /registry/filings/:id/withdraw': { params: ZIdParams, body: ZDecisionBody, response: { 200: ZFilingDetail } },

  'GET /registry/organizations/:id/reports': { params: ZIdParams, response: { 200: ZReportList } },
  'POST /registry/organizations/:id/reports': { params: ZIdParams, body: ZReportBody, response: { 200: ZReport } },
  'GET /registry/compliance': { querystring: ZComplianceQuery, response: { 200: ZComplianceRollup } },
  'GET /registry/compliance/teams': {
    querystring: ZComplianceQuery.extend(ZPageQuery.shape),
    response: { 200: pageOf(ZComplianceTeam) },
  },
  'GET /registry/compliance/teams/export': { querystring: ZComplianceQuery, response: workbook('The teams of one month and their reports.') },

  'GET /registry/organizations/:id/standing': { params: ZIdParams, response: { 200: ZOrganizationStanding } },
  'PUT /registry/organizations/:id/grade': { params: ZIdParams, body: ZSetGradeBody, response: { 200: ZOrganizationStanding } },
  'PUT /registry/organizations/:id/star-rating': { params: ZIdParams, body: ZSetStarRatingBody, response: { 200: ZOrganizationStanding } },
  'PUT /registry/organizations/:id/stage': { params: ZIdParams, body: ZSetStageBody, response: { 200: ZOrganizationStanding } },

  'GET /registry/import/templates/:kind': { params: ZImportKindParams, response: workbook('An empty import sheet with its header row.') },
  'POST /registry/import/:kind': {
    consumes: MULTIPART,
    params: ZImportKindParams,
    querystring: ZImportQuery,
    response: { 200: ZImportResult },
  },
});

/** Every PATCH body of the registry: sending a field must be the only way to change it. */
export const UPDATE_BODIES = {
  organization: ZUpdateOrganizationBody,
  member: ZUpdateMemberBody,
  category: ZUpdateCategoryBody,
} as const;

type RegistryRoutesType = typeof registryRoutes;

declare module '../contract.js' {
  interface Api extends RegistryRoutesType {}
}
