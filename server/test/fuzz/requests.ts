/**
 * One generated request: which route, which of the route's permitted actors, its path parameters,
 * query string and body, all symbolic until `materialise` turns them into the bytes `app.inject`
 * sends, and `describe` into the text a failure shows.
 */
import fc from 'fast-check';
import { hostileBody, paramValue, poolForId, ref, Ref, REGION_PATTERN, validish, type JsonSchema } from './from-schema.js';
import { encodeQuery, HOSTILE_HEADERS, HOSTILE_KEYS, hostileQueryValue, MALFORMED_JSON, RawJson } from './hostile.js';
import { segmentBefore, type RouteSpec } from './routes.js';
import { BOUNDARY, contentBytes, multipartBody, uploadSpec, type UploadSpec } from './uploads.js';
import { resolveRef, type World } from './world.js';

/** A value to encode, or text that goes on the wire exactly as written (broken encodings). */
export type WireValue = { value: unknown } | { raw: string };

export type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string; contentType: string }
  | { kind: 'upload'; upload: UploadSpec };

export interface RequestSpec {
  route: RouteSpec;
  /** Index into the route's permitted actors (taken modulo their number). */
  actor: number;
  params: Record<string, WireValue>;
  query: [string, WireValue][];
  body: BodySpec;
  /** Extra request headers, set after the body's content type (so they may contradict it). */
  headers: [string, string][];
  /** Sent twice at once: two requests passing the same check together (unique keys, counters). */
  twice: boolean;
}

export interface Materialised {
  method: RouteSpec['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** A client address of its own per request, so the sign-in rate limit does not end the run. */
  remoteAddress: string;
  /** What a failure message shows: enough to send the same request again. */
  shown: string;
}

const wire = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<WireValue> => arb.map((value) => ({ value }));
const rawWire = hostileQueryValue.map<WireValue>((raw) => ({ raw }));

function paramArb(route: RouteSpec, name: string, schema: JsonSchema): fc.Arbitrary<WireValue> {
  if (schema.enum?.length) return fc.oneof({ weight: 6, arbitrary: wire(fc.constantFrom(...schema.enum)) }, { weight: 1, arbitrary: wire(paramValue(schema, name)) }, { weight: 1, arbitrary: rawWire });
  const fixture = schema.pattern === REGION_PATTERN ? ref('region') : ref(poolForId(segmentBefore(route.path, name)));
  return fc.oneof(
    { weight: 10, arbitrary: wire(fixture) },
    { weight: 2, arbitrary: wire(paramValue(schema, name)) },
    { weight: 1, arbitrary: wire(fc.uuid()) },
    { weight: 1, arbitrary: wire(fc.stringMatching(/^\d{12}$/)) },
    { weight: 1, arbitrary: rawWire },
  );
}

/** Upload routes keep their query mostly valid: the hostility that matters there is in the file. */
function queryArb(route: RouteSpec, upload = false): fc.Arbitrary<[string, WireValue][]> {
  const one = (q: RouteSpec['query'][number]) =>
    fc.tuple(
      fc.constant(q.name),
      fc.oneof(
        { weight: upload ? 12 : 0, arbitrary: wire(validish(q.schema, q.name)) },
        { weight: 3, arbitrary: wire(paramValue(q.schema, q.name)) },
        { weight: 1, arbitrary: rawWire },
      ),
    );
  const required = route.query.filter((q) => q.required).map(one);
  const optional = route.query.filter((q) => !q.required).map(one);
  const chosen = fc.tuple(fc.tuple(...required), optional.length ? fc.tuple(...optional).chain((all) => fc.subarray(all)) : fc.constant([]));
  const extra = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...route.query.map((q) => q.name), ...HOSTILE_KEYS.slice(0, 4), 'q', 'regionCode', 'page'), fc.constant('a%00b')),
      rawWire,
    ),
    { maxLength: 2 },
  );
  return fc
    .tuple(chosen, fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra }))
    .map(([[req, opt], more]) => [...req, ...opt, ...more] as [string, WireValue][]);
}

function bodyArb(route: RouteSpec, upload: boolean): fc.Arbitrary<BodySpec> {
  if (route.method === 'GET') return fc.constant({ kind: 'none' });
  const json = route.body ? hostileBody(route.body) : fc.oneof(fc.constant({}), hostileBody({ type: 'object' }));
  const text = fc.record({
    kind: fc.constant('text' as const),
    text: fc.constantFrom(...MALFORMED_JSON),
    contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
  });
  const files = uploadSpec.map<BodySpec>((u) => ({ kind: 'upload', upload: u }));
  return fc.oneof(
    { weight: upload ? 1 : 12, arbitrary: json.map<BodySpec>((value) => ({ kind: 'json', value })) },
    { weight: 1, arbitrary: text },
    { weight: upload ? 12 : 1, arbitrary: files },
    { weight: 1, arbitrary: fc.constant<BodySpec>({ kind: 'none' }) },
  );
}

/** Requests for one route; `upload` routes take multipart files rather than JSON. */
export function requestArb(route: RouteSpec, upload: boolean): fc.Arbitrary<RequestSpec> {
  const params = route.params.length
    ? fc.record(Object.fromEntries(route.params.map((p) => [p.name, paramArb(route, p.name, p.schema)])))
    : fc.constant({});
  // Most write routes declare no query string: a hostile one now and then is enough there.
  const query: fc.Arbitrary<[string, WireValue][]> =
    route.method === 'GET' || route.query.length ? queryArb(route, upload) : fc.oneof({ weight: 4, arbitrary: fc.constant<[string, WireValue][]>([]) }, { weight: 1, arbitrary: queryArb(route) });
  return fc.record({
    route: fc.constant(route),
    actor: fc.nat(1_000),
    params,
    query,
    body: bodyArb(route, upload),
    headers: fc.oneof({ weight: 9, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: fc.subarray(HOSTILE_HEADERS, { minLength: 1, maxLength: 2 }) }),
    twice: route.method === 'GET' ? fc.constant(false) : fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
}

function resolveDeep(value: unknown, world: World): unknown {
  if (value instanceof Ref) return resolveRef(world, value);
  if (value instanceof RawJson || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, world));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: resolveDeep(v, world), enumerable: true });
  return out;
}

/** JSON text, with RawJson tokens (1e400, 30-digit integers) written as they are. */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
}

function wireText(v: WireValue, world: World): string {
  if ('raw' in v) return v.raw;
  const resolved = resolveDeep(v.value, world);
  return encodeQuery(typeof resolved === 'string' ? resolved : jsonText(resolved));
}

/** Long runs of one character shown as a count, so a 100k-character field fits in a message. */
export function compact(text: string, max = 1_500): string {
  const short = text.replace(/(.)\1{39,}/gsu, (run, c: string) => `${c}…(${c} ×${[...run].length})`);
  return short.length > max ? `${short.slice(0, max)}…(${short.length} chars)` : short;
}

export async function materialise(spec: RequestSpec, world: World, agent: { cookie: string; csrfToken: string } | null): Promise<Materialised> {
  let path = spec.route.path;
  for (const p of spec.route.params) path = path.replace(`:${p.name}`, wireText(spec.params[p.name], world));
  const qs = spec.query.map(([k, v]) => `${k}=${wireText(v, world)}`).join('&');
  const url = qs ? `${path}?${qs}` : path;
  const headers: Record<string, string> = agent ? { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken } : {};
  const remoteAddress = `10.${(spec.actor >> 8) & 255}.${spec.actor & 255}.1`;
  const out: Materialised = { method: spec.route.method, url, headers, remoteAddress, shown: '' };
  const body = spec.body;
  let shownBody = '';
  if (body.kind === 'json') {
    out.payload = jsonText(resolveDeep(body.value, world));
    headers['content-type'] = 'application/json';
    shownBody = `application/json ${out.payload}`;
  } else if (body.kind === 'text') {
    out.payload = body.text;
    headers['content-type'] = body.contentType;
    shownBody = `${body.contentType} ${JSON.stringify(body.text)}`;
  } else if (body.kind === 'upload') {
    const bytes = await contentBytes(body.upload.content, (r) => resolveRef(world, r));
    const { payload, contentType } = multipartBody(body.upload, bytes);
    out.payload = payload;
    headers['content-type'] = contentType;
    const content = body.upload.content;
    const what = content.kind === 'sheet' ? `sheet ${jsonText(resolveDeep(content.sheet, world))}` : content.kind === 'bytes' ? `${content.bytes.length} random bytes` : content.kind;
    shownBody = `multipart (${body.upload.shape}, boundary ${BOUNDARY}) filename=${JSON.stringify(body.upload.filename)} type=${JSON.stringify(body.upload.mime)} content: ${what}`;
  }
  for (const [name, value] of spec.headers) headers[name] = value;
  const twice = spec.twice ? ' (sent twice at once)' : '';
  const extra = spec.headers.length ? `\n  headers: ${JSON.stringify(Object.fromEntries(spec.headers))}` : '';
  out.shown = compact(`${spec.route.method} ${url}${twice}${extra}${shownBody ? `\n  body: ${shownBody}` : ''}`);
  return out;
}
