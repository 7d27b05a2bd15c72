import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { volunteerShiftRoutes as R } from '../../../../shared/volunteers/api-shifts.js';
import { sendSheet } from '../../core/xlsx.js';
import { publicBaseUrl } from '../../env.js';
import { ctxOf } from '../../plugins/session.js';
import {
  cancelActivity,
  closeActivity,
  createActivity,
  exportActivities,
  getActivity,
  listActivities,
  publishActivity,
  updateActivity,
} from './service/activities.js';
import { markNoShow, scanShiftCode, shiftQr, shiftSignups, staffCheckIn, staffCheckOut } from './service/attendance.js';
import { cancelShift, createShift, getShift, myLedActivities, myLedTeams, mySignups, openShifts, updateShift } from './service/shifts.js';
import { cancelSignup, signUp } from './service/signups.js';

/** The shifts part's routes (mounted under /api/volunteers by volunteers.routes.ts): activities, shifts, sign-ups, QR check-in (V2). */
export async function volunteerShiftsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['volunteers'];
  const baseUrl = publicBaseUrl(app.env);
  const read = { permission: 'volunteers.read' } as const;
  const manage = { permission: 'volunteers.activity.manage' } as const;
  const signup = { permission: 'volunteers.signup' } as const;
  const attendance = { permission: 'volunteers.attendance.record' } as const;

  app.get('/activities', { config: read, schema: { tags, ...R['GET /volunteers/activities'] } }, async (request) => listActivities(ctxOf(request), request.query));
  app.get('/activities/export', { config: { ...read, rateLimit: 'export' }, schema: { tags, ...R['GET /volunteers/activities/export'] } }, async (request, reply) =>
    sendSheet(reply, await exportActivities(ctxOf(request), request.query), '志愿活动.xlsx'),
  );
  app.post('/activities', { config: manage, schema: { tags, ...R['POST /volunteers/activities'] } }, async (request) => createActivity(ctxOf(request), request.body));
  app.get('/activities/:id', { config: read, schema: { tags, ...R['GET /volunteers/activities/:id'] } }, async (request) => getActivity(ctxOf(request), request.params.id));
  app.patch('/activities/:id', { config: manage, schema: { tags, ...R['PATCH /volunteers/activities/:id'] } }, async (request) =>
    updateActivity(ctxOf(request), request.params.id, request.body),
  );
  app.post('/activities/:id/publish', { config: manage, schema: { tags, ...R['POST /volunteers/activities/:id/publish'] } }, async (request) =>
    publishActivity(ctxOf(request), request.params.id),
  );
  app.post('/activities/:id/close', { config: manage, schema: { tags, ...R['POST /volunteers/activities/:id/close'] } }, async (request) =>
    closeActivity(ctxOf(request), request.params.id),
  );
  app.post('/activities/:id/cancel', { config: manage, schema: { tags, ...R['POST /volunteers/activities/:id/cancel'] } }, async (request) =>
    cancelActivity(ctxOf(request), request.params.id, request.body.reason),
  );
  app.post('/activities/:id/shifts', { config: manage, schema: { tags, ...R['POST /volunteers/activities/:id/shifts'] } }, async (request) =>
    createShift(ctxOf(request), request.params.id, request.body),
  );
  app.get('/shifts/:id', { config: read, schema: { tags, ...R['GET /volunteers/shifts/:id'] } }, async (request) => getShift(ctxOf(request), request.params.id));
  app.patch('/shifts/:id', { config: manage, schema: { tags, ...R['PATCH /volunteers/shifts/:id'] } }, async (request) =>
    updateShift(ctxOf(request), request.params.id, request.body),
  );
  app.post('/shifts/:id/cancel', { config: manage, schema: { tags, ...R['POST /volunteers/shifts/:id/cancel'] } }, async (request) =>
    cancelShift(ctxOf(request), request.params.id, request.body.reason),
  );

  app.get('/open-shifts', { config: read, schema: { tags, ...R['GET /volunteers/open-shifts'] } }, async (request) => openShifts(ctxOf(request), request.query));
  app.get('/my/signups', { config: signup, schema: { tags, ...R['GET /volunteers/my/signups'] } }, async (request) => mySignups(ctxOf(request)));
  app.get('/my/led-teams', { config: signup, schema: { tags, ...R['GET /volunteers/my/led-teams'] } }, async (request) => myLedTeams(ctxOf(request)));
  app.get('/my/led-activities', { config: signup, schema: { tags, ...R['GET /volunteers/my/led-activities'] } }, async (request) => myLedActivities(ctxOf(request)));
  app.post('/shifts/:id/signup', { config: signup, schema: { tags, ...R['POST /volunteers/shifts/:id/signup'] } }, async (request) =>
    signUp(ctxOf(request), request.params.id),
  );
  app.post('/signups/:id/cancel', { config: signup, schema: { tags, ...R['POST /volunteers/signups/:id/cancel'] } }, async (request) =>
    cancelSignup(ctxOf(request), request.params.id),
  );
  app.post('/shifts/:id/scan', { config: signup, schema: { tags, ...R['POST /volunteers/shifts/:id/scan'] } }, async (request) =>
    scanShiftCode(ctxOf(request), request.params.id, request.body.code),
  );

  app.get('/shifts/:id/qr', { config: attendance, schema: { tags, ...R['GET /volunteers/shifts/:id/qr'] } }, async (request, reply) => {
    // The code changes every minute: nothing may keep it.
    reply.header('cache-control', 'no-store');
    return shiftQr(ctxOf(request), request.params.id, baseUrl);
  });
  app.get('/shifts/:id/signups', { config: attendance, schema: { tags, ...R['GET /volunteers/shifts/:id/signups'] } }, async (request) =>
    shiftSignups(ctxOf(request), request.params.id),
  );
  app.post('/signups/:id/check-in', { config: attendance, schema: { tags, ...R['POST /volunteers/signups/:id/check-in'] } }, async (request) =>
    staffCheckIn(ctxOf(request), request.params.id, request.body),
  );
  app.post('/signups/:id/check-out', { config: attendance, schema: { tags, ...R['POST /volunteers/signups/:id/check-out'] } }, async (request) =>
    staffCheckOut(ctxOf(request), request.params.id, request.body),
  );
  app.post('/signups/:id/no-show', { config: attendance, schema: { tags, ...R['POST /volunteers/signups/:id/no-show'] } }, async (request) =>
    markNoShow(ctxOf(request), request.params.id),
  );
}
