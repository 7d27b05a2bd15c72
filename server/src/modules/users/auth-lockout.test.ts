/**
 * Sign-in failures lock one (account, client address) pair, not the account: an attacker cannot
 * lock the owner out. Unknown names, inactive accounts and wrong passwords answer alike and cost
 * alike, so sign-in does not tell which names exist.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree, makeUser, PASSWORD } from '../../../test/factories.js';
import { loginAttempts, users } from '../../core/core.tables.js';
import { loadEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { attemptLogin, dummyPasswordHash, LOCK_AFTER_FAILURES } from './auth.service.js';
import { verifyPassword } from './password.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let ipSerial = 0;
/** A fresh client address per use, so no test shares another's counters. */
const nextIp = () => `10.9.${Math.floor(++ipSerial / 250)}.${ipSerial % 250}`;

const login = (app: TestApp['app'], username: string, password: string, ip: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, headers });
const staff = () => makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
});
afterAll(() => t.close());

describe('locking per account and address', () => {
  it('an attacker failing from one address does not stop the owner signing in from another', async () => {
    const owner = await staff();
    const attacker = nextIp();
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) expect((await login(t.app, owner.username, 'guess', attacker)).statusCode).toBe(401);
    const fifth = await login(t.app, owner.username, 'guess', attacker);
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.message).toContain('15 分钟');
    expect((await login(t.app, owner.username, 'guess', attacker)).statusCode).toBe(423);
    // Even the right password stays refused from the locked address…
    expect((await login(t.app, owner.username, PASSWORD, attacker)).statusCode).toBe(423);
    // …but the owner, elsewhere, signs in.
    const ownerLogin = await login(t.app, owner.username, PASSWORD, nextIp());
    expect(ownerLogin.statusCode, ownerLogin.body).toBe(200);
    const [row] = await t.db.select().from(users).where(eq(users.id, owner.id));
    expect(row.lockedUntil).toBeNull();
  });

  it('a successful sign-in starts the address count afresh', async () => {
    const u = await staff();
    const ip = nextIp();
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) expect((await login(t.app, u.username, 'typo', ip)).statusCode).toBe(401);
    expect((await login(t.app, u.username, PASSWORD, ip)).statusCode).toBe(200);
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) expect((await login(t.app, u.username, 'typo', ip)).statusCode).toBe(401);
  });
});

describe('answers that do not tell which names exist', () => {
  it('an unknown name, an inactive account and a wrong password get the same status and body, locked or not', async () => {
    const known = await staff();
    const inactive = await staff();
    await t.db.update(users).set({ active: false }).where(eq(users.id, inactive.id));
    const tries = [
      { username: known.username, password: 'wrong-one', ip: nextIp() },
      { username: 'nobody.by.this.name', password: 'wrong-one', ip: nextIp() },
      { username: inactive.username, password: PASSWORD, ip: nextIp() },
    ];
    for (let i = 1; i <= LOCK_AFTER_FAILURES + 1; i++) {
      const answers = await Promise.all(tries.map((x) => login(t.app, x.username, x.password, x.ip)));
      const [first, ...rest] = answers.map((r) => ({ status: r.statusCode, body: r.json() }));
      expect(first.status).toBe(i < LOCK_AFTER_FAILURES ? 401 : 423);
      for (const other of rest) expect(other, `attempt ${i}`).toEqual(first);
    }
  });

  it('verifies a password hash of the same cost when the name is unknown or the account inactive', async () => {
    const known = await staff();
    const inactive = await staff();
    await t.db.update(users).set({ active: false }).where(eq(users.id, inactive.id));
    const dummy = await dummyPasswordHash();
    // Same algorithm and parameters as the stored hashes, so the same work.
    const params = (hash: string) => hash.split('$').slice(0, 4).join('$');
    expect(params(dummy)).toBe(params(known.passwordHash));
    expect(params(dummy)).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);

    for (const [username, password, hash] of [
      ['no.such.user', 'whatever1', dummy],
      [inactive.username, PASSWORD, inactive.passwordHash],
      [known.username, 'wrong-one', known.passwordHash],
    ] as const) {
      const verify = vi.fn(verifyPassword);
      const error = await attemptLogin(t.db, { username, password, ip: nextIp() }, verify).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('login_failed');
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify).toHaveBeenCalledWith(hash, password);
    }
  });
});

describe('the client address behind a proxy', () => {
  const recordedIp = async (db: TestApp['db'], username: string) =>
    (await db.select({ ip: loginAttempts.ip }).from(loginAttempts).where(eq(loginAttempts.username, username)))[0]?.ip;

  it('reads TRUST_PROXY as off by default, true, or a list of proxies', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadEnv({ TRUST_PROXY: '10.0.0.2, 127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.2, 127.0.0.1');
  });

  it('ignores X-Forwarded-For unless told to trust the proxy, then counts the real client', async () => {
    await login(t.app, 'spoofer.name', 'x', '10.8.0.1', { 'x-forwarded-for': '203.0.113.7' });
    expect(await recordedIp(t.db, 'spoofer.name')).toBe('10.8.0.1');

    const previous = process.env.TRUST_PROXY;
    process.env.TRUST_PROXY = '10.8.0.2';
    const proxied = await buildTestApp().finally(() => {
      if (previous === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = previous;
    });
    try {
      await login(proxied.app, 'proxied.name', 'x', '10.8.0.2', { 'x-forwarded-for': '203.0.113.8' });
      expect(await recordedIp(proxied.db, 'proxied.name')).toBe('203.0.113.8');
      // A client that is not the trusted proxy cannot name another address.
      await login(proxied.app, 'direct.name', 'x', '10.8.0.3', { 'x-forwarded-for': '203.0.113.9' });
      expect(await recordedIp(proxied.db, 'direct.name')).toBe('10.8.0.3');
    } finally {
      await proxied.close();
    }
  });
});
