import { defineRoutes, fileResponse, MULTIPART, XLSX_MIME, ZIdParams, ZOk } from '../contract.js';
import {
  ZSelfEditBody,
  ZSelfRegisterBody,
  ZSelfRegistered,
  ZSocialWorkerOptions,
  ZSocialWorkerQuery,
  ZStreetOptions,
  ZStreetQuery,
  ZTeam,
  ZTeamBody,
  ZTeamListQuery,
  ZTeamMember,
  ZTeamMemberBody,
  ZTeamMemberParams,
  ZTeamMemberRoleBody,
  ZTeamMembers,
  ZTeamPage,
  ZUpdateTeamBody,
  ZUpdateVolunteerBody,
  ZVolunteerBody,
  ZVolunteerDetail,
  ZVolunteerExportQuery,
  ZVolunteerIdNumber,
  ZVolunteerImportQuery,
  ZVolunteerImportResult,
  ZVolunteerListQuery,
  ZVolunteerPage,
  ZVolunteerReasonBody,
} from './registry.js';

/**
 * The volunteer registry (V1): volunteers, teams, self-registration, import and export.
 * Permissions (shared/volunteers/permissions.ts): lists and details volunteers.read (a volunteer:
 * its own record); writes, teams, import and export volunteers.manage; the full ID number
 * volunteers.id_number.view (audited); /me volunteers.self.edit; /public/* anyone.
 */
export const volunteerRegistryRoutes = defineRoutes({
  'GET /volunteers': { querystring: ZVolunteerListQuery, response: { 200: ZVolunteerPage } },
  'GET /volunteers/export': { querystring: ZVolunteerExportQuery, response: fileResponse(XLSX_MIME, 'The volunteers the filter matches, ID numbers and phones masked.') },
  'GET /volunteers/import/template': { response: fileResponse(XLSX_MIME, 'An empty volunteer import sheet with its header row.') },
  'POST /volunteers/import': { consumes: MULTIPART, querystring: ZVolunteerImportQuery, response: { 200: ZVolunteerImportResult } },
  'POST /volunteers': { body: ZVolunteerBody, response: { 200: ZVolunteerDetail } },
  'GET /volunteers/me': { response: { 200: ZVolunteerDetail } },
  'PATCH /volunteers/me': { body: ZSelfEditBody, response: { 200: ZVolunteerDetail } },
  'GET /volunteers/:id': { params: ZIdParams, response: { 200: ZVolunteerDetail } },
  'PATCH /volunteers/:id': { params: ZIdParams, body: ZUpdateVolunteerBody, response: { 200: ZVolunteerDetail } },
  'GET /volunteers/:id/id-number': { params: ZIdParams, response: { 200: ZVolunteerIdNumber } },
  'POST /volunteers/:id/confirm': { params: ZIdParams, response: { 200: ZVolunteerDetail } },
  'POST /volunteers/:id/suspend': { params: ZIdParams, body: ZVolunteerReasonBody, response: { 200: ZVolunteerDetail } },
  'POST /volunteers/:id/reactivate': { params: ZIdParams, body: ZVolunteerReasonBody, response: { 200: ZVolunteerDetail } },
  'POST /volunteers/:id/leave': { params: ZIdParams, body: ZVolunteerReasonBody, response: { 200: ZVolunteerDetail } },

  'GET /volunteers/social-workers': { querystring: ZSocialWorkerQuery, response: { 200: ZSocialWorkerOptions } },
  'GET /volunteers/teams': { querystring: ZTeamListQuery, response: { 200: ZTeamPage } },
  'POST /volunteers/teams': { body: ZTeamBody, response: { 200: ZTeam } },
  'GET /volunteers/teams/:id': { params: ZIdParams, response: { 200: ZTeam } },
  'PATCH /volunteers/teams/:id': { params: ZIdParams, body: ZUpdateTeamBody, response: { 200: ZTeam } },
  'GET /volunteers/teams/:id/members': { params: ZIdParams, response: { 200: ZTeamMembers } },
  'POST /volunteers/teams/:id/members': { params: ZIdParams, body: ZTeamMemberBody, response: { 200: ZTeamMember } },
  'PATCH /volunteers/teams/:id/members/:volunteerId': { params: ZTeamMemberParams, body: ZTeamMemberRoleBody, response: { 200: ZTeamMember } },
  'DELETE /volunteers/teams/:id/members/:volunteerId': { params: ZTeamMemberParams, response: { 200: ZOk } },

  'POST /volunteers/public/register': { body: ZSelfRegisterBody, response: { 200: ZSelfRegistered } },
  'GET /volunteers/public/streets': { querystring: ZStreetQuery, response: { 200: ZStreetOptions } },
});

type VolunteerRegistryRoutesType = typeof volunteerRegistryRoutes;

declare module '../contract.js' {
  interface Api extends VolunteerRegistryRoutesType {}
}
