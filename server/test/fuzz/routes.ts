/**
 * The routes to fuzz, as the app itself registers them (`apiRoutes`: its onRoute hook), each with
 * the JSON schemas of its path parameters, query string and body taken from the app's OpenAPI
 * document, and whether it takes an upload from the `consumes` it declares.
 * A route added tomorrow is fuzzed tomorrow without touching this suite.
 */
import type { App } from '../../src/app.js';
import { apiRoutes, isMultipart } from '../helpers.js';
import type { JsonSchema } from './from-schema.js';

export interface Param {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

export interface RouteSpec {
  /** "METHOD /api/path/:param", as apiRoutes names it. */
  key: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  params: Param[];
  query: Param[];
  /** The JSON body schema; null when the route takes none or a multipart upload. */
  body: JsonSchema | null;
  /** The route declares a multipart upload (`consumes`). */
  upload: boolean;
  /** False when the OpenAPI document does not describe the route (then no schema guides the values). */
  documented: boolean;
}

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const WRITE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export function routeSpecs(app: App): RouteSpec[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const operations = new Map<string, Operation>();
  for (const [docPath, ops] of Object.entries(doc.paths)) {
    const path = docPath.replace(/\{([^}]+)\}/g, ':$1').replace(/(.)\/+$/, '$1');
    for (const [method, op] of Object.entries(ops)) operations.set(`${method.toUpperCase()} ${path}`, op);
  }
  const routes = [...apiRoutes(app).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  return routes.map((route) => {
    const { key } = route;
    const [method, path] = key.split(' ') as [RouteSpec['method'], string];
    const op = operations.get(key);
    const declared = (where: string) =>
      (op?.parameters ?? []).filter((p) => p.in === where).map((p) => ({ name: p.name, schema: p.schema ?? {}, required: !!p.required }));
    const params = op
      ? declared('path')
      : [...path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], schema: {}, required: true }));
    return {
      key,
      method,
      path,
      params,
      query: declared('query'),
      body: op?.requestBody?.content?.['application/json']?.schema ?? null,
      upload: isMultipart(route),
      documented: !!op,
    };
  });
}

export const isWrite = (r: RouteSpec) => WRITE.has(r.method);

/**
 * The fixture pool a path parameter points into: named by the segment before it, or by itself when
 * it names its fixture (`/teams/:id/members/:volunteerId` holds a volunteer, not a registry member).
 */
export function segmentBefore(path: string, param: string): string {
  if (/^[a-z]+Id$/.test(param)) return param;
  const parts = path.split('/');
  const i = parts.indexOf(`:${param}`);
  return i > 0 ? parts[i - 1] : param;
}
