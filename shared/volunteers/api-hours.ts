import { cappedPageOf, defineRoutes, fileResponse, itemsOf, pageOf, XLSX_MIME, ZIdParams } from '../contract.js';
import {
  ZHonour,
  ZHonourBody,
  ZHourDecisionBody,
  ZHourEntry,
  ZHourEntryExportQuery,
  ZHourEntryListQuery,
  ZManualHoursBody,
  ZPendingHoursQuery,
  ZRankingQuery,
  ZReversalBody,
  ZStarSettings,
  ZStarSettingsBody,
  ZStarSettingsParams,
  ZTeamRank,
  ZVolunteerRank,
  ZVolunteerTotals,
} from './hours.js';

/**
 * The hours ledger, star levels, honours and rankings (V3, V4), under /api/volunteers. Permissions:
 * shared/volunteers/permissions.ts (volunteers.read, .hours.enter, .hours.approve, .stars.manage, .statistics.read).
 */

export const volunteerHoursRoutes = defineRoutes({
  'GET /volunteers/hours': { querystring: ZHourEntryListQuery, response: { 200: cappedPageOf(ZHourEntry) } },
  'GET /volunteers/hours/export': { querystring: ZHourEntryExportQuery, response: fileResponse(XLSX_MIME, '志愿服务时长.xlsx') },
  'GET /volunteers/hours/pending': { querystring: ZPendingHoursQuery, response: { 200: cappedPageOf(ZHourEntry) } },
  'POST /volunteers/hours': { body: ZManualHoursBody, response: { 200: ZHourEntry } },
  'GET /volunteers/hours/:id': { params: ZIdParams, response: { 200: ZHourEntry } },
  'POST /volunteers/hours/:id/decision': { params: ZIdParams, body: ZHourDecisionBody, response: { 200: ZHourEntry } },
  'POST /volunteers/hours/:id/reverse': { params: ZIdParams, body: ZReversalBody, response: { 200: ZHourEntry } },

  'GET /volunteers/:id/totals': { params: ZIdParams, response: { 200: ZVolunteerTotals } },
  'GET /volunteers/:id/honours': { params: ZIdParams, response: { 200: itemsOf(ZHonour) } },
  'POST /volunteers/:id/honours': { params: ZIdParams, body: ZHonourBody, response: { 200: ZHonour } },
  'GET /volunteers/star-settings/:code': { params: ZStarSettingsParams, response: { 200: ZStarSettings } },
  'PUT /volunteers/star-settings/:code': { params: ZStarSettingsParams, body: ZStarSettingsBody, response: { 200: ZStarSettings } },

  'GET /volunteers/rankings/volunteers': { querystring: ZRankingQuery, response: { 200: pageOf(ZVolunteerRank) } },
  'GET /volunteers/rankings/teams': { querystring: ZRankingQuery, response: { 200: pageOf(ZTeamRank) } },
});

type VolunteerHoursRoutesType = typeof volunteerHoursRoutes;

declare module '../contract.js' {
  interface Api extends VolunteerHoursRoutesType {}
}
