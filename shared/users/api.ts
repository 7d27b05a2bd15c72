import { defineRoutes, fileResponse, pageOf, XLSX_MIME, ZIdParams, ZOk } from '../contract.js';
import {
  ZCreateUserBody,
  ZLocaleBody,
  ZLoginBody,
  ZMeResponse,
  ZPasswordBody,
  ZUpdateUserBody,
  ZUser,
  ZUserListQuery,
} from './schemas.js';

export const authRoutes = defineRoutes({
  'POST /auth/login': { body: ZLoginBody, response: { 200: ZMeResponse } },
  'POST /auth/logout': { response: { 200: ZOk } },
  'GET /auth/me': { response: { 200: ZMeResponse } },
  'POST /auth/password': { body: ZPasswordBody, response: { 200: ZOk } },
  'PUT /auth/locale': { body: ZLocaleBody, response: { 200: ZOk } },
});

export const usersRoutes = defineRoutes({
  'GET /users': { querystring: ZUserListQuery, response: { 200: pageOf(ZUser) } },
  'GET /users/export': {
    querystring: ZUserListQuery.omit({ page: true, pageSize: true }),
    response: fileResponse(XLSX_MIME, 'The users the filter matches, as a workbook.'),
  },
  'POST /users': { body: ZCreateUserBody, response: { 200: ZUser } },
  'PATCH /users/:id': { params: ZIdParams, body: ZUpdateUserBody, response: { 200: ZUser } },
});

type AuthRoutesType = typeof authRoutes;
type UsersRoutesType = typeof usersRoutes;

declare module '../contract.js' {
  interface Api extends AuthRoutesType {}
  interface Api extends UsersRoutesType {}
}
