import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { readdirSync } from 'node:fs';
import { fileResponse, isFileResponse, XLSX_MIME, type RouteContract } from '../../shared/contract.js';
import { buildTestApp, type TestApp } from './build-app.js';

/*
 * Every route of the API answers with a schema from shared/ (the web app's types are read from the
 * same place, shared/<domain>/api.ts), and every contract there is a route the server has. A route that
 * declares no response would send whatever its handler returns, unchecked and undocumented.
 */

/** Every contract, from each shared/<domain>/api.ts (the same files the web's types merge). */
async function allContracts(): Promise<Record<string, RouteContract>> {
  const shared = new URL('../../shared/', import.meta.url);
  const domains = readdirSync(shared, { withFileTypes: true }).filter((d) => d.isDirectory() && readdirSync(new URL(`${d.name}/`, shared)).includes('api.ts'));
  const modules = await Promise.all(domains.map((d) => import(new URL(`${d.name}/api.js`, shared).href) as Promise<Record<string, unknown>>));
  const isRouteMap = (v: unknown): v is Record<string, RouteContract> =>
    typeof v === 'object' && v !== null && Object.keys(v).length > 0 && Object.keys(v).every((k) => /^(GET|POST|PUT|PATCH|DELETE) \//.test(k));
  return Object.assign({}, ...modules.flatMap((m) => Object.values(m).filter(isRouteMap)));
}

const seen = vi.hoisted(() => [] as RouteOptions[]);

// The routes as the app declares them: every Fastify instance made while this file runs records them.
vi.mock('fastify', async (importOriginal) => {
  const original = await importOriginal<typeof import('fastify')>();
  const recording = ((options?: object) => {
    const app = original.default(options);
    app.addHook('onRoute', (route) => {
      seen.push(route);
    });
    return app;
  }) as typeof original.default;
  return { ...original, default: recording, fastify: recording };
});

interface DeclaredRoute {
  method: string;
  /** The path under /api, as the contracts name it. */
  path: string;
  schema: Record<string, unknown>;
}

/** The API's own routes (not its documentation pages), one per method and path. */
function apiRoutes(routes: readonly RouteOptions[]): DeclaredRoute[] {
  const byKey = new Map<string, DeclaredRoute>();
  for (const route of routes) {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) continue;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      // A plugin's '/' route is registered at '/api/users' and '/api/users/': one route.
      const path = route.url.slice('/api'.length).replace(/(.)\/$/, '$1');
      byKey.set(`${method} ${path}`, { method, path, schema: (route.schema ?? {}) as Record<string, unknown> });
    }
  }
  return [...byKey.values()];
}

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType;

/** What is wrong with the routes' responses and their contracts; empty when nothing is. */
function contractProblems(routes: readonly DeclaredRoute[], contracts: Record<string, RouteContract>): string[] {
  const problems: string[] = [];
  for (const { method, path, schema } of routes) {
    const name = `${method} /api${path}`;
    const response = schema.response as Record<string, unknown> | undefined;
    const success = Object.entries(response ?? {}).filter(([status]) => /^2\d\d$/.test(status));
    if (success.length === 0) {
      problems.push(`${name} declares no response schema (add its contract to shared/<domain>/api.ts and spread it into the route's schema)`);
      continue;
    }
    for (const [status, declared] of success) {
      const schemas = isFileResponse(declared) ? Object.values(declared.content).map((c) => c.schema) : [declared];
      if (!schemas.every(isZod)) problems.push(`${name} declares a ${status} response that is not a Zod schema`);
    }
    const contract = contracts[`${method} ${path}`];
    if (!contract) {
      problems.push(`${name} has no contract in shared/<domain>/api.ts`);
      continue;
    }
    for (const part of ['params', 'querystring', 'body', 'response'] as const) {
      if (schema[part] !== contract[part]) problems.push(`${name}: its ${part} is not the one of its contract in shared/`);
    }
  }
  const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
  for (const key of Object.keys(contracts)) {
    if (!served.has(key)) problems.push(`the contract ${key} in shared/ names no route of the server`);
  }
  return problems;
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('API contracts', () => {
  it('every route declares its success response, from its contract in shared/, and every contract is served', async () => {
    const routes = apiRoutes(seen);
    // The recording itself worked: the sign-in and the registry list are among the routes.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /auth/login', 'GET /registry/organizations']));
    expect(contractProblems(routes, await allContracts())).toEqual([]);
  });

  it('names a route that declares no response, one with a schema of its own, and a contract nobody serves', () => {
    const listed = { querystring: z.object({}), response: { 200: z.object({ items: z.array(z.string()) }) } };
    const download = { response: fileResponse(XLSX_MIME, 'A workbook.') };
    const contracts = { 'GET /things': listed, 'GET /things/export': download, 'GET /gone': listed };
    const problems = contractProblems(
      [
        { method: 'GET', path: '/things', schema: { ...listed } },
        { method: 'GET', path: '/things/export', schema: { ...download } },
        { method: 'POST', path: '/things', schema: { body: z.object({}) } },
        { method: 'GET', path: '/things/:id', schema: { response: { 200: z.object({ id: z.string() }) } } },
        { method: 'PATCH', path: '/things', schema: { ...listed, response: { 200: z.object({}) } } },
      ],
      contracts as Record<string, RouteContract>,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^POST \/api\/things declares no response schema/),
      'GET /api/things/:id has no contract in shared/<domain>/api.ts',
      'PATCH /api/things has no contract in shared/<domain>/api.ts',
      'the contract GET /gone in shared/ names no route of the server',
    ]);
    expect(
      contractProblems([{ method: 'GET', path: '/things', schema: { ...listed, response: { 200: z.object({}) } } }], { 'GET /things': listed }),
    ).toEqual(['GET /api/things: its response is not the one of its contract in shared/']);
  });

  it('documents a download as its media type, not as JSON', () => {
    const doc = (t.app as unknown as { swagger(): { paths: Record<string, Record<string, any>> } }).swagger();
    const exportOk = doc.paths['/api/registry/organizations/export'].get.responses['200'];
    expect(Object.keys(exportOk.content)).toEqual([XLSX_MIME]);
    const listOk = doc.paths['/api/registry/organizations'].get.responses['200'];
    expect(Object.keys(listOk.content)).toEqual(['application/json']);
    expect(listOk.content['application/json'].schema.properties.items.type).toBe('array');
  });
});
