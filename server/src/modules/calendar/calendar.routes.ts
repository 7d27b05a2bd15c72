import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { calendarRoutes as R } from '../../../../shared/calendar/api.js';
import { ctxOf } from '../../plugins/session.js';
import { calendarYear, deleteCalendarDay, putCalendarDay, setCalendarYear } from './calendar.service.js';

export async function calendarHttpRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];
  app.get('/:year', { config: { permission: 'calendar.read' }, schema: { tags, ...R['GET /calendar/:year'] } }, async (request) =>
    calendarYear(ctxOf(request).db, request.params.year),
  );
  app.put('/days/:date', { config: { permission: 'calendar.manage' }, schema: { tags, ...R['PUT /calendar/days/:date'] } }, async (request) =>
    putCalendarDay(ctxOf(request), request.params.date, request.body),
  );
  app.delete('/days/:date', { config: { permission: 'calendar.manage' }, schema: { tags, ...R['DELETE /calendar/days/:date'] } }, async (request) =>
    deleteCalendarDay(ctxOf(request), request.params.date),
  );
  app.put('/:year/status', { config: { permission: 'calendar.manage' }, schema: { tags, ...R['PUT /calendar/:year/status'] } }, async (request) =>
    setCalendarYear(ctxOf(request), request.params.year, request.body),
  );
}
