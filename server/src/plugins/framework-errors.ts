/**
 * Answers for requests refused before any route or hook runs, in the same `{ error: { code, message,
 * fields } }` shape as every other error. No session is loaded yet, so the language comes from the
 * Accept-Language header alone.
 */

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError, type ErrorCode } from '../errors.js';
import { localeFromHeader } from '../i18n/index.js';
import { errorBody } from './errors.js';

const ROUTER_ERRORS: Record<string, ErrorCode> = {
  // A path parameter longer than the router's maxParamLength (100 characters).
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  // A path with a broken percent-encoding (`%E0%A4%A`).
  FST_ERR_BAD_URL: 'bad_request',
};

/** Fastify's `frameworkErrors` option: errors the router raises while finding the route. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const code = ROUTER_ERRORS[error.code] ?? 'internal';
  if (code === 'internal') request.log.error({ err: error }, 'router error');
  const appError = new AppError(code);
  reply.status(appError.status).send(errorBody(localeFromHeader(request.headers['accept-language']), appError));
}

/** A request line longer than this, when Node's parser gives up, is a URI too long rather than a header. */
const LONG_REQUEST_LINE = 8 * 1024;

function clientErrorCode(err: { code?: string }, head: string): ErrorCode {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout';
  if (err.code !== 'HPE_HEADER_OVERFLOW') return 'bad_request';
  // Node counts the request line against the header limit; the first packet shows which overflowed.
  const lineEnd = head.indexOf('\r\n');
  return lineEnd === -1 || lineEnd > LONG_REQUEST_LINE ? 'uri_too_long' : 'headers_too_large';
}

/**
 * Fastify's `clientErrorHandler` option: what Node's HTTP parser refuses (a request line or headers
 * beyond its 16 KiB limit, a malformed request, a timeout) never reaches Fastify's routing, so the
 * answer is written on the socket here.
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string; rawPacket?: unknown }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // Node hands over the bytes it had read (typed by Fastify as a JSON-ified buffer, but a Buffer at run time).
  const head = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1') : '';
  const appError = new AppError(clientErrorCode(err, head));
  const language = /\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(head)?.[1];
  const body = JSON.stringify(errorBody(localeFromHeader(language), appError));
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
