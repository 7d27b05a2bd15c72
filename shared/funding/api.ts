import { defineRoutes, fileResponse, pageOf, XLSX_MIME, ZIdParams } from '../contract.js';
import {
  ZApplicationBody,
  ZApplicationDetail,
  ZApplicationExportQuery,
  ZApplicationListQuery,
  ZApplicationPage,
  ZScreenCallResult,
  ZScreeningDecisionBody,
  ZUpdateApplicationBody,
} from './applications.js';
import {
  ZCallBody,
  ZCallDetail,
  ZCallExportQuery,
  ZCallListQuery,
  ZCallPage,
  ZCommentBody,
  ZPublicCall,
  ZPublicCallListQuery,
  ZPublicCallPage,
  ZReasonBody,
  ZUpdateCallBody,
} from './calls.js';
import {
  ZCloseNeedBody,
  ZCloseTopicBody,
  ZMergeNeedBody,
  ZNeed,
  ZNeedBody,
  ZNeedDetail,
  ZNeedExportQuery,
  ZNeedListQuery,
  ZNeedPage,
  ZTopic,
  ZTopicBody,
  ZTopicListQuery,
  ZTopicNeedParams,
  ZTopicNeedsBody,
  ZUpdateTopicBody,
} from './needs.js';
import { ZStepSettings, ZStepSettingsBody, ZStepSettingsQuery } from './settings.js';

/**
 * The front of the funding pipeline (F1–F4): step settings, the needs pool and topics, calls (and
 * their public page), applications and their screening. The permission each route asks for
 * (shared/funding/permissions.ts; routes in server/src/modules/funding/funding-front.routes.ts):
 * - settings/steps: GET funding.call.manage, PUT funding.settings.manage (`?region=`, default: the
 *   widest region reached; `steps: null` drops the region's own setting);
 * - needs: GET list / GET :id / POST funding.need.submit (staff see their region's pool, anyone
 *   else its own needs); export, merge, close funding.need.curate; topics (list, create, rename,
 *   close, their needs): all funding.need.curate;
 * - calls: GET list / export / GET :id funding.read (an organisation member sees calls past draft above or
 *   below it); POST, PATCH (draft only), publish, advance, cancel funding.call.manage; screen
 *   funding.application.screen; public/calls: anyone, 60 a minute per client address;
 * - applications: GET list / export / :id funding.read (an organisation its own, drafts too; staff their region's,
 *   submitted ones); POST, PATCH (draft only), submit, withdraw funding.application.write;
 *   screening/decide funding.application.screen.
 * Money is integer fen; deadlines are ISO instants with an offset, compared with the server clock.
 * Details carry `abilities`, so a screen shows only the buttons the caller may use.
 */
export const fundingRoutes = defineRoutes({
  'GET /funding/settings/steps': { querystring: ZStepSettingsQuery, response: { 200: ZStepSettings } },
  'PUT /funding/settings/steps': { querystring: ZStepSettingsQuery, body: ZStepSettingsBody, response: { 200: ZStepSettings } },

  'GET /funding/needs': { querystring: ZNeedListQuery, response: { 200: ZNeedPage } },
  'GET /funding/needs/export': { querystring: ZNeedExportQuery, response: fileResponse(XLSX_MIME, 'The needs the filter matches.') },
  'POST /funding/needs': { body: ZNeedBody, response: { 200: ZNeed } },
  'GET /funding/needs/:id': { params: ZIdParams, response: { 200: ZNeedDetail } },
  'POST /funding/needs/:id/merge': { params: ZIdParams, body: ZMergeNeedBody, response: { 200: ZNeed } },
  'POST /funding/needs/:id/close': { params: ZIdParams, body: ZCloseNeedBody, response: { 200: ZNeed } },

  'GET /funding/topics': { querystring: ZTopicListQuery, response: { 200: pageOf(ZTopic) } },
  'POST /funding/topics': { body: ZTopicBody, response: { 200: ZTopic } },
  'PATCH /funding/topics/:id': { params: ZIdParams, body: ZUpdateTopicBody, response: { 200: ZTopic } },
  'POST /funding/topics/:id/close': { params: ZIdParams, body: ZCloseTopicBody, response: { 200: ZTopic } },
  'POST /funding/topics/:id/needs': { params: ZIdParams, body: ZTopicNeedsBody, response: { 200: ZTopic } },
  'DELETE /funding/topics/:id/needs/:needId': { params: ZTopicNeedParams, response: { 200: ZTopic } },

  'GET /funding/calls': { querystring: ZCallListQuery, response: { 200: ZCallPage } },
  'GET /funding/calls/export': { querystring: ZCallExportQuery, response: fileResponse(XLSX_MIME, 'The calls the filter matches.') },
  'POST /funding/calls': { body: ZCallBody, response: { 200: ZCallDetail } },
  'GET /funding/calls/:id': { params: ZIdParams, response: { 200: ZCallDetail } },
  'PATCH /funding/calls/:id': { params: ZIdParams, body: ZUpdateCallBody, response: { 200: ZCallDetail } },
  'POST /funding/calls/:id/publish': { params: ZIdParams, body: ZCommentBody, response: { 200: ZCallDetail } },
  'POST /funding/calls/:id/advance': { params: ZIdParams, body: ZCommentBody, response: { 200: ZCallDetail } },
  'POST /funding/calls/:id/cancel': { params: ZIdParams, body: ZReasonBody, response: { 200: ZCallDetail } },
  'POST /funding/calls/:id/screen': { params: ZIdParams, response: { 200: ZScreenCallResult } },

  'GET /funding/public/calls': { querystring: ZPublicCallListQuery, response: { 200: ZPublicCallPage } },
  'GET /funding/public/calls/:id': { params: ZIdParams, response: { 200: ZPublicCall } },

  'GET /funding/applications': { querystring: ZApplicationListQuery, response: { 200: ZApplicationPage } },
  'GET /funding/applications/export': { querystring: ZApplicationExportQuery, response: fileResponse(XLSX_MIME, 'The applications the filter matches.') },
  'POST /funding/applications': { body: ZApplicationBody, response: { 200: ZApplicationDetail } },
  'GET /funding/applications/:id': { params: ZIdParams, response: { 200: ZApplicationDetail } },
  'PATCH /funding/applications/:id': { params: ZIdParams, body: ZUpdateApplicationBody, response: { 200: ZApplicationDetail } },
  'POST /funding/applications/:id/submit': { params: ZIdParams, response: { 200: ZApplicationDetail } },
  'POST /funding/applications/:id/withdraw': { params: ZIdParams, body: ZCommentBody, response: { 200: ZApplicationDetail } },
  'POST /funding/applications/:id/screening/decide': { params: ZIdParams, body: ZScreeningDecisionBody, response: { 200: ZApplicationDetail } },
});


/** Review, public notice and optimisation (F5–F7): their own file, re-exported so the contract checks find them. */
export { fundingReviewRoutes } from './api-review.js';
/** Contracts, tranches, renewal and the contract announcement (F8, F11). */
export { fundingContractRoutes } from './contracts.js';
/** Monitoring and evaluation (F9, F10), and the open data (OCDS releases). */
export { fundingMonitoringRoutes } from './monitoring.js';
export { fundingOcdsRoutes } from './ocds.js';
/** The dashboard's workbook (the section itself comes with the dashboard summary). */
export { fundingDashboardRoutes } from './dashboard.js';

type FundingRoutesType = typeof fundingRoutes;

declare module '../contract.js' {
  interface Api extends FundingRoutesType {}
}
