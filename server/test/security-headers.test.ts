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

it('behind HTTPS (COOKIE_SECURE=true) adds HSTS and upgrade-insecure-requests, and never says what serves it', async () => {
  const secure = await buildTestApp(undefined, { COOKIE_SECURE: 'true' });
  try {
    const res = await anonymous(secure.app).get('/api/health');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    expect(res.headers['x-powered-by']).toBeUndefined();
  } finally {
    await secure.close();
  }
  const plain = await anonymous(t.app).get('/api/health');
  expect(plain.headers['strict-transport-security']).toBeUndefined();
  expect(String(plain.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
});
