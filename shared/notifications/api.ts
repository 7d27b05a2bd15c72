import { defineRoutes, ZIdParams } from '../contract.js';
import { ZMarkAllReadResult, ZNotification, ZNotificationList, ZNotificationListQuery } from './schemas.js';

export const notificationsRoutes = defineRoutes({
  'GET /notifications': { querystring: ZNotificationListQuery, response: { 200: ZNotificationList } },
  'POST /notifications/:id/read': { params: ZIdParams, response: { 200: ZNotification } },
  'POST /notifications/read-all': { response: { 200: ZMarkAllReadResult } },
});

type NotificationsRoutesType = typeof notificationsRoutes;

declare module '../contract.js' {
  interface Api extends NotificationsRoutesType {}
}
