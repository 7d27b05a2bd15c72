import { defineRoutes, ZOk } from '../contract.js';
import { ZCalendarDay, ZCalendarDayBody, ZCalendarDayParams, ZCalendarYear, ZCalendarYearBody, ZCalendarYearParams } from './schemas.js';

export const calendarRoutes = defineRoutes({
  'GET /calendar/:year': { params: ZCalendarYearParams, response: { 200: ZCalendarYear } },
  'PUT /calendar/days/:date': { params: ZCalendarDayParams, body: ZCalendarDayBody, response: { 200: ZCalendarDay } },
  'DELETE /calendar/days/:date': { params: ZCalendarDayParams, response: { 200: ZOk } },
  'PUT /calendar/:year/status': { params: ZCalendarYearParams, body: ZCalendarYearBody, response: { 200: ZCalendarYear } },
});

type CalendarRoutesType = typeof calendarRoutes;

declare module '../contract.js' {
  interface Api extends CalendarRoutesType {}
}
