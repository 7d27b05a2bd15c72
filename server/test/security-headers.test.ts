import { afterAll, beforeAll, expect, it } from 'vitest';
import { anonymous, buildTestApp, type TestApp } from './build-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('sends the security headers on every response, the API and its errors included', async () => {
  for (const url of ['/api/health', '/api/registry/organizations', '/api/no-such-route']) {
    const res = await anonymous(t.app).get(url);
    const csp = String(res.headers['content-security-policy']);
    expect(csp, url).toContain("default-src 'self'");
    expect(csp, url).toContain("script-src 'self'");
    expect(csp, url).toContain("frame-ancestors 'none'");
    expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy'], url).toBe('no-referrer');
  }
});

it('serves the API documentation under the same policy', async () => {
  const res = await anonymous(t.app).get('/api/docs/');
  expect(res.status).toBe(200);
  expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
});
