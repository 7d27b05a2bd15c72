import { defineRoutes, fileResponse, itemsOf, pageOf, XLSX_MIME, ZIdParams } from '../contract.js';
import {
  ZActivity,
  ZActivityBody,
  ZActivityExportQuery,
  ZActivityListQuery,
  ZActivityPatch,
  ZActivitySummary,
  ZAttendanceBody,
  ZLedActivities,
  ZLedTeam,
  ZMySignup,
  ZOpenShift,
  ZOpenShiftQuery,
  ZReasonBody,
  ZScanBody,
  ZScanResult,
  ZShift,
  ZShiftBody,
  ZShiftDetail,
  ZShiftPatch,
  ZShiftQr,
  ZShiftSignup,
} from './shifts.js';

/**
 * Activities, shifts, sign-ups and attendance (V2), under /api/volunteers. Permissions:
 * shared/volunteers/permissions.ts (volunteers.read, .activity.manage, .signup, .attendance.record).
 */
export const volunteerShiftRoutes = defineRoutes({
  'GET /volunteers/activities': { querystring: ZActivityListQuery, response: { 200: pageOf(ZActivitySummary) } },
  'GET /volunteers/activities/export': { querystring: ZActivityExportQuery, response: fileResponse(XLSX_MIME, '志愿活动.xlsx') },
  'POST /volunteers/activities': { body: ZActivityBody, response: { 200: ZActivity } },
  'GET /volunteers/activities/:id': { params: ZIdParams, response: { 200: ZActivity } },
  'PATCH /volunteers/activities/:id': { params: ZIdParams, body: ZActivityPatch, response: { 200: ZActivity } },
  'POST /volunteers/activities/:id/publish': { params: ZIdParams, response: { 200: ZActivity } },
  'POST /volunteers/activities/:id/close': { params: ZIdParams, response: { 200: ZActivity } },
  'POST /volunteers/activities/:id/cancel': { params: ZIdParams, body: ZReasonBody, response: { 200: ZActivity } },
  'POST /volunteers/activities/:id/shifts': { params: ZIdParams, body: ZShiftBody, response: { 200: ZShift } },
  'GET /volunteers/shifts/:id': { params: ZIdParams, response: { 200: ZShiftDetail } },
  'PATCH /volunteers/shifts/:id': { params: ZIdParams, body: ZShiftPatch, response: { 200: ZShift } },
  'POST /volunteers/shifts/:id/cancel': { params: ZIdParams, body: ZReasonBody, response: { 200: ZShift } },

  // The volunteer.
  'GET /volunteers/open-shifts': { querystring: ZOpenShiftQuery, response: { 200: pageOf(ZOpenShift) } },
  'GET /volunteers/my/signups': { response: { 200: itemsOf(ZOpenShift) } },
  'POST /volunteers/shifts/:id/signup': { params: ZIdParams, response: { 200: ZMySignup } },
  'POST /volunteers/signups/:id/cancel': { params: ZIdParams, response: { 200: ZMySignup } },
  // A team leader (a volunteer leading a team): whether it leads one (the menu asks), and its teams' activities.
  'GET /volunteers/my/led-teams': { response: { 200: itemsOf(ZLedTeam) } },
  'GET /volunteers/my/led-activities': { response: { 200: ZLedActivities } },
  'POST /volunteers/shifts/:id/scan': { params: ZIdParams, body: ZScanBody, response: { 200: ZScanResult } },

  // Attendance: staff, the owner organisation, the leader of the activity's team.
  'GET /volunteers/shifts/:id/qr': { params: ZIdParams, response: { 200: ZShiftQr } },
  'GET /volunteers/shifts/:id/signups': { params: ZIdParams, response: { 200: itemsOf(ZShiftSignup) } },
  'POST /volunteers/signups/:id/check-in': { params: ZIdParams, body: ZAttendanceBody, response: { 200: ZShiftSignup } },
  'POST /volunteers/signups/:id/check-out': { params: ZIdParams, body: ZAttendanceBody, response: { 200: ZShiftSignup } },
  'POST /volunteers/signups/:id/no-show': { params: ZIdParams, response: { 200: ZShiftSignup } },
});

type VolunteerShiftRoutesType = typeof volunteerShiftRoutes;

declare module '../contract.js' {
  interface Api extends VolunteerShiftRoutesType {}
}
