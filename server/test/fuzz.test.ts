/**
 * THE FUZZ SUITE: seeded, bounded, over every route the app registers.
 *
 * For every write route (POST, PATCH, PUT, DELETE) it sends requests generated from the route's
 * own schemas (OpenAPI document) with fields made hostile — empty, 100k characters, NUL, lone
 * surrogates, impossible dates, huge numbers, wrong types, unknown and prototype keys, ids and
 * region codes of nothing — plus broken JSON, hostile query strings and path parameters, and
 * multipart uploads of random bytes and booby-trapped spreadsheets. Each is sent as a signed-in
 * actor the route lets through (an official of a city, centre staff of a street, a team member,
 * a platform admin, an expert, monitor and evaluator). Every response must be < 500; a refused one
 * (>= 400) must change no table, nor be refused by the database rather than by the schema or the
 * service (then it names no field), nor answered with a catalogue key or a field's code where the
 * user's words should be.
 * Read routes get hostile query strings and path parameters for the < 500 property.
 *
 * Deterministic: FUZZ_SEED (default below) fixes every request; FUZZ_RUNS sets the requests per
 * write route (reads get half). A failure lists each distinct violation once, with the request
 * (route, body, actor), the response and the logged cause, to be replayed under the same seed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestAppWithLog } from './build-app.js';
import { pathVariant } from './fuzz/encoded-paths.js';
import { poolForId, REGION_PATTERN } from './fuzz/from-schema.js';
import { requestArb, type RequestSpec } from './fuzz/requests.js';
import { permittedActors } from './fuzz/probe.js';
import { isWrite, routeSpecs, segmentBefore, type RouteSpec } from './fuzz/routes.js';
import { Ledger, runRequests } from './fuzz/runner.js';
import { buildWorld, type Actor, type World } from './fuzz/world.js';
import { changedTables, dbSnapshot } from './helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_501);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

let t: Awaited<ReturnType<typeof buildTestAppWithLog>>;
let world: World;
let routes: RouteSpec[];
let permitted: Map<string, (Actor | null)[]>;
const writes = new Ledger();
const reads = new Ledger();
let gateRequests = 0;

/** Upload routes take a multipart file, as their schema declares (`consumes`). */
const isUpload = (r: RouteSpec) => r.upload;

/** A seed of its own per route, so adding a route does not change the requests of the others. */
function routeSeed(key: string) {
  let h = SEED;
  for (const c of key) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

/** The route's path with real fixtures in its parameters, so a gate bypass would reach data. */
function filledPath(route: RouteSpec) {
  let path = route.path;
  for (const p of route.params) {
    const value = p.schema.enum?.length
      ? String(p.schema.enum[0])
      : p.schema.pattern === REGION_PATTERN
        ? world.regionA.street
        : world.pools[poolForId(segmentBefore(route.path, p.name))][0];
    path = path.replace(`:${p.name}`, value);
  }
  return path;
}

/** `runs` requests per route, interleaved so the routes take turns on the evolving database. */
function generate(selected: RouteSpec[], runs: number): RequestSpec[] {
  const perRoute = selected.map((r) => fc.sample(requestArb(r, isUpload(r)), { seed: routeSeed(r.key), numRuns: runs }));
  const out: RequestSpec[] = [];
  for (let i = 0; i < runs; i++) for (const list of perRoute) out.push(list[i]);
  return out;
}

beforeAll(async () => {
  // 'warn': the line of an input only the database refused (runner.ts databaseRefusal) is logged there.
  t = await buildTestAppWithLog('warn');
  world = await buildWorld(t);
  routes = routeSpecs(t.app);
  permitted = await permittedActors(t, world, routes);
});
afterAll(async () => {
  const total = writes.requests + reads.requests + gateRequests;
  const fives = writes.count('5xx') + reads.count('5xx');
  console.info(
    `fuzz: ${total} requests over ${writes.routes.size} write routes and ${reads.routes.size} read routes ` +
      `(seed ${SEED}, ${RUNS} runs), ${fives} × 5xx, ${writes.count('refused but changed')} × refused-but-changed, ` +
      `${writes.count('database refused') + reads.count('database refused')} × refused by the database, ` +
      `${writes.count('untranslated refusal') + reads.count('untranslated refusal')} × refused in no words of the user's`,
  );
  if (process.env.FUZZ_VERBOSE) console.info(`${writes.histogram()}\n${reads.histogram()}`);
  await t?.close();
});

describe('fuzz', () => {
  it('derives every route from the app, each reachable by an actor of the world', () => {
    expect(world.setupProblems, 'building the fixtures').toEqual([]);
    expect(routes.length).toBeGreaterThan(30);
    const undocumented = routes.filter((r) => !r.documented).map((r) => r.key);
    expect(undocumented, 'routes the OpenAPI document does not describe').toEqual([]);
    const unreachable = routes.filter((r) => !permitted.get(r.key)?.length).map((r) => r.key);
    expect(unreachable, 'routes no actor of the world may call: add one holding the permission').toEqual([]);
    expect(routes.filter(isUpload).map((r) => r.key).sort()).toEqual(['POST /api/files', 'POST /api/registry/import/:kind', 'POST /api/volunteers/import']);
  });

  it('answers every hostile write with < 500, and a refused one changes no table', { timeout: 600_000 }, async () => {
    const selected = routes.filter(isWrite);
    await runRequests(generate(selected, RUNS), { t, world, ledger: writes, permitted, checkUnchanged: true });
    expect(writes.routes.size).toBe(selected.length);
    expect(writes.violations.size, writes.report(SEED)).toBe(0);
  });

  it('answers every hostile read (query strings, path parameters) with < 500', { timeout: 600_000 }, async () => {
    const selected = routes.filter((r) => !isWrite(r));
    await runRequests(generate(selected, Math.ceil(RUNS / 2)), { t, world, ledger: reads, permitted, checkUnchanged: false });
    expect(reads.routes.size).toBe(selected.length);
    expect(reads.violations.size, reads.report(SEED)).toBe(0);
  });

  it('keeps every protected route behind the sign-in gate however its path is spelled', async () => {
    const before = await dbSnapshot(t.db);
    const letThrough: string[] = [];
    for (const route of routes.filter((r) => permitted.get(r.key)?.[0] !== null)) {
      for (const url of new Set(fc.sample(pathVariant(filledPath(route)), { seed: routeSeed(`gate ${route.key}`), numRuns: 8 }))) {
        const res = await t.app.inject({ method: route.method, url, ...(route.method === 'GET' ? {} : { payload: {} }) });
        gateRequests++;
        if (res.statusCode < 400 || res.statusCode >= 500) letThrough.push(`${route.method} ${url} (anonymous) → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(letThrough, 'anonymous requests that got past the gate or failed').toEqual([]);
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });
});
