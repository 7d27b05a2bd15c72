/**
 * Every message names its field in words, in all three languages, and every message key the code
 * uses exists. The field paths come from the app itself (the OpenAPI document lists every body,
 * query and path property of every route) and from the services' own `field:` / `invalidField(…)`
 * problems; a field added without a label fails here with the list of what is missing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../src/errors.js';
import { catalogue, describeField, fieldLabel, LOCALES, translate, type Locale } from '../src/i18n/index.js';
import { buildTestApp, signIn, type Agent, type TestApp } from './build-app.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_DIRS = ['server/src', 'shared'];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield path;
  }
}

const sources = SOURCE_DIRS.flatMap((dir) =>
  [...sourceFiles(join(ROOT, dir))].map((path) => ({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') })),
);

/** Every `pattern` match's group 2 (the quoted literal), with the file it came from. */
function literals(pattern: RegExp) {
  const out: { value: string; file: string }[] = [];
  for (const { file, text } of sources) for (const m of text.matchAll(pattern)) out.push({ value: m[2], file });
  return out;
}

/** A field path written in code: `grants.${i}.regionCode` → `grants.0.regionCode`; unresolvable ones are dropped. */
function staticPath(written: string): string | null {
  const path = written.replace(/\$\{(i|index)\}/g, '0').replace(/^\$\{prefix\}/, '');
  return /^[A-Za-z_][\w]*(\.(\d+|[A-Za-z_]\w*))*$/.test(path) ? path : null;
}

type OpenApiSchema = {
  $ref?: string;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
};
type OpenApiDocument = {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: OpenApiSchema }> } }>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
};

/** The path of every property a request body can hold: `grants`, `grants.0`, `grants.0.role`. */
function bodyPaths(doc: OpenApiDocument, schema: OpenApiSchema | undefined, prefix: string, out: Set<string>, depth = 0) {
  if (!schema || depth > 10) return;
  if (schema.$ref) return bodyPaths(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!], prefix, out, depth + 1);
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    bodyPaths(doc, alternative, prefix, out, depth + 1);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.add(path);
    bodyPaths(doc, property, path, out, depth + 1);
  }
  if (schema.items && prefix) {
    out.add(`${prefix}.0`);
    bodyPaths(doc, schema.items, `${prefix}.0`, out, depth + 1);
  }
}

/** Field path → where it comes from (the first route or source file that names it). */
function requestFields(doc: OpenApiDocument): Map<string, string> {
  const fields = new Map<string, string>([['', 'a request body that is not an object']]);
  for (const [route, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const where = `${method.toUpperCase()} ${route}`;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'header' && parameter.in !== 'cookie' && !fields.has(parameter.name)) fields.set(parameter.name, `${where} (${parameter.in})`);
      }
      const paths = new Set<string>();
      for (const { schema } of Object.values(operation.requestBody?.content ?? {})) bodyPaths(doc, schema, '', paths);
      for (const path of paths) if (!fields.has(path)) fields.set(path, `${where} (body)`);
    }
  }
  for (const { value, file } of literals(/\b(?:field:\s*|invalidField\(\s*)(['`])([^'`]+)\1/g)) {
    const path = staticPath(value);
    if (path && !fields.has(path)) fields.set(path, file);
  }
  return fields;
}

/** What makes a label unfit to show: a catalogue entry it lacks, or an identifier left in it. */
function labelFaults(locale: Locale, path: string): string[] {
  const { label, missing } = describeField(locale, path);
  const faults = missing.map((key) => `no ${key}`);
  if (!label.trim()) faults.push('empty label');
  const identifiers = path.split('.').filter((s) => /[A-Za-z]/.test(s));
  if (locale === 'en') {
    if (/[a-z][A-Z]|[_.]/.test(label) || identifiers.includes(label)) faults.push(`label "${label}" reads as an identifier`);
  } else if (/[A-Za-z]/.test(label)) {
    faults.push(`label "${label}" contains Latin letters`);
  }
  return faults;
}

function flatten(node: unknown, prefix = '', out = new Map<string, unknown>()) {
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(',');

let t: TestApp;
let admin: Agent;
let regionsA: Awaited<ReturnType<typeof makeRegionTree>>;

beforeAll(async () => {
  t = await buildTestApp();
  regionsA = await makeRegionTree(t.db);
  const user = await makeUser(t.db, [{ role: 'platform_admin', regionCode: regionsA.city }]);
  admin = await signIn(t.app, user.username, PASSWORD);
});
afterAll(async () => {
  await t?.close();
});

describe('the catalogues (CI check: run with the unit tests)', () => {
  it('labels every field a caller can send, in words, in zh-CN, en and zh-TW', () => {
    const fields = requestFields(t.app.swagger() as unknown as OpenApiDocument);
    // Guards the walk itself: nested bodies, array items and both kinds of parameters are reached.
    for (const path of ['grants.0.regionCode', 'attachmentIds.0', 'changes.venue', 'memberId', 'pageSize', 'file']) {
      expect(fields.has(path), `field walk missed ${path}`).toBe(true);
    }
    const missing: string[] = [];
    for (const [path, where] of fields) {
      for (const locale of LOCALES) {
        const faults = labelFaults(locale, path);
        if (faults.length) missing.push(`${locale} "${path}" (${where}): ${faults.join('; ')}`);
      }
    }
    expect(missing, `fields without a proper label (add them under fields in server/src/i18n/*.ts):\n${missing.join('\n')}`).toEqual([]);
  });

  it('holds every problem key the code uses, in all three languages', () => {
    const used = [
      ...literals(/\bproblem:\s*(['`])([a-z][a-z0-9_]*)\1/g),
      ...literals(/\binvalidField\([^,()]+,\s*(['`])([a-z][a-z0-9_]*)\1/g),
      // A schema's message names its problem (`{ message: 'month_format' }`, addIssue({ message: 'date_range' })).
      ...literals(/\bmessage:\s*(')([a-z][a-z0-9_]*)\1/g),
    ];
    const errorsPlugin = readFileSync(join(ROOT, 'server/src/plugins/errors.ts'), 'utf8');
    const zodCodes = /KNOWN_PROBLEMS = new Set\(\[([^\]]*)\]/.exec(errorsPlugin)?.[1] ?? '';
    for (const m of zodCodes.matchAll(/'([a-z_]+)'/g)) used.push({ value: m[1], file: 'server/src/plugins/errors.ts' });
    // Problems built from a prefix and a validator's verdict (`uscc_${problem}`): the prefix must have messages.
    const prefixes = literals(/\bproblem:\s*(`)([a-z_]+)\$\{/g);
    const missing: string[] = [];
    for (const locale of LOCALES) {
      const problems = catalogue(locale).problems as Record<string, string>;
      for (const { value, file } of used) {
        if (!Object.hasOwn(problems, value)) missing.push(`${locale} problems.${value} (used in ${file})`);
      }
      for (const { value, file } of prefixes) {
        if (!Object.keys(problems).some((k) => k.startsWith(value))) missing.push(`${locale} problems.${value}* (used in ${file})`);
      }
    }
    expect(used.length).toBeGreaterThan(20);
    expect([...new Set(missing)], `problem keys missing:\n${[...new Set(missing)].join('\n')}`).toEqual([]);
  });

  it('holds a message for every error code, in all three languages', () => {
    const missing = LOCALES.flatMap((locale) =>
      Object.keys(ERROR_STATUS)
        .filter((code) => translate(locale, `errors.${code}`) === `errors.${code}`)
        .map((code) => `${locale} errors.${code}`),
    );
    expect(missing, `error messages missing:\n${missing.join('\n')}`).toEqual([]);
  });

  it('has the same keys and placeholders in zh-CN, en and zh-TW', () => {
    const reference = flatten(catalogue('zh-CN'));
    const faults: string[] = [];
    for (const locale of LOCALES) {
      const other = flatten(catalogue(locale));
      for (const [key, value] of other) {
        if (typeof value !== 'string' || !value.trim()) faults.push(`${locale} ${key}: empty`);
        if (!reference.has(key)) faults.push(`${locale} ${key}: not in zh-CN`);
      }
      for (const [key, value] of reference) {
        if (!other.has(key)) faults.push(`${locale} ${key}: missing`);
        else if (placeholders(other.get(key)) !== placeholders(value)) {
          faults.push(`${locale} ${key}: placeholders {${placeholders(other.get(key))}} differ from zh-CN {${placeholders(value)}}`);
        }
      }
    }
    expect(faults, faults.join('\n')).toEqual([]);
  });
});

describe('nested field labels', () => {
  it('names an array item and the field inside it', () => {
    expect(fieldLabel('zh-CN', 'grants.0.regionCode')).toBe('第 1 条授权的所属区划');
    expect(fieldLabel('en', 'grants.0.regionCode')).toBe('Grant 1: Region');
    expect(fieldLabel('zh-TW', 'grants.0.regionCode')).toBe('第 1 筆授權的所屬區劃');
    expect(fieldLabel('zh-CN', 'members.2.phone')).toBe('第 3 位成员的电话');
    expect(fieldLabel('en', 'members.2.phone')).toBe('Member 3: Phone');
    expect(fieldLabel('zh-TW', 'members.2.phone')).toBe('第 3 位成員的電話');
    expect(fieldLabel('zh-CN', 'attachmentIds.0')).toBe('第 1 个附件');
    expect(fieldLabel('en', 'attachmentIds.1')).toBe('Attachment 2');
    expect(fieldLabel('zh-CN', 'changes.venue')).toBe('变更后的活动场地');
    expect(fieldLabel('zh-CN', '')).toBe('提交的内容');
    expect(fieldLabel('zh-CN', 'body')).toBe('提交的内容');
  });

  it('never shows an identifier for an unknown field, and ignores inherited names', () => {
    expect(describeField('zh-CN', 'noSuchField')).toEqual({ label: '此项', missing: ['fields.noSuchField'] });
    expect(describeField('zh-CN', 'constructor').label).toBe('此项');
    // Database columns (reported by a refused insert) name the same fields in snake_case.
    expect(fieldLabel('zh-CN', 'leader_phone')).toBe('负责人电话');
  });

  it('answers a nested body field in the caller\'s language', async () => {
    const body = {
      username: 'labels_user',
      displayName: '标签',
      password: 'Passw0rd1',
      homeRegionCode: regionsA.street,
      grants: [{ role: 'official', regionCode: '12345' }],
    };
    const expected: Record<Locale, RegExp> = {
      'zh-CN': /^第 1 条授权的所属区划\S/,
      en: /^Grant 1: Region /,
      'zh-TW': /^第 1 筆授權的所屬區劃\S/,
    };
    for (const locale of LOCALES) {
      const res = await admin.post('/api/users', body, { 'accept-language': locale });
      expect(res.status, res.body).toBe(400);
      const problem = res.json().error.fields.find((f: { field: string }) => f.field === 'grants.0.regionCode');
      expect(problem?.message, res.body).toMatch(expected[locale]);
    }
  });

  it('keeps a schema\'s own problem: a refine\'s "required" and a regex\'s "month_format"', async () => {
    const someId = '00000000-0000-4000-8000-000000000000';
    const change = await admin.post(`/api/registry/organizations/${someId}/filing/change`, { changes: {} });
    expect(change.status, change.body).toBe(400);
    expect(change.json().error.fields).toEqual([{ field: 'changes', problem: 'required', message: '变更内容为必填项' }]);

    const month = await admin.get('/api/registry/compliance?month=2024-13', { 'accept-language': 'en' });
    expect(month.status, month.body).toBe(400);
    expect(month.json().error.fields).toEqual([{ field: 'month', problem: 'month_format', message: 'Month must be a month as YYYY-MM' }]);
  });

  it('names the whole body when it is not JSON', async () => {
    const res = await admin.post('/api/auth/password', '{not json', { 'content-type': 'application/json' });
    expect(res.status, res.body).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'body', problem: 'invalid_format', message: '提交的内容格式不正确' }]);
  });
});

describe('requests no route answers', () => {
  it('answers an unknown /api address with 404 route_not_found in the caller\'s language', async () => {
    const expected: Record<Locale, string> = { 'zh-CN': '未找到该接口', en: 'No such endpoint', 'zh-TW': '找不到該介面' };
    for (const locale of LOCALES) {
      const res = await t.app.inject({ method: 'GET', url: '/api/no-such-thing', headers: { 'accept-language': locale } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'route_not_found', message: expected[locale], fields: [] } });
    }
    // A method the address does not take is the same: no such endpoint.
    const wrongMethod = await t.app.inject({ method: 'DELETE', url: '/api/auth/login' });
    expect(wrongMethod.statusCode).toBe(404);
    expect(wrongMethod.json().error).toEqual({ code: 'route_not_found', message: '未找到该接口', fields: [] });
  });

  it('answers a path part longer than the router takes with 414 in the error shape', async () => {
    const url = `/api/registry/organizations/${'a'.repeat(200)}`;
    const res = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'zh-TW' } });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ error: { code: 'uri_too_long', message: translate('zh-TW', 'errors.uri_too_long'), fields: [] } });
  });

  it('answers a broken percent-encoding in the path with 400 in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/registry/organizations/%E0%A4%A', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'bad_request', message: translate('en', 'errors.bad_request'), fields: [] } });
  });

  describe('over a real socket (what Node\'s HTTP parser refuses before Fastify sees it)', () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });

    /** One request on a fresh connection; the server closes it after answering. */
    function get(path: string, headers: Record<string, string> = {}) {
      return new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
        });
        req.on('error', reject);
        req.end();
      });
    }

    it('answers a 100 000-character address with 414 and a JSON error', async () => {
      const res = await get(`/api/registry/organizations?q=${'a'.repeat(100_000)}`);
      expect(res.status).toBe(414);
      expect(res.type).toMatch(/^application\/json/);
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'uri_too_long', message: translate('zh-CN', 'errors.uri_too_long'), fields: [] } });
    });

    it('answers headers beyond the limit with 431 and a JSON error in the language asked for', async () => {
      const res = await get('/api/health', { 'accept-language': 'en', 'x-filler': 'a'.repeat(20_000) });
      expect(res.status).toBe(431);
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'headers_too_large', message: translate('en', 'errors.headers_too_large'), fields: [] } });
    });

    it('still answers ordinary requests on the same server', async () => {
      const res = await get('/api/health');
      expect(res.status).toBe(200);
    });
  });
});
