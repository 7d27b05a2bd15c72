import { defineRoutes, itemsOf, pageOf, ZIdParams, ZOk } from '../contract.js';
import {
  ZAnswerObjectionBody,
  ZCallIdParams,
  ZNoticeDetail,
  ZNoticeListItem,
  ZNoticeListQuery,
  ZObjection,
  ZObjectionBody,
  ZObjectionContact,
  ZObjectionLodged,
  ZPublicNotice,
  ZPublishNoticeBody,
} from './notice.js';
import { ZDiffQuery, ZProposal, ZProposalDiff, ZReviseBody, ZVersionParams } from './optimisation.js';
import {
  ZAdjustBody,
  ZApplicationIdParams,
  ZAssignBody,
  ZAssignedItem,
  ZCloseBody,
  ZConditionsBody,
  ZCreatePanelBody,
  ZDeclareConflictsBody,
  ZExpertPanel,
  ZPanel,
  ZPanelApplicant,
  ZPanelQuery,
  ZRanking,
  ZReasonBody,
  ZReviewApplication,
  ZScoreBody,
  ZScoreDraftBody,
  ZUpdatePanelBody,
} from './review.js';

/**
 * Review (F5), public notice (F6) and optimisation (F7). Permissions: shared/funding/permissions.ts
 * (funding.review.*, funding.notice.manage, funding.proposal.*).
 */
export const fundingReviewRoutes = defineRoutes({
  // Staff: the panel of a call.
  'GET /funding/review/panels': { querystring: ZPanelQuery, response: { 200: ZPanel } },
  'POST /funding/review/panels': { body: ZCreatePanelBody, response: { 200: ZPanel } },
  'GET /funding/review/panels/:id': { params: ZIdParams, response: { 200: ZPanel } },
  'PATCH /funding/review/panels/:id': { params: ZIdParams, body: ZUpdatePanelBody, response: { 200: ZPanel } },
  'POST /funding/review/panels/:id/assignments': { params: ZIdParams, body: ZAssignBody, response: { 200: ZPanel } },
  'POST /funding/review/assignments/:id/remove': { params: ZIdParams, body: ZReasonBody, response: { 200: ZPanel } },
  'POST /funding/review/panels/:id/close': { params: ZIdParams, body: ZCloseBody, response: { 200: ZRanking } },
  'GET /funding/review/panels/:id/ranking': { params: ZIdParams, response: { 200: ZRanking } },
  'POST /funding/review/results/:applicationId/adjust': { params: ZApplicationIdParams, body: ZAdjustBody, response: { 200: ZRanking } },
  'PUT /funding/review/results/:applicationId/conditions': { params: ZApplicationIdParams, body: ZConditionsBody, response: { 200: ZRanking } },

  // The expert.
  'GET /funding/review/my/panels': { response: { 200: itemsOf(ZExpertPanel) } },
  'GET /funding/review/my/panels/:id/applicants': { params: ZIdParams, response: { 200: itemsOf(ZPanelApplicant) } },
  'POST /funding/review/my/panels/:id/conflicts': { params: ZIdParams, body: ZDeclareConflictsBody, response: { 200: ZExpertPanel } },
  'GET /funding/review/my/assignments': { response: { 200: itemsOf(ZAssignedItem) } },
  'GET /funding/review/applications/:id': { params: ZIdParams, response: { 200: ZReviewApplication } },
  'PUT /funding/review/applications/:id/draft': { params: ZIdParams, body: ZScoreDraftBody, response: { 200: ZReviewApplication } },
  'PUT /funding/review/applications/:id/score': { params: ZIdParams, body: ZScoreBody, response: { 200: ZReviewApplication } },
  'POST /funding/review/assignments/:id/return': { params: ZIdParams, body: ZReasonBody, response: { 200: ZOk } },

  // Public notice: staff.
  'POST /funding/notice/calls/:callId/publish': { params: ZCallIdParams, body: ZPublishNoticeBody, response: { 200: ZNoticeDetail } },
  'GET /funding/notice/list': { querystring: ZNoticeListQuery, response: { 200: pageOf(ZNoticeListItem) } },
  'GET /funding/notice/calls/:callId': { params: ZCallIdParams, response: { 200: ZNoticeDetail } },
  'POST /funding/notice/objections/:id/answer': { params: ZIdParams, body: ZAnswerObjectionBody, response: { 200: ZObjection } },
  'GET /funding/notice/objections/:id/contact': { params: ZIdParams, response: { 200: ZObjectionContact } },
  'POST /funding/notice/calls/:callId/fix': { params: ZCallIdParams, response: { 200: ZNoticeDetail } },
  // Public notice: anyone.
  'GET /funding/public/notices': { response: { 200: itemsOf(ZPublicNotice) } },
  'GET /funding/public/notices/:id': { params: ZIdParams, response: { 200: ZPublicNotice } },
  'POST /funding/public/notices/:id/objections': { params: ZIdParams, body: ZObjectionBody, response: { 200: ZObjectionLodged } },

  // Optimisation.
  'GET /funding/proposals/:applicationId': { params: ZApplicationIdParams, response: { 200: ZProposal } },
  'POST /funding/proposals/:applicationId/versions': { params: ZApplicationIdParams, body: ZReviseBody, response: { 200: ZProposal } },
  'GET /funding/proposals/:applicationId/diff': { params: ZApplicationIdParams, querystring: ZDiffQuery, response: { 200: ZProposalDiff } },
  'POST /funding/proposals/:applicationId/versions/:version/accept': { params: ZVersionParams, response: { 200: ZProposal } },
});

type FundingReviewRoutesType = typeof fundingReviewRoutes;

declare module '../contract.js' {
  interface Api extends FundingReviewRoutesType {}
}
