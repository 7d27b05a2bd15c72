import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import securityHeaders, { JSON_POLICY } from '../src/plugins/security-headers.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';
import { anonymous, buildTestApp, signIn, type Response, type TestApp } from './build-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Headers that act on a rendered document only: a JSON answer goes without them. */
const DOCUMENT_ONLY = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-xss-protection', 'x-permitted-cross-domain-policies'];

function expectJsonHeaders(res: Response, url: string) {
  expect(String(res.headers['content-type']), url).toMatch(/^application\/json/);
  expect(res.headers['content-security-policy'], url).toBe(JSON_POLICY);
  expect(res.headers['x-content-type-options'], url).toBe('nosniff');
  expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
  expect(res.headers['referrer-policy'], url).toBe('no-referrer');
  expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
  for (const name of DOCUMENT_ONLY) expect(res.headers[name], `${url} ${name}`).toBeUndefined();
}

function expectDocumentHeaders(res: Response, url: string) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp, url).toContain("default-src 'self'");
  expect(csp, url).toContain("script-src 'self'");
  expect(csp, url).toContain("frame-ancestors 'none'");
  expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(res.headers['x-content-type-options'], url).toBe('nosniff');
  expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
  expect(res.headers['referrer-policy'], url).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy'], url).toBe('same-origin');
  expect(res.headers['x-permitted-cross-domain-policies'], url).toBe('none');
}

it('answers JSON, errors included, with the headers that act on a response never rendered: nothing loads, nothing frames it, nothing sniffs it', async () => {
  for (const url of ['/api/health', '/api/registry/organizations', '/api/no-such-route']) {
    expectJsonHeaders(await anonymous(t.app).get(url), url);
  }
});

it('sends helmet\'s whole set with anything else: the API documentation, a sheet to download', async () => {
  const docs = await anonymous(t.app).get('/api/docs/');
  expect(docs.status).toBe(200);
  expectDocumentHeaders(docs, '/api/docs/');

  const regions = await makeRegionTree(t.db);
  const official = await makeUser(t.db, [{ role: 'official', regionCode: regions.district }]);
  const agent = await signIn(t.app, official.username, PASSWORD);
  const sheet = await agent.get('/api/registry/organizations/export');
  expect(sheet.status).toBe(200);
  expect(String(sheet.headers['content-type'])).toContain('spreadsheetml');
  expectDocumentHeaders(sheet, 'export');
});

it('leaves a header a route set itself as it is, on a document as on JSON', async () => {
  const app = Fastify();
  await app.register(securityHeaders, {});
  app.get('/page', async (_request, reply) => reply.type('text/html').header('referrer-policy', 'same-origin').send('<p>hi</p>'));
  app.get('/data', async (_request, reply) => reply.header('referrer-policy', 'same-origin').send({ ok: true }));
  try {
    const page = await app.inject({ url: '/page' });
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(page.headers['x-dns-prefetch-control']).toBe('off');
    const data = await app.inject({ url: '/data' });
    expect(data.headers['referrer-policy']).toBe('same-origin');
    expect(data.headers['content-security-policy']).toBe(JSON_POLICY);
    expect(data.headers['x-dns-prefetch-control']).toBeUndefined();
  } finally {
    await app.close();
  }
});

it('behind HTTPS (COOKIE_SECURE=true) adds HSTS to every answer and upgrade-insecure-requests to documents, and never says what serves it', async () => {
  const secure = await buildTestApp(undefined, { COOKIE_SECURE: 'true' });
  try {
    const res = await anonymous(secure.app).get('/api/health');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    const docs = await anonymous(secure.app).get('/api/docs/');
    expect(docs.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(docs.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  } finally {
    await secure.close();
  }
  const plain = await anonymous(t.app).get('/api/health');
  expect(plain.headers['strict-transport-security']).toBeUndefined();
  const plainDocs = await anonymous(t.app).get('/api/docs/');
  expect(String(plainDocs.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
});
