import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env.js';
import rateLimitPlugin, { SlidingWindowLimiter } from './rate-limit.js';

function parseEnvOrThrow(source: NodeJS.ProcessEnv) {
  const parsed = parseEnv(source);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.env;
}

const WINDOW = 60_000;

function limiterAt(start = 1_000_000) {
  let now = start;
  const limiter = new SlidingWindowLimiter(WINDOW, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('SlidingWindowLimiter', () => {
  it('admits up to the limit in the window, then says when the oldest hit leaves it', () => {
    const { limiter, advance } = limiterAt();
    const user = [{ key: 'user:a', limit: 2 }];
    expect(limiter.take(user)).toEqual({ ok: true });
    advance(10_000);
    expect(limiter.take(user)).toEqual({ ok: true });
    advance(5_000);
    expect(limiter.take(user)).toEqual({ ok: false, retryAfterMs: WINDOW - 15_000 });
    advance(WINDOW - 15_000);
    expect(limiter.take(user)).toEqual({ ok: true });
  });

  it('does not record a refused hit: retrying does not push the wait out', () => {
    const { limiter, advance } = limiterAt();
    const user = [{ key: 'user:a', limit: 1 }];
    limiter.take(user);
    for (let i = 0; i < 5; i++) {
      advance(1_000);
      expect(limiter.take(user).ok).toBe(false);
    }
    advance(WINDOW - 5_000);
    expect(limiter.take(user)).toEqual({ ok: true });
  });

  it('admits a hit only when every key has room, and records it under all of them', () => {
    const { limiter } = limiterAt();
    const address = { key: 'client:10.0.0.1', limit: 3 };
    expect(limiter.take([address, { key: 'user:a', limit: 2 }]).ok).toBe(true);
    expect(limiter.take([address, { key: 'user:a', limit: 2 }]).ok).toBe(true);
    // user:a is full: refused, and the address keeps its last slot for someone else.
    expect(limiter.take([address, { key: 'user:a', limit: 2 }]).ok).toBe(false);
    expect(limiter.take([address, { key: 'user:b', limit: 2 }]).ok).toBe(true);
    expect(limiter.take([address, { key: 'user:c', limit: 2 }]).ok).toBe(false);
  });

  it('forgets keys whose hits have all left the window', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 100; i++) limiter.take([{ key: `user:${i}`, limit: 1 }]);
    expect(limiter.size).toBe(100);
    advance(WINDOW + 1);
    limiter.take([{ key: 'user:late', limit: 1 }]);
    expect(limiter.size).toBe(1);
  });
});

describe('the rate-limit plugin', () => {
  const appWith = async () => {
    const app = Fastify();
    app.decorate('env', parseEnvOrThrow({}));
    await app.register(rateLimitPlugin);
    return app;
  };

  it('refuses at start-up an export or import route that declares no limit of its kind', async () => {
    const app = await appWith();
    expect(() => app.get('/api/things/export', { config: { permission: 'registry.read' } }, async () => 'x')).toThrow(
      /GET \/api\/things\/export is an export and must declare config.rateLimit: 'export'/,
    );
    expect(() => app.post('/api/things/import/:kind', { config: { permission: 'registry.import', rateLimit: 'export' } }, async () => 'x')).toThrow(
      /is an import/,
    );
    app.get('/api/things/export2', { config: { permission: 'registry.read' } }, async () => 'not an export by name');
    app.get('/api/things/import/templates', { config: { permission: 'registry.read' } }, async () => 'a download, not an import');
    app.get('/api/things/export', { config: { permission: 'registry.read', rateLimit: 'export' } }, async () => 'x');
    await app.close();
  });
});
