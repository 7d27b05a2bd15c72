/**
 * Sign-in failures lock one (account, client address) pair, not the account: an attacker cannot
 * lock the owner out. Unknown names, inactive accounts and wrong passwords answer alike and cost
 * alike, so sign-in does not tell which names exist.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from './users.factories.js';
import { loginAttempts, users } from '../../core/core.tables.js';
import { loadEnv, parseEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { admitAttempt, attemptLogin, dummyPasswordHash, IP_FAILURE_LIMIT, LOCK_AFTER_FAILURES } from './auth.service.js';
import { clientKey } from '../../core/client-key.js';
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

  it('reads TRUST_PROXY as off by default or a list of proxies, and refuses "true" and hop counts', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe(false);
    // "true" takes the left-most X-Forwarded-For entry, which the client writes behind an appending proxy.
    expect(parseEnv({ TRUST_PROXY: 'true' })).toMatchObject({ ok: false, problems: [expect.stringContaining('TRUST_PROXY')] });
    expect(parseEnv({ TRUST_PROXY: '2' })).toMatchObject({ ok: false });
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
      // An appending proxy passes on what the client wrote in front: the client is the entry the proxy added.
      await login(proxied.app, 'forged.name', 'x', '10.8.0.2', { 'x-forwarded-for': '198.18.7.1, 203.0.113.50' });
      expect(await recordedIp(proxied.db, 'forged.name')).toBe('203.0.113.50');
      // A client that is not the trusted proxy cannot name another address.
      await login(proxied.app, 'direct.name', 'x', '10.8.0.3', { 'x-forwarded-for': '203.0.113.9' });
      expect(await recordedIp(proxied.db, 'direct.name')).toBe('10.8.0.3');
    } finally {
      await proxied.close();
    }
  });
});

describe('attempts sent together', () => {
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'signed in',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );

  it('checks at most LOCK_AFTER_FAILURES passwords of one account from one address, however many arrive at once', async () => {
    const u = await staff();
    const ip = nextIp();
    const verify = vi.fn(async () => false);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => refusal(attemptLogin(t.db, { username: u.username, password: `guess${i}`, ip }, verify))),
    );
    expect(verify).toHaveBeenCalledTimes(LOCK_AFTER_FAILURES);
    // Attempts on a locked pair still count against the address, so the last ones meet its limit.
    expect(answers.filter((a) => !['login_failed', 'login_locked', 'rate_limited'].includes(a))).toEqual([]);
    // The right password is refused from there, and accepted from elsewhere.
    expect(['login_locked', 'rate_limited']).toContain(await refusal(attemptLogin(t.db, { username: u.username, password: PASSWORD, ip })));
    expect(await refusal(attemptLogin(t.db, { username: u.username, password: PASSWORD, ip: nextIp() }))).toBe('signed in');
  });

  it('checks at most IP_FAILURE_LIMIT passwords from one address across many names at once', async () => {
    const u = await staff();
    const ip = nextIp();
    const verify = vi.fn(async () => false);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => refusal(attemptLogin(t.db, { username: `together.${i}`, password: 'guess', ip }, verify))),
    );
    expect(verify).toHaveBeenCalledTimes(IP_FAILURE_LIMIT);
    expect(answers.filter((a) => a === 'rate_limited')).toHaveLength(100 - IP_FAILURE_LIMIT);
    expect(await refusal(attemptLogin(t.db, { username: u.username, password: PASSWORD, ip }))).toBe('rate_limited');
    expect(await refusal(attemptLogin(t.db, { username: u.username, password: PASSWORD, ip: nextIp() }))).toBe('signed in');
  });

  // attemptLogin queues one client's attempts in this process; the advisory lock is what orders
  // them across instances, so it is tried here without the queue.
  it('admits at most LOCK_AFTER_FAILURES attempts of a pair and IP_FAILURE_LIMIT of a client, however many race for the lock', async () => {
    const ip = clientKey(nextIp());
    const pair = await Promise.all(Array.from({ length: 40 }, () => admitAttempt(t.db, 'racing.pair', ip)));
    expect(pair.filter((a) => 'attemptId' in a)).toHaveLength(LOCK_AFTER_FAILURES);
    const other = clientKey(nextIp());
    const names = await Promise.all(Array.from({ length: 60 }, (_, i) => admitAttempt(t.db, `racing.${i}`, other)));
    expect(names.filter((a) => 'attemptId' in a)).toHaveLength(IP_FAILURE_LIMIT);
  });

  it('over HTTP: guesses sent together lock the address, then even the right password is refused there', async () => {
    const u = await staff();
    const ip = nextIp();
    // Fewer than the address limit, so every refusal past the first few is the account's lock.
    const answers = await Promise.all(Array.from({ length: IP_FAILURE_LIMIT - 2 }, (_, i) => login(t.app, u.username, `guess${i}`, ip)));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThan(LOCK_AFTER_FAILURES);
    expect(statuses.filter((s) => s !== 401 && s !== 423)).toEqual([]);
    expect((await login(t.app, u.username, PASSWORD, ip)).statusCode).toBe(423);
    expect((await login(t.app, u.username, PASSWORD, nextIp())).statusCode).toBe(200);
  });
});

describe('IPv6 clients, counted by their /64', () => {
  const recordedIps = async (username: string) =>
    (await t.db.select({ ip: loginAttempts.ip }).from(loginAttempts).where(eq(loginAttempts.username, username))).map((r) => r.ip);

  it('locks an account for the whole /64 its guesses came from, not for the next /64', async () => {
    const u = await staff();
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) {
      expect((await login(t.app, u.username, 'guess', `2001:db8:a:b::${i}`)).statusCode).toBe(401);
    }
    expect((await login(t.app, u.username, 'guess', '2001:db8:a:b:ffff:ffff:ffff:fffe')).statusCode).toBe(423);
    expect((await login(t.app, u.username, PASSWORD, '2001:0db8:000a:000b::99')).statusCode).toBe(423);
    expect((await login(t.app, u.username, PASSWORD, '2001:db8:a:c::1')).statusCode).toBe(200);
    expect(new Set(await recordedIps(u.username))).toEqual(new Set(['2001:db8:a:b::/64', '2001:db8:a:c::/64']));
  });

  it('gives two addresses of one /64 one per-address limit', async () => {
    const u = await staff();
    for (let i = 0; i < IP_FAILURE_LIMIT; i++) {
      const address = i % 2 ? `2001:db8:1:1::${i}` : `2001:db8:1:1:${i}::abcd`;
      expect((await login(t.app, `v6.ghost${i}`, 'bad', address)).statusCode).toBe(401);
    }
    expect((await login(t.app, u.username, PASSWORD, '2001:db8:1:1:dead:beef::1')).statusCode).toBe(429);
    expect((await login(t.app, u.username, PASSWORD, '2001:db8:1:2::1')).statusCode).toBe(200);
  });

  it('counts an IPv4 client behind an IPv4-mapped address as that IPv4 address', async () => {
    const u = await staff();
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) expect((await login(t.app, u.username, 'guess', '::ffff:198.51.100.20')).statusCode).toBe(401);
    expect((await login(t.app, u.username, 'guess', '198.51.100.20')).statusCode).toBe(423);
    expect(new Set(await recordedIps(u.username))).toEqual(new Set(['198.51.100.20']));
  });
});

describe('an administrator lifting a lock', () => {
  const lockFrom = async (username: string, ip: string) => {
    for (let i = 1; i <= LOCK_AFTER_FAILURES; i++) await login(t.app, username, 'guess', ip);
    expect((await login(t.app, username, PASSWORD, ip)).statusCode).toBe(423);
  };

  it('shows the lock in the user list, and a password reset lifts it from every address', async () => {
    const official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
    const u = await staff();
    const [first, second] = [nextIp(), nextIp()];
    const listed = async () => (await official.get(`/api/users?q=${u.username}`)).json().items[0];
    expect((await listed()).lockedUntil).toBeNull();
    await lockFrom(u.username, first);
    await lockFrom(u.username, second);
    const until = new Date((await listed()).lockedUntil).getTime();
    expect(until).toBeGreaterThan(Date.now() + 13 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 15 * 60_000);

    const reset = await official.patch(`/api/users/${u.id}`, { password: 'NewPassw0rd1' });
    expect(reset.status, reset.body).toBe(200);
    expect(reset.json().lockedUntil).toBeNull();
    expect((await listed()).lockedUntil).toBeNull();
    expect((await login(t.app, u.username, 'NewPassw0rd1', first)).statusCode).toBe(200);
    expect((await login(t.app, u.username, 'NewPassw0rd1', second)).statusCode).toBe(200);
  });

  it('a re-activation lifts the lock too; other edits leave it', async () => {
    const official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
    const u = await staff();
    const ip = nextIp();
    await lockFrom(u.username, ip);
    expect((await official.patch(`/api/users/${u.id}`, { displayName: '改个名字', active: true })).json().lockedUntil).not.toBeNull();
    expect((await login(t.app, u.username, PASSWORD, ip)).statusCode).toBe(423);
    expect((await official.patch(`/api/users/${u.id}`, { active: false })).status).toBe(200);
    expect((await official.patch(`/api/users/${u.id}`, { active: true })).json().lockedUntil).toBeNull();
    expect((await login(t.app, u.username, PASSWORD, ip)).statusCode).toBe(200);
  });
});
