import { z } from 'zod';

/**
 * The API contract: every route of the server is one entry `'METHOD /path'` (the path under /api)
 * holding its Fastify schema parts — params, querystring, body and the response of each success
 * status — as Zod. The server spreads the entry into the route's `schema` (validation, serialization,
 * OpenAPI); the web app's client (web/src/api/client.ts) takes its types from the same entry.
 * server/test/contracts.test.ts checks that both sides name the same routes with the same schemas.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteKey = `${HttpMethod} /${string}`;

/** A response that is not JSON (a spreadsheet, an uploaded file): its media type, bytes in the body. */
export interface FileResponse {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}

export interface RouteContract {
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  /** The request body is one multipart file (read by the handler, not by a schema). */
  consumes?: readonly ['multipart/form-data'];
  /** Keyed by success status: a Zod schema for JSON, or `fileResponse(...)` for bytes. */
  response: Record<number, z.ZodType | FileResponse>;
}

/**
 * Every route of the API, as types: each shared/<domain>/api.ts adds its entries here (declaration
 * merging), so the web's client knows every route without a list that each new domain would edit.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Api {}

/** Keeps each entry's exact types (the server's request types and the client's are read from them). */
export function defineRoutes<const T extends Record<RouteKey, RouteContract>>(routes: T): T {
  return routes;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The success response of a download: no JSON, hence nothing to serialize and nothing for the client to parse. */
export function fileResponse(mimeType: string, description: string): { 200: FileResponse } {
  return { 200: { description, content: { [mimeType]: { schema: z.file() } } } };
}

export const isFileResponse = (r: unknown): r is FileResponse =>
  typeof r === 'object' && r !== null && 'content' in r && typeof (r as FileResponse).content === 'object';

export const MULTIPART = ['multipart/form-data'] as const;

// Fields and parts many routes share.

export const ZRegionCode = z.string().regex(/^\d{12}$/);
export const ZIdParams = z.object({ id: z.string().uuid() });
export const ZOk = z.object({ ok: z.literal(true) });
export const text = (max: number) => z.string().trim().max(max);
/** Optional free text: empty or missing is stored as null. */
export const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** A page of a list; `total` counts every row the filter matches. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** A page of a list counted up to a cap: `totalCapped` says there are more than `total` (the list shows "10000+"). */
export const cappedPageOf = <T extends z.ZodType>(item: T) => pageOf(item).extend({ totalCapped: z.boolean() });
